using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.Utilities;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// DescribeLoadBalancers, CreateLoadBalancer, DeleteLoadBalancer, DescribeLoadBalancerAttributes,
/// ModifyLoadBalancerAttributes. The emulator runs any number of load balancers (config-format §4).
/// </summary>
internal static class LoadBalancerOperations
{
    /// <summary>A load balancer made by CreateLoadBalancer reports <c>provisioning</c> this long, then <c>active</c>.</summary>
    public static readonly TimeSpan ProvisioningTime = TimeSpan.FromSeconds(1);

    public static IEnumerable<object?> DescribeLoadBalancers(QueryParameters request, AlbControlPlane controlPlane)
    {
        var state = controlPlane.State;
        var index = state.Index();
        var arns = request.Strings("LoadBalancerArns") ?? [];
        var names = request.Strings("Names") ?? [];
        if (arns.Count > 20 || names.Count > 20)
        {
            throw AlbApiError.Validation("1 validation error detected: Value at 'loadBalancerArns' or 'names' failed to satisfy constraint: Member must have length less than or equal to 20");
        }

        // Either filter (AWS refuses both together); without one, every load balancer.
        if (arns.Count > 0 && names.Count > 0)
        {
            throw AlbApiError.Validation("Load balancer names and load balancer ARNs cannot be specified at the same time");
        }

        IReadOnlyList<LoadBalancerConfig> selected = index.LoadBalancers;
        if (arns.Count > 0)
        {
            selected = arns.Select(index.RequireLoadBalancer).Distinct().ToArray();
        }
        else if (names.Count > 0)
        {
            var missing = names.Where(n => index.FindLoadBalancerByName(n) is null).ToArray();
            if (missing.Length > 0)
            {
                throw new AlbApiError("LoadBalancerNotFound", $"Load balancers '[{string.Join(", ", missing)}]' not found");
            }

            selected = names.Select(n => index.FindLoadBalancerByName(n)!).Distinct().ToArray();
        }

        return Paging.Page(request, selected, "LoadBalancers", lb => Describe(controlPlane, index, lb, state.SettingsOf(index.LoadBalancerArn(lb))));
    }

    /// <summary>
    /// CreateLoadBalancer: a new load balancer (state <c>provisioning</c>, then <c>active</c>) with no
    /// listeners; the same name with the same settings again returns it (idempotent, as in AWS), with other
    /// settings it is <c>DuplicateLoadBalancerName</c>.
    /// </summary>
    public static IEnumerable<object?> CreateLoadBalancer(QueryParameters request, AlbControlPlane controlPlane)
    {
        var name = request.Require("Name");
        var type = request.Get("Type") ?? "application";
        if (type != "application")
        {
            throw AlbApiError.Validation($"Load balancer type '{type}' is not supported: AlbEmulator emulates Application Load Balancers");
        }

        var scheme = request.Get("Scheme");
        if (scheme is not (null or "internet-facing" or "internal"))
        {
            throw new AlbApiError("InvalidScheme", $"Scheme '{scheme}' must be 'internet-facing' or 'internal'");
        }

        var subnets = (request.Strings("Subnets") ?? []).Concat(request.Members("SubnetMappings").Select(m => m.Get("SubnetId") ?? "")).ToArray();
        var securityGroups = request.Strings("SecurityGroups");
        var ipAddressType = request.Get("IpAddressType");
        if (ipAddressType is not (null or "ipv4" or "dualstack" or "dualstack-without-public-ipv4"))
        {
            throw AlbApiError.Validation($"1 validation error detected: Value '{ipAddressType}' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack, dualstack-without-public-ipv4]");
        }

        foreach (var subnet in subnets)
        {
            if (!subnet.StartsWith("subnet-", StringComparison.Ordinal) || subnet.Length < 8 || !subnet[7..].All(char.IsAsciiHexDigitLower))
            {
                throw new AlbApiError("SubnetNotFound", $"The subnet ID '{subnet}' is not valid");
            }
        }

        if (subnets.Length is 1)
        {
            throw AlbApiError.Validation("At least two subnets in two different Availability Zones must be specified");
        }

        foreach (var group in securityGroups ?? [])
        {
            if (!group.StartsWith("sg-", StringComparison.Ordinal) || group.Length < 4 || !group[3..].All(char.IsAsciiHexDigitLower))
            {
                throw new AlbApiError("InvalidSecurityGroup", $"Security group '{group}' does not exist");
            }
        }

        var tags = ShapeReader.Tags(request, "Tags");
        var created = new LoadBalancerConfig { Name = name, Scheme = scheme, IpAddressType = ipAddressType };
        return controlPlane.Change((change, index) =>
        {
            if (index.FindLoadBalancerByName(name) is { } existing)
            {
                var existingArn = index.LoadBalancerArn(existing);
                var existingSettings = change.SettingsOf(existingArn);
                if ((existing.Scheme ?? "internet-facing") != (scheme ?? "internet-facing")
                    || (existingSettings.IpAddressType ?? existing.IpAddressType ?? "ipv4") != (ipAddressType ?? "ipv4"))
                {
                    throw new AlbApiError("DuplicateLoadBalancerName", $"A load balancer with the same name '{name}' exists, but with different settings");
                }

                change.ConfigChanged = false;
                return (IEnumerable<object?>)[QueryXml.StructList("LoadBalancers", [existing], lb => Describe(controlPlane, index, lb, existingSettings))];
            }

            if (index.LoadBalancers.Count >= QuotaLoadBalancers)
            {
                throw new AlbApiError("TooManyLoadBalancers", $"The quota of {QuotaLoadBalancers} application load balancers per region is reached");
            }

            var config = change.Config with { LoadBalancers = change.Config.LoadBalancers.Append(created).ToValueList() };
            var errors = AlbConfigValidator.Validate(config);
            if (errors.Count > 0)
            {
                throw ValidationErrors.ToApiError(errors);
            }

            change.Config = config;
            var next = new ResourceIndex(config, index.ListenerKey, index.RuleKey);
            var arn = next.LoadBalancerArn(created);
            var settings = new StoredSettings
            {
                CreatedTime = controlPlane.Time.GetUtcNow(),
                Subnets = subnets.Length > 0 ? subnets.ToValueList() : null,
                SecurityGroups = securityGroups?.ToValueList(),
            };
            change.Settings[arn] = settings;
            TagOperations.Set(change, arn, tags);
            return (IEnumerable<object?>)[QueryXml.StructList("LoadBalancers", [created], lb => Describe(controlPlane, next, lb, settings))];
        });
    }

