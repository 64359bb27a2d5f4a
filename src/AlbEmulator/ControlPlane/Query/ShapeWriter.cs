using System.Globalization;
using System.Xml.Linq;
using AlbEmulator.Configuration;
using AlbEmulator.TargetGroups;
using static AlbEmulator.ControlPlane.Query.QueryXml;

namespace AlbEmulator.ControlPlane.Query;

/// <summary>
/// Writes the ELBv2 response shapes (alb-observability-api §4.8) from the config records, with AWS
/// defaults filled in and ARNs derived as the data plane derives them.
/// </summary>
internal static class ShapeWriter
{
    /// <summary>The hosted zone of us-east-1 ALBs (§4.5).</summary>
    public const string CanonicalHostedZoneId = "Z35SXDOTRQ7X7K";

    public const string VpcId = "vpc-0a1b2c3d4e5f60718";

    /// <summary>The subnets a load balancer reports until SetSubnets changes them (two AZs, as ALB requires).</summary>
    public static readonly IReadOnlyList<string> DefaultSubnets = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];

    public const string DefaultSecurityGroup = "sg-0a1b2c3d4e5f60718";

    public static IEnumerable<object?> LoadBalancer(ResourceIndex index, LoadBalancerConfig loadBalancer, DateTimeOffset created, StoredSettings settings, string state = "active")
    {
        var ids = index.Identifiers(loadBalancer);
        yield return E("LoadBalancerArn", ids.LoadBalancerArn);
        yield return E("DNSName", ids.DnsName);
        yield return E("CanonicalHostedZoneId", CanonicalHostedZoneId);
        yield return E("CreatedTime", created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        yield return E("LoadBalancerName", ids.LoadBalancerName);
        yield return E("Scheme", loadBalancer.Scheme ?? "internet-facing");
        yield return E("VpcId", VpcId);
        yield return Struct("State", E("Code", state));
        yield return E("Type", "application");
        yield return AvailabilityZones(ids.Region, settings);
        yield return List("SecurityGroups", (IEnumerable<object?>?)settings.SecurityGroups ?? [DefaultSecurityGroup]);
        yield return E("IpAddressType", settings.IpAddressType ?? loadBalancer.IpAddressType ?? "ipv4");
        yield return E("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic", settings.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic);
    }

    /// <summary>One AZ per subnet: the n-th subnet is in the region's n-th zone (a, b, c, ...).</summary>
    public static XElement AvailabilityZones(string region, StoredSettings settings) =>
        StructList("AvailabilityZones", (settings.Subnets ?? (IEnumerable<string>)DefaultSubnets).Select((subnet, n) => (Zone: region + (char)('a' + n % 26), Subnet: subnet)), z => [
            E("ZoneName", z.Zone),
            E("SubnetId", z.Subnet),
            new XElement(Ns + "LoadBalancerAddresses"),
        ]);

    public static IEnumerable<object?> Listener(ResourceIndex index, ListenerConfig listener)
    {
        var https = listener.Protocol == "HTTPS";
        yield return E("ListenerArn", index.ListenerArn(listener));
        yield return E("LoadBalancerArn", index.IdentifiersOf(listener).LoadBalancerArn);
        yield return E("Port", listener.Port);
        yield return E("Protocol", listener.Protocol);
        if (https)
        {
            yield return StructList("Certificates", listener.Certificates.Take(1), c => [E("CertificateArn", CertificateArn(index, c, listener))]);
            yield return E("SslPolicy", listener.SslPolicy ?? SslPolicies.Default);
            if (listener.MutualAuthentication is { } mutual)
            {
                // LST-40: the trust store reported by ARN, whichever way the config named it.
                var store = TrustStores.TrustStoreLoader.ReferencedName(mutual) is { } name ? TrustStores.TrustStoreArns.For(name) : null;
                yield return Struct("MutualAuthentication",
                    E("Mode", mutual.Mode ?? "off"),
                    E("TrustStoreArn", store),
                    E("IgnoreClientCertificateExpiry", mutual.Mode == "verify" ? mutual.IgnoreClientCertificateExpiry ?? false : null),
                    E("TrustStoreAssociationStatus", store is null ? null : "active"),
                    E("AdvertiseTrustStoreCaNames", mutual.Mode == "verify" ? mutual.AdvertiseTrustStoreCaNames ?? "off" : null));
            }
        }

        yield return StructList("DefaultActions", Ordered(listener.DefaultActions), a => Action(index, a.Action, a.Order));
    }

    public static string CertificateArn(ResourceIndex index, CertificateConfig certificate, ListenerConfig listener) =>
        certificate.CertificateArn ?? index.IdentifiersOf(listener).CertificateArn(certificate.CertificateFile ?? $"self-signed-{listener.Port}");

    public static IEnumerable<object?> Rule(ResourceIndex index, ListenerConfig listener, RuleConfig? rule)
    {
        if (rule is null)
        {
            yield return E("RuleArn", index.DefaultRuleArn(listener));
            yield return E("Priority", "default");
            yield return new XElement(Ns + "Conditions");
            yield return StructList("Actions", Ordered(listener.DefaultActions), a => Action(index, a.Action, a.Order));
            yield return E("IsDefault", true);
            yield break;
        }

        yield return E("RuleArn", index.RuleArn(listener, rule));
        yield return E("Priority", rule.Priority?.ToString(CultureInfo.InvariantCulture));
        yield return StructList("Conditions", rule.Conditions, Condition);
        yield return StructList("Actions", Ordered(rule.Actions), a => Action(index, a.Action, a.Order));
        yield return TransformShapes.Write(rule);
        yield return E("IsDefault", false);
    }

    /// <summary>Actions in Order; a single action without Order reports Order 1, as AWS does.</summary>
    private static IEnumerable<(ActionConfig Action, int Order)> Ordered(IReadOnlyList<ActionConfig> actions) =>
        actions.Select((a, i) => (a, a.Order ?? i + 1)).OrderBy(a => a.Item2);

    public static IEnumerable<object?> Action(ResourceIndex index, ActionConfig action, int order)
    {
        yield return E("Type", action.Type);
        if (action.Type == "forward")
        {
            var single = action.TargetGroupName is not null || action.TargetGroupArn is not null;
            var groups = single
                ? [(Arn: GroupArn(index, action.TargetGroupName, action.TargetGroupArn), Weight: 1)]
                : (action.ForwardConfig?.TargetGroups ?? Utilities.ValueList<TargetGroupTupleConfig>.Empty).Select(t => (Arn: GroupArn(index, t.TargetGroupName, t.TargetGroupArn), Weight: t.Weight ?? 1)).ToArray();
            if (groups.Length == 1)
            {
                yield return E("TargetGroupArn", groups[0].Arn);
            }

            var stickiness = action.ForwardConfig?.TargetGroupStickinessConfig;
            yield return Struct(
                "ForwardConfig",
                StructList("TargetGroups", groups, g => [E("TargetGroupArn", g.Arn), E("Weight", g.Weight)]),
                Struct("TargetGroupStickinessConfig", E("Enabled", stickiness?.Enabled ?? false), E("DurationSeconds", stickiness?.Enabled == true ? stickiness.DurationSeconds : null)));
        }

        yield return E("Order", order);
        if (action.RedirectConfig is { } redirect)
        {
            yield return Struct(
                "RedirectConfig",
                E("Protocol", redirect.Protocol ?? "#{protocol}"),
                E("Port", redirect.Port ?? "#{port}"),
                E("Host", redirect.Host ?? "#{host}"),
                E("Path", redirect.Path ?? "/#{path}"),
                E("Query", redirect.Query ?? "#{query}"),
                E("StatusCode", redirect.StatusCode));
        }

        if (action.FixedResponseConfig is { } fixedResponse)
        {
            yield return Struct(
                "FixedResponseConfig",
                E("MessageBody", fixedResponse.MessageBody),
                E("StatusCode", fixedResponse.StatusCode),
                E("ContentType", fixedResponse.ContentType));
        }

        foreach (var member in AuthenticationShapes.Write(action))
        {
            yield return member;
        }
    }

    private static string? GroupArn(ResourceIndex index, string? name, string? arn)
    {
        if (arn is not null)
        {
            return arn;
        }

        return name is null ? null : index.TargetGroupArn(index.FindTargetGroupByName(name) ?? new TargetGroupConfig { Name = name });
    }

    /// <summary>A condition in the legacy Field+Values form (host-header, path-pattern) and in the typed form.</summary>
    public static IEnumerable<object?> Condition(RuleConditionConfig condition)
    {
        yield return E("Field", condition.Field);
        var typed = condition.Field switch
        {
            "host-header" => condition.HostHeaderConfig,
            "path-pattern" => condition.PathPatternConfig,
            _ => null,
        };
        var regex = condition.RegexValues ?? typed?.RegexValues;
        if (regex is not null && condition.Field is "host-header" or "path-pattern")
        {
            // RULE-14: regex matching is reported in the typed form only.
            yield return Struct(condition.Field == "host-header" ? "HostHeaderConfig" : "PathPatternConfig", List("RegexValues", regex));
        }

        var legacy = condition.Values ?? typed?.Values;
        if (regex is null && legacy is not null && condition.Field is "host-header" or "path-pattern")
        {
            yield return List("Values", legacy);
            yield return Struct(condition.Field == "host-header" ? "HostHeaderConfig" : "PathPatternConfig", List("Values", legacy));
        }

        if (condition.HttpHeaderConfig is { } header)
        {
            yield return header.RegexValues is { } headerRegex
                ? Struct("HttpHeaderConfig", E("HttpHeaderName", header.HttpHeaderName), List("RegexValues", headerRegex))
                : Struct("HttpHeaderConfig", E("HttpHeaderName", header.HttpHeaderName), List("Values", header.Values));
        }

        if (condition.QueryStringConfig is { } query)
        {
            yield return Struct("QueryStringConfig", StructList("Values", query.Values, v => [E("Key", v.Key), E("Value", v.Value)]));
        }

        if (condition.HttpRequestMethodConfig is { } method)
        {
            yield return Struct("HttpRequestMethodConfig", List("Values", method.Values));
        }

        if (condition.SourceIpConfig is { } source)
        {
            yield return Struct("SourceIpConfig", List("Values", source.Values));
        }
    }

    public static IEnumerable<object?> TargetGroup(ResourceIndex index, TargetGroupConfig group)
    {
        var resolved = TargetGroupDefaults.Resolve(group);
        var lambda = resolved.TargetType == "lambda";
        yield return E("TargetGroupArn", index.TargetGroupArn(group));
        yield return E("TargetGroupName", resolved.Name);
        if (!lambda)
        {
            yield return E("Protocol", resolved.Protocol);
            yield return E("Port", resolved.Port);
            yield return E("VpcId", group.VpcId ?? VpcId);
        }

        yield return E("HealthCheckProtocol", lambda ? null : resolved.HealthCheckProtocol);
        yield return E("HealthCheckPort", lambda ? null : resolved.HealthCheckPort);
        yield return E("HealthCheckEnabled", resolved.HealthCheckEnabled);
        yield return E("HealthCheckIntervalSeconds", resolved.HealthCheckIntervalSeconds);
        yield return E("HealthCheckTimeoutSeconds", resolved.HealthCheckTimeoutSeconds);
        yield return E("HealthyThresholdCount", resolved.HealthyThresholdCount);
        yield return E("UnhealthyThresholdCount", resolved.UnhealthyThresholdCount);
        yield return E("HealthCheckPath", resolved.HealthCheckPath);
        yield return Struct("Matcher", E("HttpCode", resolved.MatcherHttpCode), E("GrpcCode", resolved.MatcherGrpcCode));
        yield return List("LoadBalancerArns", index.LoadBalancersUsing(resolved.Name).Select(index.LoadBalancerArn));
        yield return E("TargetType", resolved.TargetType);
        if (!lambda)
        {
            yield return E("ProtocolVersion", resolved.ProtocolVersion);
            yield return E("IpAddressType", group.IpAddressType ?? "ipv4");
        }
    }

    public static IEnumerable<object?> Attributes(IEnumerable<AttributeConfig> attributes) =>
        [StructList("Attributes", attributes, a => [E("Key", a.Key), E("Value", a.Value)])];

    public static IEnumerable<object?> TargetHealth(TargetHealthDescription description)
    {
        yield return Struct("Target", E("Id", description.Target.Id), E("Port", description.Target.Port));
        yield return E("HealthCheckPort", description.HealthCheckPort);
        yield return Struct(
            "TargetHealth",
            E("State", description.TargetHealth.StateName),
            E("Reason", description.TargetHealth.Reason),
            E("Description", description.TargetHealth.Description));
        if (description.AnomalyDetection is { } anomaly)
        {
            yield return Struct("AnomalyDetection", E("Result", anomaly.Result), E("MitigationInEffect", anomaly.MitigationInEffect));
        }
    }

    public static XElement Tags(IEnumerable<KeyValuePair<string, string>> tags) =>
        StructList("Tags", tags, t => [E("Key", t.Key), E("Value", t.Value)]);
}
