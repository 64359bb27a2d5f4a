using System.Net;
using System.Net.Http.Headers;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The request target a target receives when no transform rewrote it: the client's, as received, neither decoded nor
/// re-encoded ([UNCONFIRMED], docs/known-differences.md; <c>AlbRequestTransformer.RequestTarget</c>). Every client side
/// (HTTP/1.1 on a raw socket, WebSocket upgrades, HTTP/2) and every target-group protocol version (HTTP1 on the direct forwarder, HTTP2 and
/// GRPC on YARP's path). Rule matching of the same targets is a different question: path-pattern sees the path with dot
/// segments removed and nothing decoded (RULE-21, docs/listener-rules.md).
/// </summary>
public sealed class RequestTargetForwardingTests
{
    /// <summary>Targets that a decode-and-re-encode proxy would change (YARP: <c>%2F</c> → <c>%252F</c>, <c>%7E</c> → <c>~</c>).</summary>
    public static TheoryData<string> Targets => new()
    {
        "/a%2Fb/c",
        "/%7Euser/x%7e",
        "/100%25/a%25b",
        "/a%20b/c%20",
        "/caf%C3%A9/%E2%82%AC/%c3%bc",
        "/x;y=1/z;p=%3B",
        "//double//slash/",
        "/a/../b/./c/..",
        "/q/search?k=a%2Bb&e=%E2%82%AC&s=a+b&sl=%2F&t=%7E&p=100%25&sp=%20",
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Http1Client_Http1Group_TargetReceivesTheTargetAsSent(string target)
    {
        var head = await RawExchangeAsync(target, "");
        Assert.StartsWith($"GET {target} HTTP/1.1\r\n", head, StringComparison.Ordinal);
    }

    /// <summary>A WebSocket upgrade goes on YARP's path (HTTP/1.1 clients reach HTTP2 and GRPC groups only through a 464).</summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Http1Client_WebSocketUpgrade_TargetReceivesTheTargetAsSent(string target)
    {
        var head = await RawExchangeAsync(target, "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        Assert.StartsWith($"GET {target} HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nUpgrade: websocket\r\n", head, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Http2Client_Http1Group_TargetReceivesTheTargetAsSent(string target)
    {
        await using var capture = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync(Config(Http1Group(capture)));
        using var client = env.CreateClient(8443, HttpVersion.Version20);

        using var response = await client.SendAsync(Request(HttpMethod.Get, env, target, HttpVersion.Version20));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var head = await Eventually.ValueAsync(() => capture.TrafficRequests.ToArray(), r => r.Length > 0, "the request at the target");
        Assert.StartsWith($"GET {target} HTTP/1.1\r\n", Assert.Single(head).Head, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Http2Client_Http2Group_TargetReceivesTheTargetAsSent(string target)
    {
        await using var backend = await TestBackend.StartAsync("h2", http2Only: true);
        await using var env = await AlbTestEnvironment.StartAsync(Config(TestConfig.TargetGroup("t", backend, protocolVersion: "HTTP2")));
        using var client = env.CreateClient(8443, HttpVersion.Version20);

        using var response = await client.SendAsync(Request(HttpMethod.Get, env, target, HttpVersion.Version20));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = EchoedRequest.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/2", echo.Protocol);
        Assert.Equal(target, echo.RawTarget);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task GrpcClient_GrpcGroup_TargetReceivesTheTargetAsSent(string target)
    {
        await using var backend = await TestBackend.StartAsync("g", http2Only: true);
        await using var env = await AlbTestEnvironment.StartAsync(Config(TestConfig.TargetGroup("t", backend, protocolVersion: "GRPC")));
        using var client = env.CreateClient(8443, HttpVersion.Version20);
        using var request = Request(HttpMethod.Post, env, target, HttpVersion.Version20);
        request.Content = new ByteArrayContent([0, 0, 0, 0, 0]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = EchoedRequest.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/2", echo.Protocol);
        Assert.Equal(target, echo.RawTarget);
    }

    /// <summary>
    /// Matching is not forwarding: a path-pattern sees the path with dot segments removed and nothing percent-decoded
    /// (RULE-21 [EMU]), while the target still receives the target as sent.
    /// </summary>
    [Theory]
    [InlineData("/public/../admin/x", "admin")]
    [InlineData("/admin%2Fx", "default")]
    [InlineData("/%61dmin/x", "default")]
    [InlineData("//admin/x", "default")]
    [InlineData("/caf%C3%A9/menu", "cafe")]
    [InlineData("/caf%C3%A9/a%2Fb/../%7E", "cafe")]
    [InlineData("/admin;v=1/x", "default")]
    [InlineData("/admin/x;v=1", "admin")]
    public async Task PathPattern_MatchesTheNormalisedPath_TargetReceivesTheTargetAsSent(string target, string group)
    {
        await using var admin = new RawCaptureTarget();
        await using var cafe = new RawCaptureTarget();
        await using var other = new RawCaptureTarget();
        var groups = new Dictionary<string, RawCaptureTarget> { ["admin"] = admin, ["cafe"] = cafe, ["default"] = other };
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules(
            "default",
            string.Join(",\n", groups.Select(g => $$"""{ "Name": "{{g.Key}}", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{g.Value.Port}} } ] }""")),
            TestConfig.Rule(1, """{ "Field": "path-pattern", "Values": [ "/admin/*" ] }""", "admin"),
            TestConfig.Rule(2, """{ "Field": "path-pattern", "Values": [ "/caf*/*" ] }""", "cafe")));
        await using var client = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await client.SendAsync($"GET {target} HTTP/1.1\r\nHost: app.example.com\r\n\r\n");

        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        var head = await Eventually.ValueAsync(() => groups[group].TrafficRequests.ToArray(), r => r.Length > 0, $"the request at {group}");
        Assert.StartsWith($"GET {target} HTTP/1.1\r\n", Assert.Single(head).Head, StringComparison.Ordinal);
        Assert.All(groups.Where(g => g.Key != group), g => Assert.Empty(g.Value.TrafficRequests));
    }

    /// <summary>A request to the HTTPS listener whose target <see cref="HttpClient"/> sends as written (no unescaping, no dot-segment removal).</summary>
    private static HttpRequestMessage Request(HttpMethod method, AlbTestEnvironment env, string target, Version version) =>
        new(method, new Uri(env.Listener(8443).GetLeftPart(UriPartial.Authority) + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }))
        {
            Version = version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

    /// <summary>Sends <c>GET target</c> (plus <paramref name="headers"/>) on a raw socket to the HTTP listener; the head the target received.</summary>
    private static async Task<string> RawExchangeAsync(string target, string headers)
    {
        await using var capture = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync(Config(Http1Group(capture)));
        await using var client = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await client.SendAsync($"GET {target} HTTP/1.1\r\nHost: app.example.com\r\n{headers}\r\n");

        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        var heads = await Eventually.ValueAsync(() => capture.TrafficRequests.ToArray(), r => r.Length > 0, "the request at the target");
        return Assert.Single(heads).Head;
    }

    private static string Http1Group(RawCaptureTarget capture) =>
        $$"""{ "Name": "t", "Protocol": "HTTP", "ProtocolVersion": "HTTP1", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{capture.Port}} } ] }""";

    /// <summary>An HTTPS listener on 8443 (and, for an HTTP1 group, an HTTP listener on 8080) forwarding to group <c>t</c>.</summary>
    private static string Config(string targetGroup) => $$"""
        {
          "Listeners": [
            {{(targetGroup.Contains("\"HTTP1\"", StringComparison.Ordinal) ? $$"""{ "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward("t")}} ] },""" : "")}}
            { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ {{TestConfig.Forward("t")}} ] } ],
          "TargetGroups": [ {{targetGroup}} ]
        }
        """;
}
