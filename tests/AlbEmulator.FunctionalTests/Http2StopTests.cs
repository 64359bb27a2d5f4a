using System.Globalization;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// HTTP/2 clients that close their connection as soon as they have the response (curl does, once Content-Length bytes
/// have arrived), forwarded to an HTTP/1.1 target: every request still gets its access-log line, with the TLS fields,
/// and a SIGTERM right afterwards stops the emulator at once. Kestrel may write a stream's last frame (END_STREAM) only
/// after the request's OnCompleted has returned, so the line is never made to wait inside it; before that fix the stop
/// took Kestrel's 30 s shutdown timeout and lines were lost.
/// </summary>
public sealed class Http2StopTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alb-func-h2stop-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Http2ClientsCloseRightAfterTheResponse_EveryLineLogged_SigtermStopsAtOnce()
    {
        await using var backend = await TestBackend.StartAsync("h1");
        var port = CommandRun.FreePort();
        var config = Path.Combine(_directory, "alb.json");
        File.WriteAllText(config, $$"""
            {
              "Listeners": [ { "Port": {{port}}, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """);
        var log = Path.Combine(_directory, "access.log");
        using var host = HostProcess.Start("dotnet", [CommandLineTests.HostDll(), "--config", config, "--access-log", log, "--cert-dir", Path.Combine(_directory, "certs"), "--admin-url", "http://127.0.0.1:0"], _directory);

        var url = $"https://127.0.0.1:{port}/h2";
        string[] curl = ["-sk", "--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", url];
        await Eventually.UntilAsync(async () => (await ExternalProcess.RunAsync("curl", curl, _directory, TimeSpan.FromSeconds(30))).Stdout == "2 200", "an HTTP/2 200 through the listener", TimeSpan.FromSeconds(60));
        const int Requests = 5;
        for (var i = 0; i < Requests; i++)
        {
            var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync("curl", curl, _directory, TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0 && stdout == "2 200", $"curl: {exitCode} {stdout} {stderr}");
        }

        await host.TerminateAsync();
        var exit = await host.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exit);
        var lines = File.ReadAllLines(log).Select(AccessLogLine.Parse).Where(l => l.Type == "h2").ToArray();
        Assert.True(lines.Length >= Requests + 1, $"{lines.Length} h2 lines for at least {Requests + 1} requests:\n{string.Join('\n', File.ReadAllLines(log))}");
        Assert.All(lines, l =>
        {
            Assert.Equal("200", l.ElbStatusCode);
            Assert.Equal("200", l.TargetStatusCode);
            Assert.NotEqual("-", l.SslCipher);
            Assert.Equal("TLSv1.2", l.SslProtocol); // the default policy, ELBSecurityPolicy-2016-08, ends at TLS 1.2
            Assert.True(long.Parse(l.SentBytes, CultureInfo.InvariantCulture) > 0);
        });
    }
}
