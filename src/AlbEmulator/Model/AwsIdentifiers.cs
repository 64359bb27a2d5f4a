using System.Security.Cryptography;
using System.Text;

namespace AlbEmulator.Model;

/// <summary>
/// ARNs, resource ids and the DNS name of the emulated load balancer (alb-observability-api.md §4.5).
/// Ids are 16 lower-case hex digits derived from the names, so they are stable across restarts.
/// </summary>
public sealed class AwsIdentifiers
{
    /// <summary>The account id AlbEmulator reports (documented in docs/known-differences.md).</summary>
    public const string DefaultAccountId = "123456789012";

    /// <summary>The region AlbEmulator reports.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <param name="loadBalancerName">The load balancer's name.</param>
    /// <param name="region">The region reported.</param>
    /// <param name="accountId">The account reported.</param>
    /// <param name="isInternal">An <c>internal</c> load balancer: its DNS name starts with <c>internal-</c>, as in AWS.</param>
    public AwsIdentifiers(string loadBalancerName, string region = DefaultRegion, string accountId = DefaultAccountId, bool isInternal = false)
    {
        LoadBalancerName = loadBalancerName;
        Region = region;
        AccountId = accountId;
        LoadBalancerId = HexId("loadbalancer/" + loadBalancerName);
        LoadBalancerFullName = $"app/{loadBalancerName}/{LoadBalancerId}";
        LoadBalancerArn = $"arn:aws:elasticloadbalancing:{region}:{accountId}:loadbalancer/{LoadBalancerFullName}";
        var digits = ulong.Parse(LoadBalancerId[..8], System.Globalization.NumberStyles.HexNumber) % 9_000_000_000 + 1_000_000_000;
        DnsName = $"{(isInternal ? "internal-" : "")}{loadBalancerName}-{digits}.{region}.elb.amazonaws.com".ToLowerInvariant();
    }

    public string LoadBalancerName { get; }

    /// <summary>The identifiers of a configured load balancer (its name, or <c>local-alb</c>; its scheme).</summary>
    public static AwsIdentifiers Of(Configuration.LoadBalancerConfig loadBalancer) =>
        new(loadBalancer.EffectiveName, isInternal: loadBalancer.Scheme == "internal");

    public string Region { get; }

    public string AccountId { get; }

    /// <summary>16 hex digits.</summary>
    public string LoadBalancerId { get; }

    /// <summary><c>app/&lt;name&gt;/&lt;id&gt;</c>: the access-log <c>elb</c> field and the CloudWatch dimension.</summary>
    public string LoadBalancerFullName { get; }

    public string LoadBalancerArn { get; }

    /// <summary>The DNS name ALB would give this load balancer; used where ALB uses its DNS name (HDR-21).</summary>
    public string DnsName { get; }

    /// <summary>
    /// A target group is an account/region resource, not part of a load balancer: its ARN derives from its
    /// name only (<c>targetgroup/{name}/{16 hex}</c>), so it is the same whichever load balancer uses it.
    /// </summary>
    public string TargetGroupArn(string targetGroupName) => TargetGroupArnOf(targetGroupName, Region, AccountId);

    /// <inheritdoc cref="TargetGroupArn(string)"/>
    public static string TargetGroupArnOf(string targetGroupName, string region = DefaultRegion, string accountId = DefaultAccountId) =>
        $"arn:aws:elasticloadbalancing:{region}:{accountId}:targetgroup/{targetGroupName}/{AccountHexId(accountId, region, "targetgroup/" + targetGroupName)}";

    public string ListenerArn(int port) =>
        $"arn:aws:elasticloadbalancing:{Region}:{AccountId}:listener/{LoadBalancerFullName}/{HexId("listener/" + port)}";

    public string RuleArn(int listenerPort, string ruleKey) =>
        $"arn:aws:elasticloadbalancing:{Region}:{AccountId}:listener-rule/{LoadBalancerFullName}/{HexId("listener/" + listenerPort)}/{HexId("rule/" + listenerPort + "/" + ruleKey)}";

    public string CertificateArn(string certificateFile) =>
        $"arn:aws:acm:{Region}:{AccountId}:certificate/{Guid(certificateFile)}";

    private string HexId(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(LoadBalancerName + "|" + seed));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>16 hex digits for an account/region resource (no load balancer in the seed).</summary>
    private static string AccountHexId(string accountId, string region, string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(accountId + "|" + region + "|" + seed));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    private string Guid(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(LoadBalancerName + "|cert|" + seed));
        return new System.Guid(hash.AsSpan(0, 16)).ToString();
    }
}
