using AlbEmulator.Configuration;

namespace AlbEmulator.Rules;

/// <summary>
/// The compiled conditions of one rule: all must match (RULE-11). An empty set matches every
/// request (the default actions, RULE-2). Matching never throws and does not allocate.
/// </summary>
public sealed class RuleConditionSet
{
    /// <summary>A set without conditions: matches everything.</summary>
    public static readonly RuleConditionSet Empty = new([]);

    private readonly IRuleCondition[] _conditions;

    private RuleConditionSet(IRuleCondition[] conditions)
    {
        _conditions = conditions;
    }

    /// <summary>Number of compiled conditions.</summary>
    public int Count => _conditions.Length;

    /// <summary>
    /// Compiles validated conditions: each <c>*Config</c> object, or the legacy <c>Values</c> list for
    /// <c>host-header</c> and <c>path-pattern</c> (the <c>*Config</c> object wins when both are given).
    /// </summary>
    /// <exception cref="ArgumentException">A condition the validator should have rejected.</exception>
    public static RuleConditionSet Compile(IReadOnlyList<RuleConditionConfig> conditions)
    {
        if (conditions.Count == 0)
        {
            return Empty;
        }

        var compiled = conditions.Select(CompileOne).ToArray();

        // All conditions must match, so the order is free: cheap ones first (stable for equal cost).
        compiled = [.. compiled.OrderBy(c => c.Cost)];
        return new RuleConditionSet(compiled);
    }

    /// <summary>True when every condition matches (RULE-11).</summary>
    public bool Matches(in RuleMatchRequest request)
    {
        foreach (var condition in _conditions)
        {
            if (!condition.Matches(request))
            {
                return false;
            }
        }

        return true;
    }

    private static IRuleCondition CompileOne(RuleConditionConfig condition)
    {
        var field = condition.Field ?? string.Empty;
        return field.ToLowerInvariant() switch
        {
            "host-header" => new HostHeaderCondition(
                condition.HostHeaderConfig?.Values ?? ValuesOf(condition),
                condition.HostHeaderConfig is { } host ? host.RegexValues : condition.RegexValues),
            "path-pattern" => new PathPatternCondition(
                condition.PathPatternConfig?.Values ?? ValuesOf(condition),
                condition.PathPatternConfig is { } path ? path.RegexValues : condition.RegexValues),
            "http-header" => new HttpHeaderCondition(
                condition.HttpHeaderConfig?.HttpHeaderName ?? throw Invalid(condition, "HttpHeaderConfig.HttpHeaderName"),
                condition.HttpHeaderConfig.Values,
                condition.HttpHeaderConfig.RegexValues),
            "http-request-method" => new HttpRequestMethodCondition(
                condition.HttpRequestMethodConfig?.Values ?? throw Invalid(condition, "HttpRequestMethodConfig")),
            "query-string" => new QueryStringCondition(
                condition.QueryStringConfig?.Values ?? throw Invalid(condition, "QueryStringConfig")),
            "source-ip" => new SourceIpCondition(
                condition.SourceIpConfig?.Values ?? throw Invalid(condition, "SourceIpConfig")),
            _ => throw new ArgumentException($"Unknown rule condition field '{field}'.", nameof(condition)),
        };
    }

    private static IEnumerable<string> ValuesOf(RuleConditionConfig condition) =>
        condition.Values ?? (condition.RegexValues is not null ? (IEnumerable<string>)[] : throw Invalid(condition, "Values"));

    private static ArgumentException Invalid(RuleConditionConfig condition, string missing) =>
        new($"Rule condition '{condition.Field}' has no {missing}.", nameof(condition));
}
