using System.Net;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// <c>client_keep_alive.seconds</c> (ERR-TMO-2, H2-4): measured from connection establishment; once it has
/// passed, ALB serves one more request and closes gracefully — <c>Connection: close</c> on HTTP/1.x,
/// GOAWAY on HTTP/2. Time is driven by an injected clock, no waiting.
/// </summary>
public sealed class ConnectionLifetimeTests
{
    private static string Config(int backendPort, string protocol, int port) => $$"""
        {
          "LoadBalancer": { "LoadBalancerAttributes": [ { "Key": "client_keep_alive.seconds", "Value": "60" } ] },
          "Listeners": [ { "Port": {{port}}, "Protocol": "{{protocol}}", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ] } ],
          "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backendPort}} } ] } ]
        }
        """;

    [Fact]
    public async Task Http11_KeepAliveDurationPassed_NextResponseClosesConnection()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend.Port, "HTTP", 8080), configure: o => o.TimeProvider = clock);
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        clock.Advance(TimeSpan.FromSeconds(61));
        await connection.SendAsync("GET /2 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        var second = await connection.ReadResponseAsync();

        Assert.Equal(200, first.StatusCode);
        Assert.Null(first.Header("Connection"));
        Assert.Equal(200, second.StatusCode);
        Assert.Equal("close", second.Header("Connection"));
        Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Http2_KeepAliveDurationPassed_GoAwayThenNewConnection()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend.Port, "HTTPS", 8443), configure: o => o.TimeProvider = clock);
        using var client = env.CreateClient(8443, HttpVersion.Version20);

        var first = await client.GetAsync("/first");
        clock.Advance(TimeSpan.FromSeconds(61));
        var second = await client.GetAsync("/second");
        var third = await client.GetAsync("/third");

        Assert.Equal(new Version(2, 0), first.Version);
        Assert.All([first, second, third], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var tid = async (string path) => AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains(path + " HTTP/2.0", StringComparison.Ordinal))).ConnTraceId;
        Assert.Equal(await tid("/first"), await tid("/second"));
        Assert.NotEqual(await tid("/second"), await tid("/third"));
    }

    [Fact]
    public async Task Http2_10000RequestsOnOneConnection_GoAwayAfterTheLast()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend.Port, "HTTPS", 8443));
        using var client = env.CreateClient(8443, HttpVersion.Version20);
        client.Timeout = TimeSpan.FromMinutes(5); // a loaded machine: 100 concurrent requests may queue for a while

        // H2-3: the 10,000th request on a connection is served, then GOAWAY closes it.
        for (var batch = 0; batch < 100; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GetAsync("/n")));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        }

        var after = await client.GetAsync("/after");

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        // Each line is written when its response completes, which may trail the client's receipt: poll for all of them
        // (served lines: elb and target status 200).
        await Eventually.UntilAsync(() => env.AccessLogLines.Count(l => l.Contains(" 200 200 ", StringComparison.Ordinal)) >= 10_001, "10,001 served requests in the access log", TimeSpan.FromSeconds(60));
        var lines = env.AccessLogLines.Select(AccessLogLine.Parse).ToArray();
        var byConnection = lines.Where(l => l.ElbStatusCode == "200").GroupBy(l => l.ConnTraceId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10_000, byConnection.Values.Max());
        Assert.Equal(10_001, byConnection.Values.Sum());

        // On a loaded machine the client may send /after before it has read the GOAWAY that follows the 10,000th response:
        // that stream is never served (one 000 line on the full connection, ERR-000) and the client sends it again on a new
        // connection, where it is served (above).
        var refused = lines.Where(l => l.ElbStatusCode == "000").ToArray();
        Assert.True(refused.Length <= 1, $"{refused.Length} requests refused");
        Assert.All(refused, l => Assert.Equal(10_000, byConnection[l.ConnTraceId]));
    }

    [Fact]
    public async Task Http2_RequestBeyond10000OnOneConnection_NotServedGoAwayAnd000Line()
    {
        await using var env = await AlbTestEnvironment.StartAsync("""
            {
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS",
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok" } } ] } ]
            }
            """);

        // ERR-000 / H2-3: a client that sends the 10,001st request before it sees the GOAWAY (raw frames, node's tls).
        var (outcome, because) = await RunFloodScriptAsync(env, "requests", TimeSpan.FromMinutes(5));

        // The first 10,000 (streams 1..19999) are served; the 10,001st (stream 20001) is not; the final GOAWAY names
        // the last stream processed (NO_ERROR: a graceful close, the client may retry the rest); then the FIN.
        Assert.True(outcome.GetProperty("sent").GetInt32() == 10_001, because);
        Assert.True(outcome.GetProperty("completed").GetInt32() == 10_000, because);
        Assert.True(outcome.GetProperty("maxAnswered").GetInt32() == 19_999, because);
        Assert.True(outcome.GetProperty("lastStream").GetInt32() == 19_999, because);
        Assert.True(outcome.GetProperty("goaway").GetInt32() == 0, because);
        Assert.True(outcome.GetProperty("closed").GetBoolean(), because);

        // The access log: 10,000 lines of 200 and one 000 line for the request beyond the limit, all on one connection.
        await Eventually.UntilAsync(() => env.AccessLogLines.Count >= 10_001, "10,001 access-log lines", TimeSpan.FromSeconds(60));
        var lines = env.AccessLogLines.Select(AccessLogLine.Parse).ToList();
        Assert.Equal(10_001, lines.Count);
        var refused = Assert.Single(lines, l => l.ElbStatusCode == "000");
        Assert.Equal(10_000, lines.Count(l => l.ElbStatusCode == "200"));
        Assert.Single(lines.Select(l => l.ConnTraceId).Distinct());
        Assert.Equal(("h2", "-", "-", "-1"), (refused.Type, refused.RequestVerb, refused.RequestProto, refused.RequestProcessingTime));
        Assert.StartsWith("https://", refused.RequestUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http2_OnlyPingsForTheIdleTimeout_GoAwayAndClosed()
    {
        await using var env = await AlbTestEnvironment.StartAsync("""
            {
              "LoadBalancer": { "LoadBalancerAttributes": [ { "Key": "idle_timeout.timeout_seconds", "Value": "2" } ] },
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS",
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok" } } ] } ]
            }
            """);

        // H2-5 / ERR-TMO-1: a client that only sends PING frames (every 200 ms, each answered) is idle all the same: after
        // the 2 s idle timeout the connection is closed gracefully (GOAWAY NO_ERROR naming no stream, then the FIN).
        // Kestrel's own keep-alive timer, which every PING resets, would keep it open for the script's whole 20 s.
        var (outcome, because) = await RunFloodScriptAsync(env, "ping-idle", TimeSpan.FromMinutes(1));

        Assert.True(outcome.GetProperty("closed").GetBoolean(), because);
        Assert.True(outcome.GetProperty("goaway").GetInt32() == 0, because);
        Assert.True(outcome.GetProperty("lastStream").GetInt32() == 0, because);
        Assert.True(outcome.GetProperty("acks").GetInt32() >= 5, because);
        Assert.True(outcome.GetProperty("closedAfterMs").GetInt32() >= 1900, because);
    }

    /// <summary>Runs h2/flood.js in <paramref name="mode"/> against the HTTPS listener: its JSON line, and its output to explain a failure.</summary>
    private static async Task<(System.Text.Json.JsonElement Outcome, string Output)> RunFloodScriptAsync(AlbTestEnvironment env, string mode, TimeSpan timeout)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "h2", "flood.js");
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("node", [script, env.Listener(8443).Port.ToString(), mode], timeout: timeout);
        Assert.True(exit == 0, stderr);
        using var result = System.Text.Json.JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        return (result.RootElement.Clone(), stdout);
    }
}
