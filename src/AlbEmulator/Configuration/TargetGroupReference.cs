namespace AlbEmulator.Configuration;

/// <summary>
/// Resolves a <c>TargetGroupArn</c> to a target group name: any ELBv2 ARN whose resource part is
/// <c>targetgroup/&lt;name&gt;/&lt;id&gt;</c> (alb-observability-api §4.5) names the group
/// <c>&lt;name&gt;</c>, including the ARNs the emulator itself reports.
/// </summary>
public static class TargetGroupReference
{
    private const string ResourcePrefix = "targetgroup/";

    public static bool TryGetName(string? arn, out string name)
    {
        name = "";
        if (string.IsNullOrEmpty(arn))
        {
            return false;
        }

        // arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "elasticloadbalancing"
            || !parts[5].StartsWith(ResourcePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = parts[5].AsSpan(ResourcePrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        name = rest[..slash].ToString();
        return true;
    }

    /// <summary>The name a <c>TargetGroupName</c>/<c>TargetGroupArn</c> pair refers to, or null.</summary>
    public static string? NameOf(string? name, string? arn) =>
        name ?? (TryGetName(arn, out var fromArn) ? fromArn : null);

    /// <summary>Every target group name some default or rule action of <paramref name="listeners"/> forwards to (repeats included).</summary>
    public static IEnumerable<string> ForwardedTo(IEnumerable<ListenerConfig> listeners)
    {
        foreach (var listener in listeners)
        {
            foreach (var action in listener.DefaultActions.Concat(listener.Rules.SelectMany(r => r.Actions)))
            {
                if (NameOf(action.TargetGroupName, action.TargetGroupArn) is { } single)
                {
                    yield return single;
                }

                foreach (var tuple in action.ForwardConfig?.TargetGroups ?? Utilities.ValueList<TargetGroupTupleConfig>.Empty)
                {
                    if (NameOf(tuple.TargetGroupName, tuple.TargetGroupArn) is { } name)
                    {
                        yield return name;
                    }
                }
            }
        }
    }
}
