using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.Utilities;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// DescribeLoadBalancers, DescribeLoadBalancerAttributes, ModifyLoadBalancerAttributes. The emulator
/// runs exactly one load balancer, named in the config.
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

        foreach (var arn in arns)
        {
            index.RequireLoadBalancer(arn);
        }

        foreach (var name in names)
        {
            if (!index.LoadBalancerExists || name != index.Identifiers.LoadBalancerName)
            {
                throw new AlbApiError("LoadBalancerNotFound", $"Load balancers '[{name}]' not found");
            }
        }

        IReadOnlyList<ResourceIndex> all = index.LoadBalancerExists ? [index] : [];
        return Paging.Page(request, all, "LoadBalancers", i => Describe(controlPlane, i, state.SettingsOf(i.LoadBalancerArn)));
    }

    /// <summary>
    /// CreateLoadBalancer: when the emulator has no load balancer (started with <c>"LoadBalancers": []</c>
    /// or after DeleteLoadBalancer) it becomes this one (state <c>provisioning</c>, then <c>active</c>);
    /// the same name again returns it (idempotent). A second, differently named load balancer is
    /// <c>TooManyLoadBalancers</c>: this version runs one per process.
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
        return controlPlane.Change((change, index) =>
        {
            if (index.LoadBalancerExists)
            {
                if (index.Identifiers.LoadBalancerName != name)
                {
                    throw new AlbApiError("TooManyLoadBalancers", $"Load balancer '{index.Identifiers.LoadBalancerName}' exists: this version of AlbEmulator runs one load balancer per process (delete it first)");
                }

                change.ConfigChanged = false;
                return (IEnumerable<object?>)[QueryXml.StructList("LoadBalancers", [index], i => Describe(controlPlane, i, change.SettingsOf(i.LoadBalancerArn)))];
            }

            var config = change.Config with { LoadBalancer = new LoadBalancerConfig { Name = name }, NoLoadBalancer = false };
            var errors = AlbConfigValidator.Validate(config);
            if (errors.Count > 0)
            {
                throw ValidationErrors.ToApiError(errors);
            }

            change.Config = config;
            var next = new ResourceIndex(config, new Model.AwsIdentifiers(name), index.ListenerKey, index.RuleKey);
            var settings = new StoredSettings
            {
                CreatedTime = controlPlane.Time.GetUtcNow(),
                Scheme = scheme,
                Subnets = subnets.Length > 0 ? subnets.ToValueList() : null,
                SecurityGroups = securityGroups?.ToValueList(),
                IpAddressType = ipAddressType,
            };
            change.Settings[next.LoadBalancerArn] = settings;
            TagOperations.Set(change, next.LoadBalancerArn, tags);
            return (IEnumerable<object?>)[QueryXml.StructList("LoadBalancers", [next], i => Describe(controlPlane, i, settings))];
        });
    }

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
            if (!index.IsLoadBalancer(arn))
            {
                change.ConfigChanged = false;
                return Array.Empty<object?>();
            }

            if (AttributeCatalog.LoadBalancer.FirstOrDefault(d => d.Key == "deletion_protection.enabled") is { } protection
                && AttributeCatalog.GetOrDefault(index.Config.LoadBalancer.LoadBalancerAttributes, protection) == "true")
            {
                throw new AlbApiError("OperationNotPermitted", $"Load balancer '{arn}' cannot be deleted because deletion protection is enabled");
            }

            foreach (var listener in index.Config.Listeners)
            {
                change.Tags.Remove(index.ListenerArn(listener));
                change.Settings.Remove(index.ListenerArn(listener));
                change.Tags.Remove(index.DefaultRuleArn(listener));
                foreach (var rule in listener.Rules)
                {
                    change.Tags.Remove(index.RuleArn(listener, rule));
                }
            }

            change.Tags.Remove(arn);
            change.Settings.Remove(arn);
            change.ListenerKeys.Clear();
            change.RuleKeys.Clear();
            change.Config = change.Config with
            {
                NoLoadBalancer = true,
                LoadBalancer = change.Config.LoadBalancer with { LoadBalancerAttributes = ValueList<AttributeConfig>.Empty },
                Listeners = ValueList<ListenerConfig>.Empty,
            };
            return Array.Empty<object?>();
        });
    }

    private static IEnumerable<object?> Describe(AlbControlPlane controlPlane, ResourceIndex index, StoredSettings settings)
    {
        var created = settings.CreatedTime ?? controlPlane.CreatedTime;
        var state = settings.CreatedTime is { } at && controlPlane.Time.GetUtcNow() - at < ProvisioningTime ? "provisioning" : "active";
        return ShapeWriter.LoadBalancer(index, created, settings, state);
    }

    public static IEnumerable<object?> DescribeLoadBalancerAttributes(QueryParameters request, AlbControlPlane controlPlane)
    {
        var index = controlPlane.State.Index();
        index.RequireLoadBalancer(request.Require("LoadBalancerArn"));
        return ShapeWriter.Attributes(All(index.Config.LoadBalancer.LoadBalancerAttributes));
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
            index.RequireLoadBalancer(arn);
            var merged = Merge(change.Config.LoadBalancer.LoadBalancerAttributes, attributes);
            change.Config = change.Config with { LoadBalancer = change.Config.LoadBalancer with { LoadBalancerAttributes = merged } };
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
