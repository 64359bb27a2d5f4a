using AlbEmulator.Tests.Common;

namespace AlbEmulator.SdkTests;

/// <summary>Runs a client script (python3 with Debian's boto3, node with the JS SDK) and returns its exit code and output.</summary>
internal static class ExternalScript
{
    /// <summary>No AWS config from the machine; the clients get test credentials from the scripts.</summary>
    private static readonly KeyValuePair<string, string>[] IsolatedAws =
    [
        new("AWS_CONFIG_FILE", "/dev/null"),
        new("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
        new("AWS_EC2_METADATA_DISABLED", "true"),
        new("PYTHONDONTWRITEBYTECODE", "1"),
    ];

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string? workingDirectory = null)
    {
        Assert.True(File.Exists(program), $"{program} is missing: .ci/run installs it.");
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(program, arguments, workingDirectory ?? AppContext.BaseDirectory, timeout, IsolatedAws.Concat(environment));
        return (exitCode, stdout + stderr);
    }
}
