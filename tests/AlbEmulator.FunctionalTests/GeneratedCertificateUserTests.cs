using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The real <c>alb-emulator</c> run as another user (nobody, 65534, through util-linux <c>setpriv</c>) with a home of
/// its own: the generated certificate goes into that user's private directory (0700, key 0600, owned by the user), a
/// client trusting its PEM gets an answer, and a certificate directory that belongs to someone else (root) is refused
/// with one line and exit code 2 (docs/configuration.md). Switching users needs root: CI runs the tests as root, so
/// the tests assert it rather than skip.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GeneratedCertificateUserTests : IDisposable
{
    private const string Nobody = "65534";
    private readonly string _home = Directory.CreateTempSubdirectory("alb-func-certuser-").FullName;

    public GeneratedCertificateUserTests()
    {
        Assert.True(Environment.UserName == "root", $"these tests run the emulator as another user and must run as root (CI does), not as {Environment.UserName}");
        File.SetUnixFileMode(_home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(program, arguments, Path.GetTempPath(), TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)}: {stdout}{stderr}");
    }

    private static async Task<string> StatAsync(string path) =>
        (await ExternalProcess.RunAsync("stat", ["-c", "%u %a", path], Path.GetTempPath(), TimeSpan.FromSeconds(30))).Stdout.Trim();

    /// <summary>Starts the Host as nobody with HOME=<see cref="_home"/>; the config is in the home.</summary>
    private async Task<HostProcess> StartAsNobodyAsync(int port, params string[] extra)
    {
        File.WriteAllText(Path.Combine(_home, "alb.yaml"), $$"""
            Listeners:
              - Port: {{port}}
                Protocol: HTTPS
                DefaultActions: [ { Type: fixed-response, FixedResponseConfig: { StatusCode: "200", ContentType: text/plain, MessageBody: "as nobody" } } ]
            """);
        // A copy of the Host inside the home: the checkout may sit where nobody cannot read (a 0700 temp directory).
        var app = Path.Combine(_home, "app");
        await RunAsync("cp", "-R", Path.GetDirectoryName(CommandLineTests.HostDll())!, app);
        await RunAsync("chown", "-R", $"{Nobody}:{Nobody}", _home);
        return HostProcess.Start(
            "setpriv",
            [$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "dotnet", Path.Combine(app, "alb-emulator.dll"), "--config", "alb.yaml", "--admin-url", "http://127.0.0.1:0", .. extra],
            _home,
            new Dictionary<string, string?> { ["HOME"] = _home, ["XDG_DATA_HOME"] = null, ["DOTNET_CLI_HOME"] = _home });
    }

    [Fact]
    public async Task AnotherUser_CertificateInItsOwnPrivateDirectory_ServedAndTrusted()
    {
        var port = CommandRun.FreePort();
        using var host = await StartAsNobodyAsync(port);
        await Eventually.UntilAsync(() => host.Process.HasExited || host.Output.Contains("Press Ctrl-C to stop."), "the banner of the emulator run as nobody", TimeSpan.FromSeconds(60));
        Assert.False(host.Process.HasExited, string.Join("\n", host.Output));

        var directory = Path.Combine(_home, ".local", "share", "alb-emulator", "certs");
        var pem = Path.Combine(directory, $"listener-{port}.pem");
        Assert.Equal($"{Nobody} 700", await StatAsync(directory));
        Assert.Equal($"{Nobody} 600", await StatAsync(Path.Combine(directory, $"listener-{port}-key.pem")));
        Assert.Equal($"{Nobody} 600", await StatAsync(pem));

        var (curlExit, body, curlError) = await ExternalProcess.RunAsync("curl", ["-sS", "--http1.1", "--max-time", "20", "--cacert", pem, $"https://localhost:{port}/"], Path.GetTempPath(), TimeSpan.FromSeconds(30));
        Assert.True(curlExit == 0, curlError);
        Assert.Equal("as nobody", body);

        await host.TerminateAsync();
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task AnotherUser_CertificateDirectoryOfRoot_RefusedWithOneLine_ExitCodeTwo()
    {
        var port = CommandRun.FreePort();
        var rootsDirectory = Directory.CreateTempSubdirectory("alb-func-rootcerts-").FullName;
        File.SetUnixFileMode(rootsDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        using var host = await StartAsNobodyAsync(port, "--cert-dir", rootsDirectory);

        Assert.Equal(2, await host.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"Listener {port}: the certificate directory {rootsDirectory} belongs to another user; refusing to use it. Choose a directory of your own with --cert-dir (ALB_EMULATOR_CERT_DIR).", host.Stderr);
        Assert.DoesNotContain(host.Output, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.Equal("0 755", await StatAsync(rootsDirectory));
        Assert.Empty(Directory.GetFileSystemEntries(rootsDirectory));
        Directory.Delete(rootsDirectory);
    }
}
