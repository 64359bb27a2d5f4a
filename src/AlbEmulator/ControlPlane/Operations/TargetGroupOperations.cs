using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.Utilities;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// DescribeTargetGroups, CreateTargetGroup, ModifyTargetGroup, DeleteTargetGroup,
/// DescribeTargetGroupAttributes, ModifyTargetGroupAttributes. A group's ARN derives from its name, so
/// the data plane (access log, health checks) reports the same ARN.
/// </summary>
internal static class TargetGroupOperations
{
    public static IEnumerable<object?> DescribeTargetGroups(QueryParameters request, AlbControlPlane controlPlane)
    {
        var index = controlPlane.State.Index();
        IReadOnlyList<TargetGroupConfig> groups = index.Config.TargetGroups;
        if (request.Strings("TargetGroupArns") is { Count: > 0 } arns)
        {
            groups = arns.Select(index.RequireTargetGroup).ToArray();
        }
        else if (request.Strings("Names") is { Count: > 0 } names)
        {
            groups = names.Select(n => index.FindTargetGroupByName(n) ?? throw new AlbApiError("TargetGroupNotFound", $"Target groups '[{n}]' not found")).ToArray();
        }
        else if (request.Get("LoadBalancerArn") is { } loadBalancerArn)
        {
            // The groups this load balancer's listeners forward to (a group belongs to one load balancer at most).
            var lb = index.RequireLoadBalancer(loadBalancerArn);
            var used = TargetGroupReference.ForwardedTo(lb.Listeners).ToHashSet(StringComparer.OrdinalIgnoreCase);
            groups = groups.Where(g => used.Contains(g.Name ?? "")).ToArray();
        }

        return Paging.Page(request, groups, "TargetGroups", g => ShapeWriter.TargetGroup(index, g));
    }

    public static IEnumerable<object?> CreateTargetGroup(QueryParameters request, AlbControlPlane controlPlane)
    {
        var group = new TargetGroupConfig
        {
            Name = request.Require("Name"),
            Protocol = request.Get("Protocol"),
            ProtocolVersion = request.Get("ProtocolVersion"),
            Port = request.GetInt("Port", 1, 65535),
            TargetType = request.Get("TargetType"),
            HealthCheckEnabled = request.GetBool("HealthCheckEnabled"),
            HealthCheckPath = request.Get("HealthCheckPath"),
            HealthCheckPort = request.Get("HealthCheckPort"),
            HealthCheckProtocol = request.Get("HealthCheckProtocol"),
            HealthCheckIntervalSeconds = request.GetInt("HealthCheckIntervalSeconds", 5, 300),
            HealthCheckTimeoutSeconds = request.GetInt("HealthCheckTimeoutSeconds", 2, 120),
            HealthyThresholdCount = request.GetInt("HealthyThresholdCount", 2, 10),
            UnhealthyThresholdCount = request.GetInt("UnhealthyThresholdCount", 2, 10),
            Matcher = ShapeReader.Matcher(request),
            VpcId = request.Get("VpcId"),
            IpAddressType = request.Get("IpAddressType"),
        };
        var tags = ShapeReader.Tags(request, "Tags");
        return controlPlane.Change((change, index) =>
        {
            var inUse = index.ReferencedGroupNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (index.FindTargetGroupByName(group.Name!) is { } existing)
            {
                // Idempotent: the same settings return the existing group.
                if (TargetGroupDefaults.Resolve(existing) with { Name = group.Name! } != TargetGroupDefaults.Resolve(group)
                    || (group.VpcId ?? existing.VpcId) != existing.VpcId || (group.IpAddressType ?? "ipv4") != (existing.IpAddressType ?? "ipv4"))
                {
                    throw new AlbApiError("DuplicateTargetGroupName", $"A target group with the same name '{group.Name}' exists, but with different settings");
                }

                change.ConfigChanged = false;
                return Result(index, existing);
            }

            change.Config = change.Config with { TargetGroups = change.Config.TargetGroups.Append(group).ToValueList() };
            TagOperations.Set(change, index.TargetGroupArn(group), tags);
            return Result(index, group);
        });
    }

