namespace AlbEmulator.Configuration.Validators;

/// <summary>Listener rules (RULE-1, RULE-4, RULE-10): priority, conditions, actions.</summary>
internal static class RuleValidator
{
    public static void Check(ValidationContext context, string listenerResource, ListenerConfig listener)
    {
        var priorities = new HashSet<int>();
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
            else if (!priorities.Add(priority))
            {
                context.Add(resource, "Priority", $"Priority '{priority}' is currently in use");
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
            ActionValidator.Check(context, resource, "Actions", rule.Actions, listener.Protocol);
        }
    }
}
