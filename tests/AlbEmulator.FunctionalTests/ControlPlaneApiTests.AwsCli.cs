using System.Diagnostics;
using System.Text.Json;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Runs the real aws CLI (<c>/usr/bin/aws</c>, Debian's awscli 2.9.19; a pyenv shim may come first on
/// PATH) against the emulator's admin endpoint with test credentials and no config files (toolchain §5).
/// </summary>
internal sealed class AwsCli
{
    public const string Path = "/usr/bin/aws";

    private readonly Uri _endpoint;
    private readonly string _accessKeyId;
    private readonly string _secretAccessKey;

    public AwsCli(Uri endpoint, string accessKeyId = "test", string secretAccessKey = "test")
    {
        _endpoint = endpoint;
        _accessKeyId = accessKeyId;
        _secretAccessKey = secretAccessKey;
    }

    /// <summary>Runs <c>aws elbv2 ARGS --output json</c>; asserts exit 0 and returns the parsed output (null when it printed nothing).</summary>
    public async Task<JsonElement?> Elbv2Async(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await RunAsync(arguments);
        Assert.True(exitCode == 0, $"aws elbv2 {string.Join(' ', arguments)} exited {exitCode}: {stderr}");
        return string.IsNullOrWhiteSpace(stdout) ? null : JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>Runs a call that must fail; returns the error code from <c>An error occurred (CODE)</c> (exit code 254).</summary>
    public async Task<string> Elbv2ErrorAsync(params string[] arguments)
    {
        var (exitCode, _, stderr) = await RunAsync(arguments);
        Assert.True(exitCode == 254, $"aws elbv2 {string.Join(' ', arguments)} exited {exitCode}, expected 254: {stderr}");
        var start = stderr.IndexOf("An error occurred (", StringComparison.Ordinal);
        Assert.True(start >= 0, stderr);
        start += "An error occurred (".Length;
        return stderr[start..stderr.IndexOf(')', start)];
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments)
    {
        Assert.True(File.Exists(Path), "The aws CLI is missing: apt-get install awscli (.ci/run installs it).");
        var info = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["elbv2", .. arguments, "--endpoint-url", _endpoint.ToString().TrimEnd('/'), "--output", "json"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["AWS_ACCESS_KEY_ID"] = _accessKeyId;
        info.Environment["AWS_SECRET_ACCESS_KEY"] = _secretAccessKey;
        info.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        info.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        info.Environment["AWS_PAGER"] = "";

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + Path);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aws elbv2 {string.Join(' ', arguments)} did not finish in time.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
