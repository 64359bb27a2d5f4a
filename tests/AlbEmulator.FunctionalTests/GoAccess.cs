using System.Diagnostics;
using System.Text.Json;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Runs goaccess with its built-in <c>--log-format=AWSALB</c> over a log file and returns how many lines it
/// accepted and rejected. goaccess is installed by .ci/run (apt package <c>goaccess</c>); a missing binary
/// fails the test, it never skips it.
/// </summary>
internal static class GoAccess
{
    public static async Task<(int Valid, int Failed)> ParseAsync(string logPath, string reportDirectory)
    {
        var goaccess = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "goaccess"))
            .FirstOrDefault(File.Exists);
        Assert.True(goaccess is not null, "goaccess is not installed: .ci/run installs it (apt-get install goaccess).");

        var report = Path.Combine(reportDirectory, "goaccess-" + Guid.NewGuid().ToString("N") + ".json");
        var start = new ProcessStartInfo(goaccess!, [logPath, "--log-format=AWSALB", "--no-global-config", "-o", report])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, "goaccess failed: " + await stderr);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var general = json.RootElement.GetProperty("general");
        return (general.GetProperty("valid_requests").GetInt32(), general.GetProperty("failed_requests").GetInt32());
    }
}
