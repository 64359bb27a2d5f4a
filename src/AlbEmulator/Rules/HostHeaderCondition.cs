namespace AlbEmulator.Rules;

/// <summary>
/// <c>host-header</c> (RULE-20): ASCII case-insensitive wildcard match (RULE-13) of the first Host /
/// <c>:authority</c> value, without its port when <see cref="RuleMatchingChoices.HostHeaderIgnoresPort"/>.
/// A request without Host never matches.
/// </summary>
internal sealed class HostHeaderCondition : IRuleCondition
{
    private readonly WildcardPattern[] _patterns;

    public HostHeaderCondition(IEnumerable<string> values)
    {
        _patterns = WildcardPatternList.Compile(values, ignoreCase: true, allowEscapes: false);
    }

    public int Cost => 2;

    public bool Matches(in RuleMatchRequest request)
    {
        if (request.Host is not { } host)
        {
            return false;
        }

        var compared = RuleMatchingChoices.HostHeaderIgnoresPort ? HostName.WithoutPort(host) : host;
        return WildcardPatternList.AnyMatch(_patterns, compared);
    }
}
