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
    public static IEnumerable<object?> DescribeLoadBalancers(QueryParameters request, AlbControlPlane controlPlane)
    {
        var index = controlPlane.State.Index();
        foreach (var arn in request.Strings("LoadBalancerArns") ?? [])
        {
            index.RequireLoadBalancer(arn);
        }

        foreach (var name in request.Strings("Names") ?? [])
        {
            if (name != index.Identifiers.LoadBalancerName)
            {
                throw new AlbApiError("LoadBalancerNotFound", $"Load balancers '[{name}]' not found");
            }
        }

        return Paging.Page(request, [index], "LoadBalancers", i => ShapeWriter.LoadBalancer(i, controlPlane.CreatedTime));
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
