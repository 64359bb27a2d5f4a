using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AlbEmulator.Hosting;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// A stop (SIGTERM, Ctrl-C, a cancelled token) that arrives while the emulator is still starting ends the run with one
/// line and exit code 0 (docs/configuration.md "Behaviour at start"): no unhandled OperationCanceledException, no stack
/// trace, nothing left listening.
/// </summary>
public sealed class StopWhileStartingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alb-func-stopstart-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteConfig(int port)
    {
        var path = Path.Combine(_directory, "alb.yaml");
        File.WriteAllText(path, $$"""
            Listeners:
              - Port: {{port}}
                Protocol: HTTP
                DefaultActions: [ { Type: fixed-response, FixedResponseConfig: { StatusCode: "200" } } ]
            """);
        return path;
    }

    [Fact]
    public async Task StopRequestedBeforeTheListenersStart_OneLineExitZeroNothingBound()
    {
        var port = CommandRun.FreePort();
        var config = WriteConfig(port);
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await AlbEmulatorCommand.RunAsync(["--config", config], output, error, stopping.Token);

        Assert.Equal(AlbEmulatorCommand.ExitOk, exitCode);
        Assert.Equal(AlbEmulatorCommand.StoppedWhileStarting + Environment.NewLine, error.ToString());
        Assert.Equal("", output.ToString());
        using var probe = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
    }

    /// <summary>
    /// The moment of the signal is the test's to hit: it must land after .NET's signal handling is up and before start-up
    /// has finished. On a loaded machine start-up can finish first (the cause of a failure seen under load: exit 0, empty
    /// stderr, a normal stop). So the signal is sent with the kill system call the moment the handler shows (no
    /// <c>kill</c> process to start), and a run whose banner shows that start-up had finished first is a normal stop
    /// (asserted as such: exit 0, no stack trace) and is run again, at most <see cref="Attempts"/> times.
    /// </summary>
    [Fact]
    public async Task HostProcess_SigtermAsSoonAsTheProcessHandlesSignals_OneLineExitZeroNoStackTrace()
    {
        var config = WriteConfig(CommandRun.FreePort());
        var missed = new List<string>();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            using var host = HostProcess.Start("dotnet", [CommandLineTests.HostDll(), "--config", config, "--admin-url", "http://127.0.0.1:0"], _directory);

            // The earliest moment a SIGTERM can be handled: .NET's signal handling is up (it catches SIGCONT from then
            // on), which the Host's first statement, the SIGTERM registration, does. Before that the runtime is still
            // loading and a SIGTERM gets its default (exit code 143, documented).
            await Eventually.UntilAsync(() => host.Process.HasExited || CatchesSigcont(host.Process.Id), "the emulator process to handle signals", TimeSpan.FromSeconds(60));
            Assert.False(host.Process.HasExited, "the emulator exited before it was signalled:\n" + string.Join("\n", host.Output));
            host.TerminateNow();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            var all = string.Join("\n", host.Output);
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{all}");
            Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
            Assert.DoesNotContain(host.Stdout, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            if (host.Stdout.Any(l => l.Contains("Press Ctrl-C to stop.", StringComparison.Ordinal)))
            {
                // Started before the signal landed: a normal stop, not the case under test.
                Assert.Empty(host.Stderr);
                missed.Add($"attempt {attempt}: start-up finished before the signal");
                continue;
            }

            Assert.Equal([AlbEmulatorCommand.StoppedWhileStarting], host.Stderr.ToArray());
            return;
        }

        Assert.Fail("The signal never landed while the emulator was starting:\n" + string.Join("\n", missed));
    }

    private const int Attempts = 3;

    /// <summary>Whether the process has a handler for SIGCONT (signal 18): /proc/PID/status "SigCgt", a hex mask with bit N-1 for signal N.</summary>
    private static bool CatchesSigcont(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigCgt:", StringComparison.Ordinal));
            return line is not null && ((ulong.Parse(line["SigCgt:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) >> 17) & 1) == 1;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
