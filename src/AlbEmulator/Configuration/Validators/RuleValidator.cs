namespace AlbEmulator.Configuration.Validators;

/// <summary>Listener rules (RULE-1, RULE-4, RULE-10): priority, conditions, actions.</summary>
internal static class RuleValidator
{
    public static void Check(ValidationContext context, string listenerResource, ListenerConfig listener)
    {
        var priorities = new Dictionary<int, int>();
        for (var i = 0; i < listener.Rules.Count; i++)
        {
            var rule = listener.Rules[i];
            var resource = ResourceNames.Rule(listenerResource, rule.Priority, i);

            // RULE-1
            if (rule.Priority is not { } priority)
            {
                context.Add(resource, "Priority", "Priority is required");
            }
            else if (priority is < 1 or > 50000)
            {
                context.Add(resource, "Priority", $"Priority '{priority}' must be between 1 and 50000");
            }
            else if (!priorities.TryAdd(priority, i))
            {
                var other = listener.Rules[priorities[priority]];
                context.Add(resource, "Priority", $"Priority '{priority}' is currently in use by Rules[{priorities[priority]}] of this listener ({Describe(other)})");
            }

            if (rule.Conditions.Count == 0)
            {
                context.Add(resource, "Conditions", "At least one condition is required");
            }

            if (rule.Actions.Count == 0)
            {
                context.Add(resource, "Actions", "At least one action is required");
            }

            ConditionValidator.Check(context, resource, rule.Conditions);
            TransformValidator.Check(context, resource, rule.Transforms);
            ActionValidator.Check(context, resource, "Actions", rule.Actions, listener.Protocol);
        }
    }

    /// <summary>A rule as a user recognises it: its first condition and first action.</summary>
    private static string Describe(RuleConfig rule)
    {
        var condition = rule.Conditions.Count == 0 ? "no conditions" : ConditionSummary(rule.Conditions[0]) + (rule.Conditions.Count > 1 ? ", ..." : "");
        var action = rule.Actions.Count == 0 ? "no actions" : rule.Actions[0].Type ?? "?";
        return $"{condition} -> {action}";
    }

    private static string ConditionSummary(RuleConditionConfig condition)
    {
        var values = condition.HostHeaderConfig?.Values ?? condition.PathPatternConfig?.Values ?? condition.HttpRequestMethodConfig?.Values
            ?? condition.SourceIpConfig?.Values ?? condition.HttpHeaderConfig?.Values ?? condition.Values;
        var shown = values?.Where(v => !string.IsNullOrEmpty(v)).ToList() ?? [];
        return shown.Count > 0 ? $"{condition.Field} {string.Join(", ", shown)}" : condition.Field ?? "?";
    }
}
