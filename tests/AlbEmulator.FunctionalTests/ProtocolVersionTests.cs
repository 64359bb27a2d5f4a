using System.Net;
using System.Net.Http.Headers;
using AlbEmulator.Errors;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The client protocol × target-group ProtocolVersion matrix (TG-11), one row per cell, over an HTTPS
/// listener with real HTTP/1.1 and HTTP/2 (ALPN) clients: compatible requests reach the target with the
/// right outbound protocol, incompatible ones get 464 (ERR-464) — in gRPC form toward gRPC clients.
/// </summary>
public sealed class ProtocolVersionTests : IClassFixture<ProtocolVersionTests.Environment>
{
    private readonly Environment _env;

    public ProtocolVersionTests(Environment env) => _env = env;

    public static TheoryData<string, string, string, int, string?> Matrix() => new()
    {
        // client, method, group → expected status, protocol the target saw
        { "http1", "GET", "HTTP1", 200, "HTTP/1.1" },
        { "http1", "GET", "HTTP2", 464, null },
        { "http1", "POST", "GRPC", 464, null },
        { "http2", "GET", "HTTP1", 200, "HTTP/1.1" },
        { "http2", "GET", "HTTP2", 200, "HTTP/2" },
        { "http2", "GET", "GRPC", 464, null },
        { "http2", "POST", "GRPC", 200, "HTTP/2" },
        { "grpc", "POST", "HTTP1", 464, null },
        { "grpc", "POST", "HTTP2", 200, "HTTP/2" },
        { "grpc", "POST", "GRPC", 200, "HTTP/2" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Request_ClientProtocolAgainstGroup_ForwardedOr464(string client, string method, string group, int expectedStatus, string? targetProtocol)
    {
        using var http = _env.Server.CreateClient(8443, client == "http1" ? HttpVersion.Version11 : HttpVersion.Version20);
        using var request = new HttpRequestMessage(new HttpMethod(method), "/" + group.ToLowerInvariant())
        {
            Version = http.DefaultRequestVersion,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (method == "POST")
        {
            request.Content = new ByteArrayContent(client == "grpc" ? [0, 0, 0, 0, 0] : "x"u8.ToArray());
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(client == "grpc" ? "application/grpc" : "text/plain");
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        if (targetProtocol is not null)
        {
            Assert.Equal(targetProtocol, EchoedRequest.Parse(await response.Content.ReadAsStringAsync()).Protocol);
            return;
        }

        var descriptor = AlbErrorCatalog.Get(AlbError.IncompatibleProtocol);
        Assert.Equal("awselb/2.0", response.Headers.Server.ToString());
        if (client == "grpc")
        {
            // gRPC clients read the status from grpc-status (MISC-20): 464 → 12 UNIMPLEMENTED.
            Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
            Assert.Equal("unimplemented", response.Headers.GetValues("grpc-message").Single());
            Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            Assert.Equal("text/html", response.Content.Headers.ContentType?.ToString());
            Assert.Equal(descriptor.Body, await response.Content.ReadAsByteArrayAsync());
        }

        var line = AccessLogLine.Parse(await _env.Server.WaitForAccessLogAsync(l => l.Contains($" 464 - ", StringComparison.Ordinal) && l.Contains($"/{group.ToLowerInvariant()} HTTP/", StringComparison.Ordinal)));
        Assert.Equal("464", line.ElbStatusCode);
    }

    [Fact]
    public async Task Diagnostics_464_ExplainsCauseAndFix()
    {
        await using var env = await AlbTestEnvironment.StartAsync(Environment.Config(_env.Http1.Port, _env.Http2.Port), configure: o => o.Diagnostics = true);
        using var http = env.CreateClient(8443, HttpVersion.Version11);

        using var response = await http.GetAsync("/http2");

        Assert.Equal(464, (int)response.StatusCode);
        var diagnostic = response.Headers.GetValues("X-AlbEmulator-Diagnostic").Single();
        Assert.Contains("HTTP/1.x GET", diagnostic);
        Assert.Contains("target group 'h2' has ProtocolVersion HTTP2", diagnostic);
        Assert.Contains("Fix:", diagnostic);
    }

    /// <summary>An HTTPS listener routing /http1, /http2 and /grpc to one group of each protocol version.</summary>
    public sealed class Environment : IAsyncLifetime
    {
        public AlbTestEnvironment Server { get; private set; } = null!;

        public TestBackend Http1 { get; private set; } = null!;

        public TestBackend Http2 { get; private set; } = null!;

        public static string Config(int http1Port, int http2Port) => $$"""
            {
              "Listeners": [ {
                "Port": 8443, "Protocol": "HTTPS",
                "DefaultActions": [ { "Type": "forward", "TargetGroupName": "h1" } ],
                "Rules": [
                  { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/http2" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "h2" } ] },
                  { "Priority": 2, "Conditions": [ { "Field": "path-pattern", "Values": [ "/grpc" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "g" } ] }
                ] } ],
              "TargetGroups": [
                { "Name": "h1", "Protocol": "HTTP", "ProtocolVersion": "HTTP1", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{http1Port}} } ] },
                { "Name": "h2", "Protocol": "HTTP", "ProtocolVersion": "HTTP2", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{http2Port}} } ] },
                { "Name": "g", "Protocol": "HTTP", "ProtocolVersion": "GRPC", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{http2Port}} } ] }
              ]
            }
            """;

        public async Task InitializeAsync()
        {
            Http1 = await TestBackend.StartAsync("h1");
            Http2 = await TestBackend.StartAsync("h2", http2Only: true);
            Server = await AlbTestEnvironment.StartAsync(Config(Http1.Port, Http2.Port));
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            await Http1.DisposeAsync();
            await Http2.DisposeAsync();
        }
    }
}
