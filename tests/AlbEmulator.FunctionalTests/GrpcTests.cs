using System.Text.Json;
using AlbEmulator.Health;
using AlbEmulator.TargetGroups;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// gRPC through an HTTPS listener with the third-party grpc-js client and server (TG-10..TG-13, HC-2,
/// HC-12, MISC-20): every streaming kind, trailers, target errors, ALB errors in gRPC form, the 464
/// matrix and gRPC health checks. Plus an h2load smoke run through an HTTP2 group.
/// </summary>
public sealed class GrpcTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alb-grpc-" + Guid.NewGuid().ToString("N"));
    private string _certificate = "";

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>HTTPS listener 8443 forwarding to group "g" (one target on <paramref name="targetPort"/>).</summary>
    private string Config(int targetPort, string protocolVersion = "GRPC", string groupExtras = "")
    {
        var cert = TestCertificates.WritePem(_directory, "alb.test");
        _certificate = cert.CertificateFile;
        return $$"""
            {
              "Listeners": [ {
                "Port": 8443, "Protocol": "HTTPS",
                "Certificates": [ { "CertificateFile": {{JsonSerializer.Serialize(cert.CertificateFile)}}, "PrivateKeyFile": {{JsonSerializer.Serialize(cert.KeyFile)}} } ],
                "DefaultActions": [ {{TestConfig.Forward("g")}} ]
              } ],
              "TargetGroups": [ { "Name": "g", "Protocol": "HTTP", "ProtocolVersion": "{{protocolVersion}}", "Port": 80, {{groupExtras}}
                "Targets": [ { "Id": "127.0.0.1", "Port": {{targetPort}} } ] } ]
            }
            """;
    }

    private static Task<AlbTestEnvironment> StartAsync(string config) =>
        AlbTestEnvironment.StartAsync(config, configure: o => o.HealthChecks.Automatic = false);

    private static string Address(AlbTestEnvironment env) => $"127.0.0.1:{env.Listener(8443).Port}";

    [Fact]
    public async Task Unary_PassesThroughWithHeadersAndTrailers()
    {
        await using var target = await GrpcJsServer.StartAsync();
        await using var env = await StartAsync(Config(target.Port));

        var result = await GrpcJs.CallAsync(Address(env), _certificate, "unary", "hello");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal(["echo:hello"], result.Texts);
        Assert.Equal("hello", result.Header("x-initial"));
        Assert.Equal("unary-done", result.Trailer("x-trailer"));
        var seen = JsonDocument.Parse(result.FirstMessage.GetProperty("metadata").GetString()!).RootElement;
        Assert.Equal("https", seen.GetProperty("x-forwarded-proto").GetString());
        Assert.Equal("8443", seen.GetProperty("x-forwarded-port").GetString());
        Assert.StartsWith("Root=1-", seen.GetProperty("x-amzn-trace-id").GetString(), StringComparison.Ordinal);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/albtest.Echo/Unary", StringComparison.Ordinal)));
        Assert.Equal("grpcs", log.Type);
        Assert.Equal("POST", log.RequestVerb);
        Assert.Equal("HTTP/2.0", log.RequestProto);
        Assert.Equal("200", log.ElbStatusCode);
        Assert.Equal("200", log.TargetStatusCode);
    }

    [Fact]
    public async Task ServerStreaming_AllMessagesAndTrailers()
    {
        await using var target = await GrpcJsServer.StartAsync();
        await using var env = await StartAsync(Config(target.Port));

        var result = await GrpcJs.CallAsync(Address(env), _certificate, "server-stream", "s", "5");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal(["s:1", "s:2", "s:3", "s:4", "s:5"], result.Texts);
        Assert.Equal("hello", result.Header("x-initial"));
        Assert.Equal("server-stream-done", result.Trailer("x-trailer"));
    }

    [Fact]
    public async Task ClientStreaming_AllMessagesReachTheTarget()
    {
        await using var target = await GrpcJsServer.StartAsync();
        await using var env = await StartAsync(Config(target.Port));

        var result = await GrpcJs.CallAsync(Address(env), _certificate, "client-stream", "one", "two", "three", "four");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal(["one+two+three+four"], result.Texts);
        Assert.Equal("client-stream-done", result.Trailer("x-trailer"));
    }

    [Fact]
    public async Task BidirectionalStreaming_PingPongThroughTheLoadBalancer()
    {
        await using var target = await GrpcJsServer.StartAsync();
        await using var env = await StartAsync(Config(target.Port));

        // client.js sends each message only after the echo of the previous one arrived.
        var result = await GrpcJs.CallAsync(Address(env), _certificate, "bidi", "x", "y", "z");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal(["echo:x", "echo:y", "echo:z"], result.Texts);
        Assert.Equal("bidi-done", result.Trailer("x-trailer"));
    }

    [Fact]
    public async Task TargetErrorStatus_ReachesTheClientIntact()
    {
        await using var target = await GrpcJsServer.StartAsync();
        await using var env = await StartAsync(Config(target.Port));

        var result = await GrpcJs.CallAsync(Address(env), _certificate, "unary", "fail");

        Assert.Equal("INVALID_ARGUMENT", result.CodeName);
        Assert.Equal(3, result.Code);
        Assert.Equal("text must not be fail", result.Details);
        Assert.Equal("text was fail", result.Trailer("x-error-detail"));
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/albtest.Echo/Unary", StringComparison.Ordinal)));
        Assert.Equal("200", log.ElbStatusCode);
        Assert.Equal("200", log.TargetStatusCode);
    }

    [Fact]
    public async Task TargetDown_AlbAnswers502InGrpcForm_Unavailable()
    {
        var port = FreePort();
        await using var env = await StartAsync(Config(port));

        var result = await GrpcJs.CallAsync(Address(env), _certificate, "unary", "hello");

        Assert.Equal("UNAVAILABLE", result.CodeName);
        Assert.Equal("unavailable", result.Details);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/albtest.Echo/Unary", StringComparison.Ordinal)));
        Assert.Equal("grpcs", log.Type);
        Assert.Equal("502", log.ElbStatusCode);
        Assert.Equal("-", log.TargetStatusCode);

        // The same answer on the wire: HTTP 502 with grpc-status 14 / grpc-message unavailable (MISC-20).
        var head = await CurlHeadAsync(env, "-X", "POST", "-H", "content-type: application/grpc", "-H", "te: trailers", "--data-binary", "@/dev/null");
        Assert.Contains("HTTP/2 502", head, StringComparison.Ordinal);
        Assert.Contains("grpc-status: 14", head, StringComparison.Ordinal);
        Assert.Contains("grpc-message: unavailable", head, StringComparison.Ordinal);
        Assert.Contains("server: awselb/2.0", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcCallToHttp1Group_464_SeenAsUnimplemented()
    {
        await using var target = await GrpcJsServer.StartAsync();
        await using var env = await StartAsync(Config(target.Port, protocolVersion: "HTTP1"));

        var result = await GrpcJs.CallAsync(Address(env), _certificate, "unary", "hello");

        Assert.Equal(12, result.Code);
        Assert.Equal("UNIMPLEMENTED", result.CodeName);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/albtest.Echo/Unary", StringComparison.Ordinal)));
        Assert.Equal("464", log.ElbStatusCode);
        Assert.Equal("-", log.TargetStatusCode);

        var head = await CurlHeadAsync(env, "-X", "POST", "-H", "content-type: application/grpc", "--data-binary", "@/dev/null");
        Assert.Contains("HTTP/2 464", head, StringComparison.Ordinal);
        Assert.Contains("grpc-status: 12", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonPostHttp2ToGrpcGroup_464()
    {
        await using var target = await GrpcJsServer.StartAsync();
        await using var env = await StartAsync(Config(target.Port));

        var head = await CurlHeadAsync(env);

        Assert.Contains("HTTP/2 464", head, StringComparison.Ordinal);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/albtest.Echo/Unary", StringComparison.Ordinal)));
        Assert.Equal("GET", log.RequestVerb);
        Assert.Equal("464", log.ElbStatusCode);
    }

    [Fact]
    public async Task Http11ToGrpcGroup_464()
    {
        await using var target = await GrpcJsServer.StartAsync();
        await using var env = await StartAsync(Config(target.Port));

        var head = await CurlHeadAsync(env, "--http1.1", "-X", "POST", "-H", "content-type: application/grpc", "--data-binary", "@/dev/null");

        Assert.StartsWith("HTTP/1.1 464", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheck_DefaultPathAndMatcher_ServerWithoutTheMethodIsHealthy()
    {
        await using var target = await GrpcJsServer.StartAsync();
        await using var env = await StartAsync(Config(target.Port, groupExtras: """ "HealthyThresholdCount": 2, """));

        await TargetGroupScenario.CheckAsync(env, 2);

        // grpc-js answers /AWS.ALB/healthcheck with 12 UNIMPLEMENTED; the default GrpcCode matcher is 12 (HC-2).
        Assert.Equal(TargetHealth.Healthy, HealthOf(env, target));
    }

    [Fact]
    public async Task HealthCheck_MatcherZero_UnhealthyUnlessTheServerImplementsTheMethod()
    {
        await using var without = await GrpcJsServer.StartAsync();
        await using var with = await GrpcJsServer.StartAsync(health: true);
        var config = Config(without.Port, groupExtras: """ "HealthyThresholdCount": 2, "UnhealthyThresholdCount": 2, "Matcher": { "GrpcCode": "0" }, """)
            .Replace($$"""{ "Id": "127.0.0.1", "Port": {{without.Port}} }""", $$"""{ "Id": "127.0.0.1", "Port": {{without.Port}} }, { "Id": "127.0.0.1", "Port": {{with.Port}} }""", StringComparison.Ordinal);
        await using var env = await StartAsync(config);

        await TargetGroupScenario.CheckAsync(env, 2);

        Assert.Equal(TargetHealth.ResponseCodeMismatch(12), HealthOf(env, without));
        Assert.Equal(TargetHealth.Healthy, HealthOf(env, with));
    }

    [Fact]
    public async Task H2load_Http2GroupSmoke_AllRequestsSucceed()
    {
        await using var backend = await TestBackend.StartAsync("h2", http2Only: true);
        await using var env = await StartAsync(Config(backend.Port, protocolVersion: "HTTP2"));
        var url = new Uri(env.Listener(8443), "/h2load").ToString();

        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("h2load", ["-n", "200", "-c", "4", "-m", "10", url], timeout: TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("200 succeeded, 0 failed, 0 errored", stdout, StringComparison.Ordinal);
        Assert.Contains("200 2xx", stdout, StringComparison.Ordinal);
        Assert.Contains("Application protocol: h2", stdout, StringComparison.Ordinal);
        Assert.Equal(200, backend.RequestCount);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static TargetHealth HealthOf(AlbTestEnvironment env, GrpcJsServer server) =>
        env.Server.Targets.DescribeTargetHealth("g", [new TargetDescription("127.0.0.1", server.Port)])[0].TargetHealth;

    /// <summary>curl over HTTP/2 (unless told otherwise) to /albtest.Echo/Unary; returns the response head.</summary>
    private static async Task<string> CurlHeadAsync(AlbTestEnvironment env, params string[] arguments)
    {
        var url = new Uri(env.Listener(8443), "/albtest.Echo/Unary").ToString();
        string[] protocol = arguments.Contains("--http1.1") ? [] : ["--http2"];
        var (_, stdout, stderr) = await ExternalProcess.RunAsync("curl", ["-sk", "--max-time", "20", "-o", "/dev/null", "-D", "-", .. protocol, .. arguments, url]);
        Assert.False(string.IsNullOrEmpty(stdout), stderr);
        return stdout.Replace("\r", "", StringComparison.Ordinal);
    }
}
