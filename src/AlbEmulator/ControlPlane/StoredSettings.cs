using AlbEmulator.Utilities;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// What the ELBv2 API stores and describes for a load balancer or listener where a local process has
/// nothing to do (docs/control-plane.md, "validates, stores, describes"): security groups, subnets, the
/// IP address type, capacity reservation, IPAM pool and additional listener
/// certificates. Keyed by the resource's ARN in <see cref="ControlPlaneState.Settings"/>; null members
/// mean AWS's default.
/// </summary>
internal sealed record StoredSettings
{
    public static readonly StoredSettings None = new();

    /// <summary>When CreateLoadBalancer made the load balancer (null: it came from the config file).</summary>
    public DateTimeOffset? CreatedTime { get; init; }

    public ValueList<string>? SecurityGroups { get; init; }

    public string? EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic { get; init; }

    public ValueList<string>? Subnets { get; init; }

    public string? IpAddressType { get; init; }

    public int? MinimumCapacityUnits { get; init; }

    public string? Ipv4IpamPoolId { get; init; }

}
