using AlbEmulator.Rules;

namespace AlbEmulator.Model;

/// <summary>A compiled listener rule: its priority, conditions and routing action.</summary>
public sealed class RuleModel
{
    public RuleModel(int priority, RuleConditionSet conditions, ActionModel action, string arn)
        : this(priority, conditions, [action], arn)
    {
    }

    /// <summary>A rule with several actions (ACT-2): <paramref name="actions"/> in their Order, the final (routing) action last.</summary>
    public RuleModel(int priority, RuleConditionSet conditions, IReadOnlyList<ActionModel> actions, string arn)
    {
        if (actions.Count == 0)
        {
            throw new ArgumentException("A rule needs a final action.", nameof(actions));
        }

        Priority = priority;
        Conditions = conditions;
        Actions = actions;
        Action = actions[^1];
        Arn = arn;
    }

    /// <summary>1–50000; 0 for the default rule (the access-log value, RULE-3).</summary>
    public int Priority { get; }

    public RuleConditionSet Conditions { get; }

    /// <summary>The final (routing) action: forward, redirect or fixed-response.</summary>
    public ActionModel Action { get; }

    /// <summary>Every action in Order (authenticate-*, jwt-validation before the final action), the final action last.</summary>
    public IReadOnlyList<ActionModel> Actions { get; }

    public string Arn { get; }

    /// <summary>The rule's transforms (ACT-40); <see cref="RuleTransforms.None"/> for most rules and the default rule.</summary>
    public RuleTransforms Transforms { get; init; } = RuleTransforms.None;
}
