using AlbEmulator.Configuration;
using AlbEmulator.Health;

namespace AlbEmulator.Tests.Health;

public sealed class HealthCheckProbeTests
{
    private static HealthCheckSettings Settings(string protocolVersion = "HTTP1", string healthCheckProtocol = "HTTP", string? path = null) =>
        HealthCheckSettings.From(TargetGroupDefaults.Resolve(new TargetGroupConfig
        {
            Name = "web",
            Protocol = "HTTP",
            Port = 80,
            ProtocolVersion = protocolVersion,
            HealthCheckProtocol = healthCheckProtocol,
            HealthCheckPath = path,
        }));

    [Theory]
    [InlineData("HTTP", 80, "10.0.0.1")]
    [InlineData("HTTP", 8080, "10.0.0.1:8080")]
    [InlineData("HTTPS", 443, "10.0.0.1")]
    [InlineData("HTTPS", 80, "10.0.0.1:80")]
    public void Host_OmitsTheDefaultPort(string protocol, int port, string host)
    {
        using var request = HealthCheckProbe.BuildRequest(Settings(healthCheckProtocol: protocol), "10.0.0.1", port);
        Assert.Equal(host, request.Headers.Host);
    }

    [Fact]
    public void Http1_GetWithAlbHeaders()
    {
        using var request = HealthCheckProbe.BuildRequest(Settings(path: "/ping?x=1"), "::1", 8080);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://[::1]:8080/ping?x=1", request.RequestUri!.AbsoluteUri);
        Assert.Equal("[::1]:8080", request.Headers.Host);
        Assert.Equal(new Version(1, 1), request.Version);
        Assert.Equal("ELB-HealthChecker/2.0", request.Headers.UserAgent.ToString());
        Assert.Equal("*/*", request.Headers.Accept.ToString());
        Assert.True(request.Headers.ConnectionClose);
    }

    [Fact]
    public async Task Grpc_PostsAnEmptyGrpcMessage()
    {
        using var request = HealthCheckProbe.BuildRequest(Settings("GRPC"), "10.0.0.1", 50051);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/AWS.ALB/healthcheck", request.RequestUri!.AbsolutePath);
        Assert.Equal(new Version(2, 0), request.Version);
        Assert.Equal("application/grpc", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("trailers", string.Join(",", request.Headers.GetValues("TE")));
        Assert.Equal(new byte[5], await request.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void Settings_TrafficPortAndGrpcDefaults()
    {
        var http = Settings();
        Assert.Null(http.Port);
        Assert.Equal("8080", http.PortTextFor(8080));
        Assert.True(http.Matcher.Matches(200));
        var grpc = Settings("GRPC");
        Assert.True(grpc.Grpc && grpc.Http2);
        Assert.True(grpc.Matcher.Matches(12));
        Assert.Equal(TimeSpan.FromSeconds(30), grpc.Interval);
        Assert.Equal(TimeSpan.FromSeconds(5), grpc.Timeout);
    }
}
