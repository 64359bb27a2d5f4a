using System.Net;
using AlbEmulator.Errors;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// What a target can do to the connection, each with a real misbehaving target on a socket: the keep-alive
/// race (ERR-502, TG-27: the target closes a reused connection with a request outstanding; ALB answers 502
/// and never resends), TLS handshake failure (502) and timeout (504, TG-26), and a client that closes before
/// its whole body arrived (400, logged only).
/// </summary>
public sealed class TargetConnectionFailureTests
{
    private static string Config(int port, string protocol = "HTTP", string listenerProtocol = "HTTP", int listenerPort = 8080) => $$"""
        {
          "Listeners": [ { "Port": {{listenerPort}}, "Protocol": "{{listenerProtocol}}", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ] } ],
          "TargetGroups": [ { "Name": "t", "Protocol": "{{protocol}}", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{port}} } ],
                              "HealthCheckPath": "/hc", "HealthCheckIntervalSeconds": 300 } ]
        }
        """;

    [Theory]
    [InlineData(TargetMisbehaviour.AnswerFirstThenClose, "GET")]
    [InlineData(TargetMisbehaviour.AnswerFirstThenReset, "GET")]
    [InlineData(TargetMisbehaviour.AnswerFirstThenClose, "POST")]
    public async Task KeepAliveRace_TargetClosesReusedConnection_502NeverResent(TargetMisbehaviour behaviour, string method)
    {
        await using var target = new MisbehavingTarget(behaviour);
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port), configure: o => o.Diagnostics = true);
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        var statuses = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var body = method == "POST" ? "Content-Length: 5\r\n\r\nhello" : "\r\n";
            await connection.SendAsync($"{method} /race/{i} HTTP/1.1\r\nHost: a.test\r\n{body}");
            var response = await connection.ReadResponseAsync();
            statuses.Add(response.StatusLine);
            if (response.StatusLine.Contains("502", StringComparison.Ordinal))
            {
                Assert.Equal(AlbErrorCatalog.Get(AlbError.TargetClosedConnection).Body, response.Body);
                var diagnostic = response.Headers.Single(h => h.Key == "X-AlbEmulator-Diagnostic").Value;
                Assert.Contains("keep-alive", diagnostic, StringComparison.Ordinal);
                Assert.Contains(behaviour == TargetMisbehaviour.AnswerFirstThenReset ? "RST" : "FIN", diagnostic, StringComparison.Ordinal);
            }
        }

        // ALB: a new connection answers, the reused one is dropped, and nothing is sent twice.
        Assert.Equal(["HTTP/1.1 200 OK", "HTTP/1.1 502 Bad Gateway", "HTTP/1.1 200 OK", "HTTP/1.1 502 Bad Gateway", "HTTP/1.1 200 OK", "HTTP/1.1 502 Bad Gateway"], statuses);
        Assert.Equal(6, target.RequestsSeen);
        Assert.Equal(3, target.RequestsDropped);
        for (var i = 1; i < 6; i += 2)
        {
            var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($"/race/{i} ", StringComparison.Ordinal)));
            Assert.Equal("502", line.ElbStatusCode);
            Assert.Equal("-", line.TargetStatusCode);
            Assert.Equal("127.0.0.1", line.TargetIp);
        }
    }

    [Fact]
    public async Task KeepAliveRace_TargetKeepAliveShorterThanRequestInterval_Some502s()
    {
        // The target closes connections idle for 300 ms; requests come 150..600 ms apart. Those sent while
        // the target's FIN is on the wire (a simulated 150 ms latency) are dropped by the target: each must
        // be a 502, none resent; the others are 200 on a reused or a new connection.
        await using var target = new MisbehavingTarget(TargetMisbehaviour.KeepAliveRace) { KeepAlive = TimeSpan.FromMilliseconds(300), Latency = TimeSpan.FromMilliseconds(150) };
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port));
        using var client = env.CreateClient(8080);
        var random = new Random(23);
        var ok = 0;
        var badGateway = 0;
        const int requests = 20;
        for (var i = 0; i < requests; i++)
        {
            using var response = await client.GetAsync($"/timing/{i}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                ok++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
                badGateway++;
            }

            // The interval between requests is what the test is about: a wait on a timer, not a poll.
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(150, 600)));
        }

        Assert.True(badGateway > 0, "some requests must race the target's keep-alive close");
        Assert.True(ok > 0);
        Assert.Equal(target.RequestsDropped, badGateway);
        Assert.Equal(requests, target.RequestsSeen);
        await Eventually.UntilAsync(() => env.AccessLogLines.Count(l => l.Contains("/timing/", StringComparison.Ordinal)) == requests, "every request logged");
        Assert.Equal(badGateway, env.AccessLogLines.Count(l => l.Contains("/timing/", StringComparison.Ordinal) && AccessLogLine.Parse(l).ElbStatusCode == "502"));
    }

    [Fact]
    public async Task KeepAliveRace_Http2ClientDowngradedToHttp1_502NeverResent()
    {
        await using var target = new MisbehavingTarget(TargetMisbehaviour.AnswerFirstThenClose);
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port, listenerProtocol: "HTTPS", listenerPort: 8443));
        using var client = env.CreateClient(8443, HttpVersion.Version20);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync($"/h2race/{i}");
            Assert.Equal(HttpVersion.Version20, response.Version);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadGateway, HttpStatusCode.OK, HttpStatusCode.BadGateway], statuses);
        Assert.Equal(4, target.RequestsSeen);
    }

    [Fact]
    public async Task HttpsTarget_TlsHandshakeFails_502()
    {
        await using var target = new MisbehavingTarget(TargetMisbehaviour.NotTls);
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port, protocol: "HTTPS"), configure: o => o.Diagnostics = true);
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync("GET /tls HTTP/1.1\r\nHost: a.test\r\n\r\n");
        var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(20));

        Assert.Equal("HTTP/1.1 502 Bad Gateway", response.StatusLine);
        Assert.Contains("TLS handshake", response.Headers.Single(h => h.Key == "X-AlbEmulator-Diagnostic").Value, StringComparison.Ordinal);
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/tls ", StringComparison.Ordinal)));
        Assert.Equal("502", line.ElbStatusCode);
        Assert.Equal("-", line.TargetStatusCode);
    }

    [Fact]
    public async Task HttpsTarget_TlsHandshakeNotDoneIn10Seconds_504()
    {
        await using var target = new MisbehavingTarget(TargetMisbehaviour.TlsStall);
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port, protocol: "HTTPS"), configure: o => o.Diagnostics = true);
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        var started = DateTime.UtcNow;
        await connection.SendAsync("GET /tls-slow HTTP/1.1\r\nHost: a.test\r\n\r\n");
        var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(40));
        var elapsed = DateTime.UtcNow - started;

        Assert.Equal("HTTP/1.1 504 Gateway Time-out", response.StatusLine);
        Assert.Equal(AlbErrorCatalog.Get(AlbError.TargetTlsHandshakeTimeout).Body, response.Body);
        Assert.Contains("TLS handshake", response.Headers.Single(h => h.Key == "X-AlbEmulator-Diagnostic").Value, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Client_ClosesBeforeFullBody_400LoggedNothingSent()
    {
        await using var target = new MisbehavingTarget(TargetMisbehaviour.Stall);
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port));
        var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync("POST /partial HTTP/1.1\r\nHost: a.test\r\nContent-Length: 100\r\n\r\nonly-some");
        await Eventually.UntilAsync(() => target.RequestsSeen == 1, "request at the target");
        await connection.DisposeAsync();

        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/partial ", StringComparison.Ordinal)));
        Assert.True(line.ElbStatusCode == "400", line.Raw);
        Assert.Equal("-", line.TargetStatusCode);
    }

    [Fact]
    public async Task Client_ClosesAfterFullBodyWhileTargetThinks_460()
    {
        await using var target = new MisbehavingTarget(TargetMisbehaviour.Stall);
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port));
        var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync("POST /waiting HTTP/1.1\r\nHost: a.test\r\nContent-Length: 5\r\n\r\nhello");
        await Eventually.UntilAsync(() => target.RequestsSeen == 1, "request at the target");
        await connection.DisposeAsync();

        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/waiting ", StringComparison.Ordinal)));
        Assert.Equal("460", line.ElbStatusCode);
    }

    [Fact]
    public async Task TargetKeepAliveHint_Ignored_IdleConnectionReusedAndHintNotForwarded()
    {
        // ALB keeps an idle target connection for its own idle timeout, whatever "Keep-Alive: timeout" the
        // target announces (which is why a short target keep-alive leads to 502s).
        await using var target = new RawCaptureTarget { ExtraResponseHeaders = "Keep-Alive: timeout=1\r\n" };
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port));
        using var client = env.CreateClient(8080);

        using var first = await client.GetAsync("/hint/1");
        // The idle interval is the behaviour under test (longer than the hint), not a wait for a condition.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var second = await client.GetAsync("/hint/2");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(first.Headers.Contains("Keep-Alive"));
        var traffic = target.TrafficRequests.ToArray();
        Assert.Equal(2, traffic.Length);
        Assert.Equal(traffic[0].Connection, traffic[1].Connection);
    }

    [Theory]
    [InlineData(TargetMisbehaviour.Http2CloseOnRequest, "TargetClosedConnection", "HTTP/2 target closed the connection (TCP FIN) with 1 stream(s) outstanding")]
    [InlineData(TargetMisbehaviour.Http2RefuseStream, "TargetRefusedStream", "reset the stream with REFUSED_STREAM")]
    [InlineData(TargetMisbehaviour.Http2GoAwayBelowStream, "TargetRefusedStream", "GOAWAY with a last-stream-id below this request's stream")]
    public async Task Http2Target_RefusesOrDropsTheStream_502NeverResent(TargetMisbehaviour behaviour, string error, string explanation)
    {
        // A real h2c target on a socket: .NET's SocketsHttpHandler would resend a refused stream on a new
        // connection (RFC 9113 §8.7 allows it); ALB does not.
        await using var target = new MisbehavingTarget(behaviour);
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ] } ],
              "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "ProtocolVersion": "HTTP2", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{target.Port}} } ],
                                  "HealthCheckPath": "/hc", "HealthCheckIntervalSeconds": 300 } ]
            }
            """, configure: o => o.Diagnostics = true);
        using var client = env.CreateClient(8443, HttpVersion.Version20);

        using var response = await client.GetAsync("/h2refused");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, target.RequestsSeen);
        Assert.Equal(AlbErrorCatalog.Get(Enum.Parse<AlbError>(error)).Body, await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(explanation, string.Join(' ', response.Headers.GetValues("X-AlbEmulator-Diagnostic")), StringComparison.Ordinal);
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/h2refused ", StringComparison.Ordinal)));
        Assert.Equal("502", line.ElbStatusCode);
        Assert.Equal("-", line.TargetStatusCode);
        Assert.Equal("127.0.0.1", line.TargetIp);

        // Still nothing resent a moment later (a retry would reach the target on a new connection).
        using var second = await client.GetAsync("/h2refused-again");
        Assert.Equal(HttpStatusCode.BadGateway, second.StatusCode);
        Assert.Equal(2, target.RequestsSeen);
    }

    [Fact]
    public async Task Http2Target_ClosesConnectionWithStreamOutstanding_502NeverResent()
    {
        await using var target = new MisbehavingTarget(TargetMisbehaviour.Http2CloseOnRequest);
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ] } ],
              "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "ProtocolVersion": "HTTP2", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{target.Port}} } ],
                                  "HealthCheckPath": "/hc", "HealthCheckIntervalSeconds": 300 } ]
            }
            """);
        using var client = env.CreateClient(8443, HttpVersion.Version20);

        using var response = await client.GetAsync("/h2drop");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, target.RequestsSeen);
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/h2drop ", StringComparison.Ordinal)));
        Assert.Equal("502", line.ElbStatusCode);
        Assert.Equal("-", line.TargetStatusCode);
    }
}
