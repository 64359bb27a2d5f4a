using System.Net;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The real <c>alb-emulator</c> process as a user runs it, configured only through ALB_EMULATOR_* environment
/// variables: at the default level each 502 from a stopped target is exactly one application-log line (no
/// YARP trace), and with <c>--access-log -</c> stdout carries access-log lines only while the banner and the
/// application log go to stderr (docs/logging.md).
/// </summary>
public sealed class HostLoggingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alb-func-hostlog-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task StoppedTarget_EachFiveHundredTwoIsOneLine_AccessLogAloneOnStdout()
    {
        var listenerPort = CommandRun.FreePort();
        var stoppedTarget = CommandRun.FreePort();
        File.WriteAllText(Path.Combine(_directory, "alb.yaml"), $$"""
            Listeners:
              - Port: {{listenerPort}}
                Protocol: HTTP
                DefaultActions: [ { Type: forward, TargetGroupName: web } ]
            TargetGroups:
              - { Name: web, Protocol: HTTP, Port: 80, HealthCheckIntervalSeconds: 300, HealthCheckTimeoutSeconds: 120, Targets: [ { Id: 127.0.0.1, Port: {{stoppedTarget}} } ] }
            """);
        var host = HostProcess.Start("dotnet", [CommandLineTests.HostDll()], _directory, new Dictionary<string, string?>
        {
            ["ALB_EMULATOR_CONFIG"] = "alb.yaml",
            ["ALB_EMULATOR_ACCESS_LOG"] = "-",
            ["ALB_EMULATOR_ADMIN_URL"] = "http://127.0.0.1:0",
        });
        var process = host.Process;
        var stdout = host.Stdout;
        var stderr = host.Stderr;
        try
        {
            await Eventually.UntilAsync(() => stderr.Any(l => l == "Press Ctrl-C to stop.") || process.HasExited, "the banner", TimeSpan.FromSeconds(60));
            Assert.False(process.HasExited, "The emulator exited: " + string.Join('\n', stderr));
            var bannerLines = stderr.Count;

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listenerPort}") };
            for (var i = 0; i < 5; i++)
            {
                using var response = await client.GetAsync($"/request-{i}");
                Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            }

            await Eventually.UntilAsync(() => stdout.Count >= 5 && stderr.Count(l => l.Contains("ALB-generated 502", StringComparison.Ordinal)) >= 5, "five access-log lines and five 502 lines", TimeSpan.FromSeconds(30));
        }
        finally
        {
            host.Dispose();
        }

        // stdout: the access log only, one line per request.
        Assert.Equal(5, stdout.Count);
        Assert.All(stdout, line => Assert.StartsWith("http ", line, StringComparison.Ordinal));
        Assert.All(stdout, line => Assert.Contains(" 502 ", line, StringComparison.Ordinal));

        // stderr: the banner, then one line per 502 and nothing else about them: no YARP warning, no stack trace.
        var log = stderr.ToList();
        Assert.Contains(log, l => l.StartsWith("AlbEmulator ", StringComparison.Ordinal) && l.Contains(" is running ", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("  admin endpoint http://127.0.0.1:", StringComparison.Ordinal) && l.Contains(": UI http://127.0.0.1:", StringComparison.Ordinal));
        var afterBanner = log.SkipWhile(l => l != "Press Ctrl-C to stop.").Skip(1).Where(l => !l.Contains("AlbEmulator.TargetHealth", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, afterBanner.Count);
        Assert.All(afterBanner, l => Assert.Contains("ALB-generated 502 (TargetConnectionError)", l, StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("Yarp", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BodyStalledOrMalformed_EachAnswerIsOneLine_NoKestrelDrainError()
    {
        var listenerPort = CommandRun.FreePort();
        await using var backend = await TestBackend.StartAsync("body");
        File.WriteAllText(Path.Combine(_directory, "alb.yaml"), $$"""
            LoadBalancer:
              LoadBalancerAttributes: [ { Key: idle_timeout.timeout_seconds, Value: "1" } ]
            Listeners:
              - Port: {{listenerPort}}
                Protocol: HTTP
                DefaultActions: [ { Type: forward, TargetGroupName: web } ]
            TargetGroups:
              - { Name: web, Protocol: HTTP, Port: 80, Targets: [ { Id: 127.0.0.1, Port: {{backend.Port}} } ] }
            """);
        var host = HostProcess.Start("dotnet", [CommandLineTests.HostDll()], _directory, new Dictionary<string, string?>
        {
            ["ALB_EMULATOR_CONFIG"] = "alb.yaml",
            ["ALB_EMULATOR_ADMIN_URL"] = "http://127.0.0.1:0",
        });
        var stderr = host.Stderr;
        var stdout = host.Stdout;
        try
        {
            await Eventually.UntilAsync(() => stdout.Concat(stderr).Any(l => l == "Press Ctrl-C to stop.") || host.Process.HasExited, "the banner", TimeSpan.FromSeconds(60));
            Assert.False(host.Process.HasExited, "The emulator exited: " + string.Join('\n', stderr));

            // The client stops mid-body: 408 after the 1 s idle timeout. Then a body whose chunk size is not hex: 400.
            await using (var stalled = await RawHttpConnection.ConnectAsync(new Uri($"http://127.0.0.1:{listenerPort}")))
            {
                await stalled.SendAsync("POST /stalled HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
                var response = await stalled.ReadResponseAsync(timeout: TimeSpan.FromSeconds(20));
                Assert.StartsWith("HTTP/1.1 408 ", response.Raw, StringComparison.Ordinal);
            }

            await using (var malformed = await RawHttpConnection.ConnectAsync(new Uri($"http://127.0.0.1:{listenerPort}")))
            {
                await malformed.SendAsync("POST /malformed HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
                var response = await malformed.ReadResponseAsync(timeout: TimeSpan.FromSeconds(20));
                Assert.StartsWith("HTTP/1.1 400 ", response.Raw, StringComparison.Ordinal);
            }

            await Eventually.UntilAsync(() => stdout.Concat(stderr).Count(l => l.Contains("ALB-generated 408", StringComparison.Ordinal) || l.Contains("ALB-generated 400", StringComparison.Ordinal)) >= 2, "the 408 and 400 lines", TimeSpan.FromSeconds(30));

            // A third request on a fresh connection: by the time it is answered, the first two connections' ends are logged.
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listenerPort}") };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/after")).StatusCode);
        }
        finally
        {
            host.Dispose();
        }

        // One line each, and nothing from Kestrel about the body reader ("automatic draining ... invalid state").
        var log = stdout.Concat(stderr).ToList();
        Assert.Single(log, l => l.Contains("ALB-generated 408 (RequestTimeout)", StringComparison.Ordinal));
        Assert.Single(log, l => l.Contains("ALB-generated 400 (BadRequest)", StringComparison.Ordinal));
        Assert.False(log.Any(l => l.Contains("Kestrel", StringComparison.Ordinal) || l.Contains("invalid state", StringComparison.Ordinal)
            || l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)), string.Join('\n', log));
    }
}
