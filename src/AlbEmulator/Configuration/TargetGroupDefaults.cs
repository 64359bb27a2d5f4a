namespace AlbEmulator.Configuration;

// TEMPORARY STUB (replaced by the config branch).
public sealed record ResolvedTargetGroup(
    string Name, string Protocol, string ProtocolVersion, int Port, string TargetType, bool HealthCheckEnabled,
    string HealthCheckPath, string HealthCheckPort, string HealthCheckProtocol, int HealthCheckIntervalSeconds,
    int HealthCheckTimeoutSeconds, int HealthyThresholdCount, int UnhealthyThresholdCount, string? MatcherHttpCode, string? MatcherGrpcCode);

public static class TargetGroupDefaults
{
    public static ResolvedTargetGroup Resolve(TargetGroupConfig tg) => new(
        tg.Name ?? "", tg.Protocol ?? "HTTP", tg.ProtocolVersion ?? "HTTP1", tg.Port ?? 80, tg.TargetType ?? "ip", true,
        tg.HealthCheckPath ?? "/", tg.HealthCheckPort ?? "traffic-port", tg.HealthCheckProtocol ?? "HTTP", 30, 5, 5, 2, "200", null);
}

public static class TargetGroupReference
{
    public static bool TryGetName(string arn, out string name)
    {
        var i = arn.IndexOf(":targetgroup/", StringComparison.Ordinal);
        name = "";
        if (i < 0)
        {
            return false;
        }

        var rest = arn[(i + 13)..];
        var slash = rest.IndexOf('/');
        name = slash < 0 ? rest : rest[..slash];
        return name.Length > 0;
    }
}
