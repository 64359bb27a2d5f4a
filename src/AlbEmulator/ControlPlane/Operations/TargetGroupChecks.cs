using AlbEmulator.Configuration;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>Target groups named by ARN in actions must exist exactly (the validator only checks the name part).</summary>
internal static class TargetGroupChecks
{
    public static void RequireExisting(ResourceIndex index, IEnumerable<ActionConfig> actions)
    {
        foreach (var action in actions)
        {
            var arns = (action.ForwardConfig?.TargetGroups.Select(t => t.TargetGroupArn) ?? []).Append(action.TargetGroupArn);
            foreach (var arn in arns)
            {
                if (arn is not null)
                {
                    index.RequireTargetGroup(arn);
                }
            }
        }
    }
}
