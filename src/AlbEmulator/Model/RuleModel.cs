using AlbEmulator.Rules;

namespace AlbEmulator.Model;

/// <summary>A compiled listener rule: its priority, conditions and routing action.</summary>
public sealed class RuleModel
{
    public RuleModel(int priority, RuleConditionSet conditions, ActionModel action, string arn)
    {
        Priority = priority;
        Conditions = conditions;
        Action = action;
        Arn = arn;
    }

    /// <summary>1–50000; 0 for the default rule (the access-log value, RULE-3).</summary>
    public int Priority { get; }

    public RuleConditionSet Conditions { get; }

    public ActionModel Action { get; }

    public string Arn { get; }

    /// <summary>The rule's transforms (ACT-40); <see cref="RuleTransforms.None"/> for most rules and the default rule.</summary>
    public RuleTransforms Transforms { get; init; } = RuleTransforms.None;
}
