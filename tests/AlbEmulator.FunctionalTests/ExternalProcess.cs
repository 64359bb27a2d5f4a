using System.Diagnostics;

namespace AlbEmulator.FunctionalTests;

/// <summary>Runs a program (curl, the real host) to completion with a deadline and captures its output.</summary>
internal static class ExternalProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in time.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>curl's <c>%{http_version}</c> for one request (-s, -k, body discarded).</summary>
    public static async Task<string> CurlHttpVersionAsync(params string[] arguments)
    {
        var (_, stdout, _) = await RunAsync("curl", ["-sk", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_version}", .. arguments]);
        return stdout.Trim();
    }
}