    public static IEnumerable<object?> ModifyTargetGroup(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("TargetGroupArn");
        return controlPlane.Change((change, index) =>
        {
            var group = index.RequireTargetGroup(arn);
            var modified = group with
            {
                HealthCheckProtocol = request.Get("HealthCheckProtocol") ?? group.HealthCheckProtocol,
                HealthCheckPort = request.Get("HealthCheckPort") ?? group.HealthCheckPort,
                HealthCheckPath = request.Get("HealthCheckPath") ?? group.HealthCheckPath,
                HealthCheckEnabled = request.GetBool("HealthCheckEnabled") ?? group.HealthCheckEnabled,
                HealthCheckIntervalSeconds = request.GetInt("HealthCheckIntervalSeconds", 5, 300) ?? group.HealthCheckIntervalSeconds,
                HealthCheckTimeoutSeconds = request.GetInt("HealthCheckTimeoutSeconds", 2, 120) ?? group.HealthCheckTimeoutSeconds,
                HealthyThresholdCount = request.GetInt("HealthyThresholdCount", 2, 10) ?? group.HealthyThresholdCount,
                UnhealthyThresholdCount = request.GetInt("UnhealthyThresholdCount", 2, 10) ?? group.UnhealthyThresholdCount,
                Matcher = ShapeReader.Matcher(request) ?? group.Matcher,
            };
            Replace(change, group, modified);
            return Result(index, modified);
        });
    }

    public static IEnumerable<object?> DeleteTargetGroup(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("TargetGroupArn");
        ArnFormat.RequireTargetGroup(arn);
        return controlPlane.Change((change, index) =>
        {
            // Deleting an unknown group succeeds, as in AWS (§4.6).
            var group = index.FindTargetGroup(arn);
            if (group is null)
            {
                change.ConfigChanged = false;
                return Array.Empty<object?>();
            }

            if (index.ReferencedGroupNames().Contains(group.Name ?? "", StringComparer.OrdinalIgnoreCase))
            {
                throw new AlbApiError("ResourceInUse", $"Target group '{arn}' is currently in use by a listener or a rule");
            }

            change.Tags.Remove(arn);
            change.Config = change.Config with { TargetGroups = change.Config.TargetGroups.Where(g => !ReferenceEquals(g, group)).ToValueList() };
            return Array.Empty<object?>();
        });
    }

    public static IEnumerable<object?> DescribeTargetGroupAttributes(QueryParameters request, AlbControlPlane controlPlane)
    {
        var index = controlPlane.State.Index();
        var group = index.RequireTargetGroup(request.Require("TargetGroupArn"));
        return ShapeWriter.Attributes(All(group));
    }

    public static IEnumerable<object?> ModifyTargetGroupAttributes(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("TargetGroupArn");
        var attributes = ShapeReader.Attributes(request);
        if (attributes.Count == 0)
        {
            throw AlbApiError.Missing("Attributes");
        }

        return controlPlane.Change((change, index) =>
        {
            var group = index.RequireTargetGroup(arn);
            var modified = group with { TargetGroupAttributes = LoadBalancerOperations.Merge(group.TargetGroupAttributes, attributes) };
            Replace(change, group, modified);
            return ShapeWriter.Attributes(All(modified));
        });
    }

    /// <summary>Every attribute that applies to the group's target type, with its value.</summary>
    private static IEnumerable<AttributeConfig> All(TargetGroupConfig group)
    {
        var lambda = (group.TargetType ?? TargetGroupDefaults.TargetType) == "lambda";
        return AttributeCatalog.TargetGroup
            .Where(d => lambda ? !d.NotForLambda : !d.LambdaOnly)
            .Select(d => new AttributeConfig(d.Key, AttributeCatalog.GetOrDefault(group.TargetGroupAttributes, d)))
            .ToArray();
    }

    private static void Replace(ConfigChange change, TargetGroupConfig group, TargetGroupConfig modified) =>
        change.Config = change.Config with { TargetGroups = change.Config.TargetGroups.Select(g => ReferenceEquals(g, group) ? modified : g).ToValueList() };

    private static IEnumerable<object?> Result(ResourceIndex index, TargetGroupConfig group) =>
        [QueryXml.StructList("TargetGroups", [group], g => ShapeWriter.TargetGroup(index, g))];
}
