namespace AlbEmulator.Rules;

/// <summary>
/// One compiled rule condition. The values of a condition are OR'ed (RULE-11).
/// Implementations never throw and never allocate on the match path.
/// </summary>
internal interface IRuleCondition
{
    /// <summary>Relative evaluation cost; <see cref="RuleConditionSet"/> evaluates cheap conditions first.</summary>
    int Cost { get; }

    bool Matches(in RuleMatchRequest request);
}
