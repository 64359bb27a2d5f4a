namespace AlbEmulator.Rules;

/// <summary>
/// <c>host-header</c> (RULE-20): ASCII case-insensitive wildcard match (RULE-13) of the first Host /
/// <c>:authority</c> value, without its port when <see cref="RuleMatchingChoices.HostHeaderIgnoresPort"/>.
/// A request without Host never matches. With <c>RegexValues</c> (RULE-14) the expressions search the
/// whole value as received, port included (so <c>:8443</c> can be matched, which values cannot).
/// </summary>
internal sealed class HostHeaderCondition : IRuleCondition
{
    private readonly WildcardPattern[] _patterns;
    private readonly ConditionRegex[] _regexes;

    public HostHeaderCondition(IEnumerable<string> values, IEnumerable<string>? regexValues = null)
    {
        _patterns = WildcardPatternList.Compile(values, ignoreCase: true, allowEscapes: false);
        _regexes = [.. (regexValues ?? []).Select(ConditionRegex.Compile)];
    }

    public int Cost => 2;

    public bool Matches(in RuleMatchRequest request)
    {
        if (request.Host is not { } host)
        {
            return false;
        }

        if (_regexes.Length > 0 && RuleRegex.AnyMatch(_regexes, host))
        {
            return true;
        }

        var compared = RuleMatchingChoices.HostHeaderIgnoresPort ? HostName.WithoutPort(host) : host;
        return WildcardPatternList.AnyMatch(_patterns, compared);
    }
}
