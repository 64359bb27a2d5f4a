using System.Diagnostics;
using System.Text;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The holes found by attacking the HTTP/1.x data path, each asserted on the wire with a raw socket:
/// malformed chunked framing (a CPU livelock before) answered 400 and closed, requests Kestrel used to
/// answer itself now answered or forwarded the ALB way, slow heads under the idle timeout (ERR-408), an
/// unparsable chunk size 400 (not 408), and multi-line headers forwarded with the HDR-52 bytes.
/// </summary>
public sealed class WireHoleTests
{
    private const string Head = "POST / HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n";

    public static TheoryData<string, string, string> MalformedChunkedBodies() => new()
    {
        { "data not followed by CRLF", Head, "5\r\nhelloXX\r\n0\r\n\r\n" },
        { "size with a 0x prefix", Head, "0x5\r\nhello\r\n0\r\n\r\n" },
        { "data followed by the next size", Head, "5\r\nhello0" },
        { "NUL in a chunk extension", Head, "1;ext=\0" },
        { "size too large to parse", Head, "ffffffffffffffffffff\r\n" },
        { "TE.CL probe", "POST / HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n", "3\r\nabc\r\nX\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedChunkedBodies))]
    public async Task MalformedChunkedBody_SentWithTheHead_400AndClosed(string name, string head, string body)
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("echo");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, idleTimeoutSeconds: 60));

        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        var started = Stopwatch.StartNew();
        await connection.SendAsync(Encoding.Latin1.GetBytes(head + body));
        var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(20));
        // At once, not at the idle timeout (60 s); the margin is wide for a loaded machine.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"{name}: answered after {started.Elapsed}");
        Assert.Equal("HTTP/1.1 400 Bad Request", response.StatusLine);
        Assert.Equal("awselb/2.0", response.Header("Server"));
        Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), name + ": connection not closed");
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{connection.LocalPort} ", StringComparison.Ordinal)));
        Assert.Equal("400", line.ElbStatusCode);
        Assert.Equal("POST", line.RequestVerb);
        Assert.Equal(0, backend.RequestCount);

        // The listener answers the next connection.
        Assert.Equal(200, (await GetAsync(env)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MalformedChunkedBodies))]
    public async Task MalformedChunkedBody_AfterTheRequestWasForwarded_400AndClosed(string name, string head, string body)
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("echo");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, idleTimeoutSeconds: 60));

        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync(Encoding.Latin1.GetBytes(head));
        await Eventually.UntilAsync(() => backend.RequestCount > 0, "the request reaches the target");
        var started = Stopwatch.StartNew();
        await connection.SendAsync(Encoding.Latin1.GetBytes(body));
        var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(20));
        // At once, not at the idle timeout (60 s); the margin is wide for a loaded machine.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"{name}: answered after {started.Elapsed}");
        Assert.Equal("HTTP/1.1 400 Bad Request", response.StatusLine);
        Assert.Equal("awselb/2.0", response.Header("Server"));
        Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), name + ": connection not closed");
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{connection.LocalPort} ", StringComparison.Ordinal)));
        Assert.Equal("400", line.ElbStatusCode);
        Assert.Equal(200, (await GetAsync(env)).StatusCode);
    }

    public static TheoryData<string, string, int> RequestsKestrelAnsweredItself() => new()
    {
        // HDR-52: a folded Content-Type is compliant (message/http) and forwarded with the fold rule applied.
        { "folded Content-Type", "POST / HTTP/1.1\r\nHost: a.test\r\nContent-Type: multipart/related;\r\n boundary=x\r\nContent-Length: 0\r\n\r\n", 200 },
        { "PRI * HTTP/1.1", "PRI * HTTP/1.1\r\nHost: a.test\r\n\r\n", 400 },
        { "GET * HTTP/1.1", "GET * HTTP/1.1\r\nHost: a.test\r\n\r\n", 400 },
        { "HTTP/0.9 version", "GET / HTTP/0.9\r\nHost: a.test\r\n\r\n", 200 },
        { "HTTP/1.2 version", "GET / HTTP/1.2\r\nHost: a.test\r\n\r\n", 200 },
        { "HTTP/1.2 version without Host", "GET / HTTP/1.2\r\n\r\n", 400 },
    };

    [Theory]
    [MemberData(nameof(RequestsKestrelAnsweredItself))]
    public async Task RequestKestrelUsedToAnswer_AnsweredTheAlbWay(string name, string request, int expectedStatus)
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("echo");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, idleTimeoutSeconds: 60, mode: "monitor"));

        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(10));
        Assert.True(expectedStatus == response.StatusCode, $"{name}: {response.Raw}");
        if (expectedStatus == 200)
        {
            Assert.Equal("echo", EchoedRequest.Parse(response.BodyText).Backend);
        }
        else
        {
            Assert.Equal("awselb/2.0", response.Header("Server"));
            Assert.Equal("text/html", response.Header("Content-Type"));
            Assert.NotEmpty(response.Body);
        }

        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{connection.LocalPort} ", StringComparison.Ordinal)));
        Assert.Equal(expectedStatus.ToString(), line.ElbStatusCode);
    }

    [Theory]
    [InlineData("X-A: one\r\n two\r\n", "two", "")]
    [InlineData("X-A: one\r\n\tX-B: two\r\n", "X-B", "two")]
    [InlineData("Content-Type: text/plain;\r\n charset=utf-8\r\n", "Content-Type", "text/plain;")]
    public async Task MultiLineHeader_ContinuationForwardedAsItsOwnHeaderLine(string headers, string expectedName, string expectedValue)
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("echo");
        foreach (var mode in new[] { "monitor", "defensive" })
        {
            await using var env = await AlbTestEnvironment.StartAsync(Config(backend, idleTimeoutSeconds: 60, mode: mode));
            var echo = await Exchange.SendRawAsync(env, 8080, $"GET / HTTP/1.1\r\nHost: a.test\r\n{headers}\r\n");
            Assert.Contains(expectedValue, echo.All(expectedName));
            Assert.DoesNotContain(echo.Headers, h => h[1].Contains("one two", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SlowHead_EachByteRestartsTheIdleTimer_CompletedHeadIsForwarded()
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("echo");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, idleTimeoutSeconds: 4));

        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        var started = Stopwatch.StartNew();
        foreach (var piece in new[] { "GE", "T / ", "HTTP", "/1.1\r", "\nHo", "st: ", "a.te", "st\r\n", "\r\n" })
        {
            // A client pacing its bytes (not a wait for a condition): each piece well inside the 4 s idle timeout (a loaded machine may delay one).
            await connection.SendAsync(piece);
            await Task.Delay(TimeSpan.FromMilliseconds(800));
        }

        var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(20));
        Assert.True(started.Elapsed > TimeSpan.FromSeconds(6), "the head took longer than Kestrel's keep-alive timeout");
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task SlowHead_ClientStopsMidHead_408AndAccessLogLine()
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("echo");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, idleTimeoutSeconds: 4));

        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        foreach (var piece in new[] { "GE", "T / ", "HTTP", "/1.1\r", "\nHo", "st: " })
        {
            await connection.SendAsync(piece);
            await Task.Delay(TimeSpan.FromMilliseconds(800));
        }

        var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(20));
        Assert.Equal("HTTP/1.1 408 Request Time-out", response.StatusLine);
        Assert.Equal("awselb/2.0", response.Header("Server"));
        Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{connection.LocalPort} ", StringComparison.Ordinal)));
        Assert.Equal("408", line.ElbStatusCode);
    }

    internal static string Config(TestBackend backend, int idleTimeoutSeconds, string mode = "defensive") => $$"""
        {
          "LoadBalancer": { "LoadBalancerAttributes": [
            { "Key": "idle_timeout.timeout_seconds", "Value": "{{idleTimeoutSeconds}}" },
            { "Key": "routing.http.desync_mitigation_mode", "Value": "{{mode}}" } ] },
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ] } ],
          "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
        }
        """;

    internal static async Task<RawHttpResponse> GetAsync(AlbTestEnvironment env)
    {
        await using var next = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await next.SendAsync("GET /next HTTP/1.1\r\nHost: a.test\r\n\r\n");
        return await next.ReadResponseAsync(timeout: TimeSpan.FromSeconds(10));
    }
}
