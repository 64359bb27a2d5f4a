using AlbEmulator.Utilities;

namespace AlbEmulator.Configuration.Reading;

/// <summary>Builds <see cref="TargetGroupConfig"/> (with its matcher, attributes and targets).</summary>
internal static class TargetGroupReader
{
    public static TargetGroupConfig Read(JsonObjectReader o) => new()
    {
        Name = o.String("Name"),
        Protocol = o.String("Protocol"),
        ProtocolVersion = o.String("ProtocolVersion"),
        Port = o.Int("Port"),
        TargetType = o.String("TargetType"),
        HealthCheckEnabled = o.Bool("HealthCheckEnabled"),
        HealthCheckPath = o.String("HealthCheckPath"),
        HealthCheckPort = o.String("HealthCheckPort"),
        HealthCheckProtocol = o.String("HealthCheckProtocol"),
        HealthCheckIntervalSeconds = o.Int("HealthCheckIntervalSeconds"),
        HealthCheckTimeoutSeconds = o.Int("HealthCheckTimeoutSeconds"),
        HealthyThresholdCount = o.Int("HealthyThresholdCount"),
        UnhealthyThresholdCount = o.Int("UnhealthyThresholdCount"),
        Matcher = o.Object("Matcher", m => new MatcherConfig
        {
            HttpCode = m.String("HttpCode"),
            GrpcCode = m.String("GrpcCode"),
        }),
        VpcId = o.String("VpcId"),
        IpAddressType = o.String("IpAddressType"),
        TargetGroupAttributes = o.ObjectList("TargetGroupAttributes", ReadAttribute) ?? ValueList<AttributeConfig>.Empty,
        Targets = o.ObjectList("Targets", t => new TargetConfig
        {
            Id = t.String("Id"),
            Port = t.Int("Port"),
            AvailabilityZone = t.String("AvailabilityZone"),
            LambdaEndpoint = t.String("LambdaEndpoint"),
        }) ?? ValueList<TargetConfig>.Empty,
    };

    /// <summary>A <c>{Key, Value}</c> attribute; a missing key or value reads as "" (the validator reports it).</summary>
    public static AttributeConfig ReadAttribute(JsonObjectReader o) =>
        new(o.String("Key") ?? "", o.String("Value") ?? "");
}
