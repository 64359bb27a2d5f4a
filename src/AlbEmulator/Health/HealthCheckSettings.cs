using System.Globalization;
using AlbEmulator.Configuration;

namespace AlbEmulator.Health;

/// <summary>A target group's health-check parameters with AWS defaults applied (HC-1).</summary>
public sealed class HealthCheckSettings
{
    private HealthCheckSettings(ResolvedTargetGroup group)
    {
        Enabled = group.HealthCheckEnabled;
        IsLambda = group.TargetType == TargetTypes.Lambda;
        Https = string.Equals(group.HealthCheckProtocol, "HTTPS", StringComparison.OrdinalIgnoreCase);
        Port = int.TryParse(group.HealthCheckPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
        Path = group.HealthCheckPath;
        Interval = TimeSpan.FromSeconds(group.HealthCheckIntervalSeconds);
        Timeout = TimeSpan.FromSeconds(group.HealthCheckTimeoutSeconds);
        HealthyThreshold = group.HealthyThresholdCount;
        UnhealthyThreshold = group.UnhealthyThresholdCount;
        Grpc = group.ProtocolVersion == TargetTypes.Grpc;
        Http2 = group.ProtocolVersion is "HTTP2" or "GRPC";
        Matcher = HealthCheckMatcher.Parse((Grpc ? group.MatcherGrpcCode : group.MatcherHttpCode) ?? (Grpc ? TargetGroupDefaults.MatcherGrpcCode : TargetGroupDefaults.MatcherHttpCode));
    }

    public bool Enabled { get; }

    public bool IsLambda { get; }

    public bool Https { get; }

    /// <summary>The health-check port, or null for <c>traffic-port</c> (the target's own port).</summary>
    public int? Port { get; }

    public string Path { get; }

    public TimeSpan Interval { get; }

    public TimeSpan Timeout { get; }

    public int HealthyThreshold { get; }

    public int UnhealthyThreshold { get; }

    /// <summary>GRPC groups: the check is a gRPC call judged by <c>grpc-status</c> (HC-2, HC-12).</summary>
    public bool Grpc { get; }

    /// <summary>HTTP2 and GRPC groups check over HTTP/2 (HC-12).</summary>
    public bool Http2 { get; }

    public HealthCheckMatcher Matcher { get; }

    public static HealthCheckSettings From(ResolvedTargetGroup group) => new(group);

    /// <summary>The port a target is checked on.</summary>
    public int PortFor(int trafficPort) => Port ?? trafficPort;

    /// <summary>The <c>HealthCheckPort</c> describe-target-health reports for a target.</summary>
    public string PortTextFor(int trafficPort) => PortFor(trafficPort).ToString(CultureInfo.InvariantCulture);
}
