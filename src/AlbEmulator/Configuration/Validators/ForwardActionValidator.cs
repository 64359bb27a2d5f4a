namespace AlbEmulator.Configuration.Validators;

/// <summary>
/// <c>forward</c> actions (ACT-10): one way of naming the target group(s), 1–5 weighted groups,
/// weights 0–999, stickiness duration, groups that exist; and the protocol-version rules TG-10
/// (HTTP2/GRPC groups need an HTTPS listener) and ACT-3 (such a rule has only forward actions).
/// </summary>
internal static class ForwardActionValidator
{
    public const int MaxTargetGroups = 5;
    public const int MaxWeight = 999;
    public const int MaxStickinessSeconds = 604800;

    public static void Check(ValidationContext context, string resource, string prefix, ActionConfig action, string? listenerProtocol, IReadOnlyList<ActionConfig> actions)
    {
        var referenced = new List<(TargetGroupConfig Group, string Field)>();
        var hasName = action.TargetGroupName is not null;
        var hasArn = action.TargetGroupArn is not null;
        var forward = action.ForwardConfig;

        if (!hasName && !hasArn && forward is null)
        {
            context.Add(resource, prefix, "A forward action needs one of TargetGroupName, TargetGroupArn or ForwardConfig");
        }
        else if (hasName && (hasArn || forward is not null))
        {
            context.Add(resource, $"{prefix}.TargetGroupName", "TargetGroupName cannot be combined with TargetGroupArn or ForwardConfig");
        }
        else if (hasArn && forward is not null
            && (forward.TargetGroups.Count != 1 || forward.TargetGroups[0].TargetGroupArn != action.TargetGroupArn))
        {
            context.Add(resource, $"{prefix}.TargetGroupArn",
                "TargetGroupArn can be combined with ForwardConfig only when ForwardConfig has one target group with the same ARN");
        }

        if (hasName && Resolve(context, resource, $"{prefix}.TargetGroupName", action.TargetGroupName, null) is { } byName)
        {
            referenced.Add((byName, $"{prefix}.TargetGroupName"));
        }

        if (hasArn && forward is null && Resolve(context, resource, $"{prefix}.TargetGroupArn", null, action.TargetGroupArn) is { } byArn)
        {
            referenced.Add((byArn, $"{prefix}.TargetGroupArn"));
        }

        if (forward is not null)
        {
            CheckForwardConfig(context, resource, $"{prefix}.ForwardConfig", forward, referenced);
        }

        foreach (var (group, field) in referenced)
        {
            var version = TargetGroupDefaults.Resolve(group).ProtocolVersion;
            if (!TargetTypes.NeedsHttps(version))
            {
                continue;
            }

            if (listenerProtocol == "HTTP")
            {
                context.Add(resource, field, $"Listener protocol 'HTTP' is not supported with a target group with the protocol-version '{version}'");
            }

            if (actions.Any(a => a.Type is not null and not ActionValidator.Forward))
            {
                context.Add(resource, field, $"Only forward actions are allowed with a target group with the protocol-version '{version}'");
            }
        }
    }

    private static void CheckForwardConfig(ValidationContext context, string resource, string path, ForwardActionConfig forward, List<(TargetGroupConfig Group, string Field)> referenced)
    {
        if (forward.TargetGroups.Count is 0 or > MaxTargetGroups)
        {
            context.Add(resource, $"{path}.TargetGroups", $"TargetGroups must contain between 1 and {MaxTargetGroups} target groups");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < forward.TargetGroups.Count; i++)
        {
            var tuple = forward.TargetGroups[i];
            var field = $"{path}.TargetGroups[{i}]";
            if ((tuple.TargetGroupName is null) == (tuple.TargetGroupArn is null))
            {
                context.Add(resource, field, "Specify exactly one of TargetGroupName or TargetGroupArn");
            }
            else
            {
                var refField = tuple.TargetGroupName is not null ? $"{field}.TargetGroupName" : $"{field}.TargetGroupArn";
                if (Resolve(context, resource, refField, tuple.TargetGroupName, tuple.TargetGroupArn) is { } group)
                {
                    referenced.Add((group, refField));
                    if (!seen.Add(group.Name!))
                    {
                        context.Add(resource, refField, $"Target group '{group.Name}' is specified more than once");
                    }
                }
            }

            if (tuple.Weight is { } weight && weight is < 0 or > MaxWeight)
            {
                context.Add(resource, $"{field}.Weight", $"Weight '{weight}' must be between 0 and {MaxWeight}");
            }
        }

        if (forward.TargetGroupStickinessConfig is { } stickiness)
        {
            var sPath = $"{path}.TargetGroupStickinessConfig.DurationSeconds";
            if (stickiness.DurationSeconds is { } seconds && seconds is < 1 or > MaxStickinessSeconds)
            {
                context.Add(resource, sPath, $"DurationSeconds '{seconds}' must be between 1 and {MaxStickinessSeconds}");
            }
            else if (stickiness.Enabled == true && stickiness.DurationSeconds is null)
            {
                context.Add(resource, sPath, "DurationSeconds is required when target group stickiness is enabled");
            }
        }
    }

    /// <summary>The target group a name or ARN refers to, or null after reporting why not.</summary>
    private static TargetGroupConfig? Resolve(ValidationContext context, string resource, string field, string? name, string? arn)
    {
        if (arn is not null)
        {
            if (!TargetGroupReference.TryGetName(arn, out var fromArn))
            {
                context.Add(resource, field, $"'{arn}' is not a valid target group ARN");
                return null;
            }

            name = fromArn;
        }

        if (string.IsNullOrEmpty(name))
        {
            context.Add(resource, field, "Target group name cannot be empty");
            return null;
        }

        var group = context.FindTargetGroup(name);
        if (group is null)
        {
            context.Add(resource, field, $"Target group '{arn ?? name}' not found{context.DescribeTargetGroups(name)}");
        }

        return group;
    }
}
