using AlbEmulator.Configuration;
using AlbEmulator.Health;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.TargetGroups;
using AlbEmulator.Utilities;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// RegisterTargets, DeregisterTargets, DescribeTargetHealth on the live <see cref="TargetRegistry"/>:
/// registered targets are health-checked at once and receive traffic when healthy; deregistered
/// targets drain for the group's <c>deregistration_delay.timeout_seconds</c>. The config is not changed.
/// </summary>
internal static class TargetOperations
{
    public static IEnumerable<object?> RegisterTargets(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("TargetGroupArn");
        var targets = RequireTargets(request);
        var index = controlPlane.State.Index();
        var group = index.RequireTargetGroup(arn);

        // The same target checks as the config file's Targets list.
        var candidate = index.Config with
        {
            TargetGroups = index.Config.TargetGroups
                .Select(g => ReferenceEquals(g, group) ? g with { Targets = targets.Select(t => new TargetConfig { Id = t.Id, Port = t.Port }).ToValueList() } : g)
                .ToValueList(),
        };
        var errors = AlbConfigValidator.Validate(candidate);
        if (errors.Count > 0)
        {
            throw new AlbApiError("InvalidTarget", string.Join("; ", errors.Select(e => e.Message)));
        }

        try
        {
            controlPlane.Targets.RegisterTargets(arn, targets);
        }
        catch (KeyNotFoundException)
        {
            // Deleted meanwhile.
            throw AlbApiError.TargetGroupNotFound(arn);
        }

        return [];
    }

    public static IEnumerable<object?> DeregisterTargets(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("TargetGroupArn");
        var targets = RequireTargets(request);
        controlPlane.State.Index().RequireTargetGroup(arn);
        try
        {
            // A target that is not registered (Id and port, the port defaulting to the group's) is InvalidTarget, as in AWS.
            var unknown = controlPlane.Targets.DescribeTargetHealth(arn, targets)
                .Where(d => d.TargetHealth.Reason == TargetHealth.NotRegistered.Reason)
                .Select(d => d.Target.Port is { } p ? $"Id={d.Target.Id},Port={p}" : $"Id={d.Target.Id}")
                .ToArray();
            if (unknown.Length > 0)
            {
                throw new AlbApiError("InvalidTarget", $"The following targets are not registered in target group '{arn}': {string.Join(", ", unknown)}");
            }

            controlPlane.Targets.DeregisterTargets(arn, targets);
        }
        catch (KeyNotFoundException)
        {
            throw AlbApiError.TargetGroupNotFound(arn);
        }

        return [];
    }

    public static IEnumerable<object?> DescribeTargetHealth(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("TargetGroupArn");
        controlPlane.State.Index().RequireTargetGroup(arn);
        var targets = ShapeReader.Targets(request);
        IReadOnlyList<TargetHealthDescription> descriptions;
        try
        {
            descriptions = controlPlane.Targets.DescribeTargetHealth(arn, targets.Count == 0 ? null : targets);
        }
        catch (KeyNotFoundException)
        {
            throw AlbApiError.TargetGroupNotFound(arn);
        }

        return [QueryXml.StructList("TargetHealthDescriptions", descriptions, ShapeWriter.TargetHealth)];
    }

    private static IReadOnlyList<TargetDescription> RequireTargets(QueryParameters request)
    {
        var targets = ShapeReader.Targets(request);
        return targets.Count > 0 ? targets : throw AlbApiError.Missing("Targets");
    }
}
