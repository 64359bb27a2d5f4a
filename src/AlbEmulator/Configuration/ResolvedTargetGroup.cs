namespace AlbEmulator.Configuration;

/// <summary>
/// A target group's settings with AWS defaults applied (<see cref="TargetGroupDefaults.Resolve"/>).
/// Lambda groups have no protocol, port or protocol version: <see cref="Protocol"/> and
/// <see cref="ProtocolVersion"/> are empty and <see cref="Port"/> is 0.
/// </summary>
public sealed record ResolvedTargetGroup(
    string Name,
    string Protocol,
    string ProtocolVersion,
    int Port,
    string TargetType,
    bool HealthCheckEnabled,
    string HealthCheckPath,
    string HealthCheckPort,
    string HealthCheckProtocol,
    int HealthCheckIntervalSeconds,
    int HealthCheckTimeoutSeconds,
    int HealthyThresholdCount,
    int UnhealthyThresholdCount,
    string? MatcherHttpCode,
    string? MatcherGrpcCode);
