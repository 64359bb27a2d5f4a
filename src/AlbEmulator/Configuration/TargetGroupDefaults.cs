namespace AlbEmulator.Configuration;

/// <summary>
/// AWS defaults for target group settings, per target type and protocol version (alb-data-plane
/// HC-1, alb-observability-api §4.6). One difference from AWS: the default target type is
/// <c>ip</c>, because targets here are addresses, not EC2 instances.
/// </summary>
public static class TargetGroupDefaults
{
    public const string TargetType = TargetTypes.Ip;
    public const string Protocol = "HTTP";
    public const string ProtocolVersion = TargetTypes.Http1;
    public const string HealthCheckPort = "traffic-port";
    public const string HealthCheckPath = "/";
    public const string GrpcHealthCheckPath = "/AWS.ALB/healthcheck";
    public const string MatcherHttpCode = "200";
    public const string MatcherGrpcCode = "12";

    public static ResolvedTargetGroup Resolve(TargetGroupConfig tg)
    {
        var targetType = tg.TargetType ?? TargetType;
        var lambda = targetType == TargetTypes.Lambda;
        var protocolVersion = lambda ? "" : tg.ProtocolVersion ?? ProtocolVersion;
        var grpc = protocolVersion == TargetTypes.Grpc;
        var protocol = lambda ? "" : tg.Protocol ?? Protocol;

        return new ResolvedTargetGroup(
            Name: tg.Name ?? "",
            Protocol: protocol,
            ProtocolVersion: protocolVersion,
            Port: lambda ? 0 : tg.Port ?? 0,
            TargetType: targetType,
            HealthCheckEnabled: tg.HealthCheckEnabled ?? !lambda,
            HealthCheckPath: tg.HealthCheckPath ?? (grpc ? GrpcHealthCheckPath : HealthCheckPath),
            HealthCheckPort: tg.HealthCheckPort ?? HealthCheckPort,
            HealthCheckProtocol: tg.HealthCheckProtocol ?? Protocol,
            HealthCheckIntervalSeconds: tg.HealthCheckIntervalSeconds ?? (lambda ? 35 : 30),
            HealthCheckTimeoutSeconds: tg.HealthCheckTimeoutSeconds ?? (lambda ? 30 : 5),
            HealthyThresholdCount: tg.HealthyThresholdCount ?? 5,
            UnhealthyThresholdCount: tg.UnhealthyThresholdCount ?? (lambda ? 5 : 2),
            MatcherHttpCode: grpc ? null : tg.Matcher?.HttpCode ?? MatcherHttpCode,
            MatcherGrpcCode: grpc ? tg.Matcher?.GrpcCode ?? MatcherGrpcCode : null);
    }
}
