using AlbEmulator.Configuration;

namespace AlbEmulator.Tests.Configuration;

public sealed class TargetGroupDefaultsTests
{
    [Theory]
    //          type        version  protocol version  port  hc     path                    interval timeout healthy unhealthy http   grpc
    [InlineData(null, null, "ip", "HTTP1", 80, true, "/", 30, 5, 5, 2, "200", null)]
    [InlineData("ip", "HTTP1", "ip", "HTTP1", 80, true, "/", 30, 5, 5, 2, "200", null)]
    [InlineData("ip", "HTTP2", "ip", "HTTP2", 80, true, "/", 30, 5, 5, 2, "200", null)]
    [InlineData("ip", "GRPC", "ip", "GRPC", 80, true, "/AWS.ALB/healthcheck", 30, 5, 5, 2, null, "12")]
    [InlineData("instance", "HTTP1", "instance", "HTTP1", 80, true, "/", 30, 5, 5, 2, "200", null)]
    [InlineData("instance", "HTTP2", "instance", "HTTP2", 80, true, "/", 30, 5, 5, 2, "200", null)]
    [InlineData("instance", "GRPC", "instance", "GRPC", 80, true, "/AWS.ALB/healthcheck", 30, 5, 5, 2, null, "12")]
    [InlineData("lambda", null, "lambda", "", 0, false, "/", 35, 30, 5, 5, "200", null)]
    public void Defaults_per_target_type_and_protocol_version(
        string? targetType, string? version, string expectedType, string expectedVersion, int port, bool enabled, string path,
        int interval, int timeout, int healthy, int unhealthy, string? httpCode, string? grpcCode)
    {
        var lambda = targetType == "lambda";
        var resolved = TargetGroupDefaults.Resolve(new TargetGroupConfig
        {
            Name = "tg",
            TargetType = targetType,
            ProtocolVersion = version,
            Port = lambda ? null : 80,
        });

        Assert.Equal(
            new ResolvedTargetGroup("tg", lambda ? "" : "HTTP", expectedVersion, port, expectedType, enabled, path, "traffic-port", "HTTP",
                interval, timeout, healthy, unhealthy, httpCode, grpcCode),
            resolved);
    }

    [Fact]
    public void Given_values_win_over_defaults()
    {
        var resolved = TargetGroupDefaults.Resolve(new TargetGroupConfig
        {
            Name = "g",
            Protocol = "HTTPS",
            ProtocolVersion = "GRPC",
            Port = 50051,
            HealthCheckPath = "/grpc.health.v1.Health/Check",
            HealthCheckPort = "9000",
            HealthCheckProtocol = "HTTPS",
            HealthCheckIntervalSeconds = 10,
            HealthCheckTimeoutSeconds = 3,
            HealthyThresholdCount = 3,
            UnhealthyThresholdCount = 4,
            Matcher = new MatcherConfig { GrpcCode = "0" },
        });

        Assert.Equal(
            new ResolvedTargetGroup("g", "HTTPS", "GRPC", 50051, "ip", true, "/grpc.health.v1.Health/Check", "9000", "HTTPS", 10, 3, 3, 4, null, "0"),
            resolved);
    }

    [Fact]
    public void Load_balancer_default_name()
    {
        Assert.Equal("local-alb", LoadBalancerDefaults.Name);
    }
}