    /// <summary>AWS's default quota of Application Load Balancers per region (DescribeAccountLimits reports it too).</summary>
    public const int QuotaLoadBalancers = 50;

    /// <summary>
    /// DeleteLoadBalancer: deletes its listeners and their rules (their ports close) and the load
    /// balancer; target groups stay. An unknown load balancer succeeds, as in AWS; deletion protection
    /// is <c>OperationNotPermitted</c>.
    /// </summary>
    public static IEnumerable<object?> DeleteLoadBalancer(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("LoadBalancerArn");
        ArnFormat.RequireLoadBalancer(arn);
        return controlPlane.Change((change, index) =>
        {
            if (index.FindLoadBalancer(arn) is not { } lb)
            {
                change.ConfigChanged = false;
                return Array.Empty<object?>();
            }

            if (AttributeCatalog.LoadBalancer.FirstOrDefault(d => d.Key == "deletion_protection.enabled") is { } protection
                && AttributeCatalog.GetOrDefault(lb.LoadBalancerAttributes, protection) == "true")
            {
                throw new AlbApiError("OperationNotPermitted", $"Load balancer '{arn}' cannot be deleted because deletion protection is enabled");
            }

            foreach (var listener in lb.Listeners)
            {
                var port = listener.Port ?? 0;
                change.Tags.Remove(index.ListenerArn(listener));
                change.Settings.Remove(index.ListenerArn(listener));
                change.Tags.Remove(index.DefaultRuleArn(listener));
                foreach (var rule in listener.Rules)
                {
                    change.Tags.Remove(index.RuleArn(listener, rule));
                    change.RuleKeys.Remove((port, rule.Priority ?? 0));
                }

                change.ListenerKeys.Remove(port);
            }

            change.Tags.Remove(arn);
            change.Settings.Remove(arn);
            change.Config = change.Config.WithLoadBalancer(lb, null);
            return Array.Empty<object?>();
        });
    }

    private static IEnumerable<object?> Describe(AlbControlPlane controlPlane, ResourceIndex index, LoadBalancerConfig loadBalancer, StoredSettings settings)
    {
        var created = settings.CreatedTime ?? controlPlane.CreatedTime;
        var state = settings.CreatedTime is { } at && controlPlane.Time.GetUtcNow() - at < ProvisioningTime ? "provisioning" : "active";
        return ShapeWriter.LoadBalancer(index, loadBalancer, created, settings, state);
    }

    public static IEnumerable<object?> DescribeLoadBalancerAttributes(QueryParameters request, AlbControlPlane controlPlane)
    {
        var index = controlPlane.State.Index();
        var lb = index.RequireLoadBalancer(request.Require("LoadBalancerArn"));
        return ShapeWriter.Attributes(All(lb.LoadBalancerAttributes));
    }

    public static IEnumerable<object?> ModifyLoadBalancerAttributes(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("LoadBalancerArn");
        var attributes = ShapeReader.Attributes(request);
        if (attributes.Count == 0)
        {
            throw AlbApiError.Missing("Attributes");
        }

        return controlPlane.Change((change, index) =>
        {
            var lb = index.RequireLoadBalancer(arn);
            var merged = Merge(lb.LoadBalancerAttributes, attributes);
            change.Config = change.Config.WithLoadBalancer(lb, lb with { LoadBalancerAttributes = merged });
            return ShapeWriter.Attributes(All(merged));
        });
    }

    /// <summary>Every load balancer attribute with its value (the complete list, as Modify returns it too).</summary>
    private static IEnumerable<AttributeConfig> All(IReadOnlyList<AttributeConfig> configured) =>
        AttributeCatalog.LoadBalancer.Select(d => new AttributeConfig(d.Key, AttributeCatalog.GetOrDefault(configured, d))).ToArray();

    /// <summary>The attributes with the changed keys replaced (keys not passed keep their values).</summary>
    public static ValueList<AttributeConfig> Merge(IReadOnlyList<AttributeConfig> existing, IReadOnlyList<AttributeConfig> changes)
    {
        var duplicate = changes.GroupBy(c => c.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw AlbApiError.Validation($"Attribute key '{duplicate.Key}' is specified more than once");
        }

        var keys = changes.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        return existing.Where(a => !keys.Contains(a.Key)).Concat(changes).ToValueList();
    }
}
