using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(program, arguments, Path.GetTempPath(), TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)}: {stdout}{stderr}");
    }

    private static async Task<string> StatAsync(string path) =>
        (await ExternalProcess.RunAsync("stat", ["-c", "%u %a", path], Path.GetTempPath(), TimeSpan.FromSeconds(30))).Stdout.Trim();

    /// <summary>Starts the Host as nobody with HOME=<see cref="_home"/>; the config is in the home.</summary>
    private async Task<(Process Process, ConcurrentQueue<string> Output)> StartAsNobodyAsync(int port, params string[] extra)
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
        var info = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _home,
        };
        foreach (var argument in (string[])[$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "dotnet", Path.Combine(app, "alb-emulator.dll"), "--config", "alb.yaml", "--admin-url", "http://127.0.0.1:0", .. extra])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = _home;
        info.Environment.Remove("XDG_DATA_HOME");
        info.Environment["DOTNET_CLI_HOME"] = _home;
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    [Fact]
    public async Task AnotherUser_CertificateInItsOwnPrivateDirectory_ServedAndTrusted()
    {
        var port = FreePort();
        var (process, output) = await StartAsNobodyAsync(port);
        using (process)
        {
            try
            {
                await Eventually.UntilAsync(() => process.HasExited || output.Contains("Press Ctrl-C to stop."), "the banner of the emulator run as nobody", TimeSpan.FromSeconds(60));
                Assert.False(process.HasExited, string.Join("\n", output));

                var directory = Path.Combine(_home, ".local", "share", "alb-emulator", "certs");
                var pem = Path.Combine(directory, $"listener-{port}.pem");
                Assert.Equal($"{Nobody} 700", await StatAsync(directory));
                Assert.Equal($"{Nobody} 600", await StatAsync(Path.Combine(directory, $"listener-{port}-key.pem")));
                Assert.Equal($"{Nobody} 600", await StatAsync(pem));

                var (curlExit, body, curlError) = await ExternalProcess.RunAsync("curl", ["-sS", "--http1.1", "--max-time", "20", "--cacert", pem, $"https://localhost:{port}/"], Path.GetTempPath(), TimeSpan.FromSeconds(30));
                Assert.True(curlExit == 0, curlError);
                Assert.Equal("as nobody", body);

                await RunAsync("kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture));
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(0, process.ExitCode);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    [Fact]
    public async Task AnotherUser_CertificateDirectoryOfRoot_RefusedWithOneLine_ExitCodeTwo()
    {
        var port = FreePort();
        var rootsDirectory = Directory.CreateTempSubdirectory("alb-func-rootcerts-").FullName;
        File.SetUnixFileMode(rootsDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var (process, output) = await StartAsNobodyAsync(port, "--cert-dir", rootsDirectory);
        using (process)
        {
            var exited = process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            try
            {
                await exited;
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            process.WaitForExit();
            Assert.Equal(2, process.ExitCode);
            Assert.Contains($"Listener {port}: the certificate directory {rootsDirectory} belongs to another user; refusing to use it. Choose a directory of your own with --cert-dir (ALB_EMULATOR_CERT_DIR).", output);
            Assert.DoesNotContain(output, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            Assert.Equal("0 755", await StatAsync(rootsDirectory));
            Assert.Empty(Directory.GetFileSystemEntries(rootsDirectory));
            Directory.Delete(rootsDirectory);
        }
    }
}
