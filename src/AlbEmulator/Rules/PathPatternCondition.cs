namespace AlbEmulator.Rules;

/// <summary>
/// <c>path-pattern</c> (RULE-21): case-sensitive wildcard match (RULE-13) of the path only, never the
/// query. The path is normalised as <see cref="RuleMatchingChoices"/> says (dot segments removed,
/// no percent-decoding by default). <c>RegexValues</c> (RULE-14) search the same normalised path.
/// </summary>
internal sealed class PathPatternCondition : IRuleCondition
{
    private readonly WildcardPattern[] _patterns;
    private readonly ConditionRegex[] _regexes;

    public PathPatternCondition(IEnumerable<string> values, IEnumerable<string>? regexValues = null)
    {
        _patterns = WildcardPatternList.Compile(values, ignoreCase: false, allowEscapes: false);
        _regexes = [.. (regexValues ?? []).Select(ConditionRegex.Compile)];
    }

    public int Cost => 3;

    public bool Matches(in RuleMatchRequest request)
    {
        var path = request.PathSpan;
        if (!RuleMatchingChoices.PathPatternPercentDecodes && !(RuleMatchingChoices.PathPatternRemovesDotSegments && PathNormalizer.HasDotSegment(path)))
        {
            // Normalize would return the path unchanged: match the span, no string needed.
            return Any(path);
        }

        return Any(Normalize(path.ToString()));
    }

    private bool Any(ReadOnlySpan<char> path)
    {
        return WildcardPatternList.AnyMatch(_patterns, path) || (_regexes.Length > 0 && RuleRegex.AnyMatch(_regexes, path));
    }

    /// <summary>The path as path-pattern conditions see it; the same instance when nothing changes.</summary>
    public static string Normalize(string path)
    {
        if (RuleMatchingChoices.PathPatternPercentDecodes)
        {
            // Uri.UnescapeDataString returns the same instance when there is no '%'.
            path = Uri.UnescapeDataString(path);
        }

        return RuleMatchingChoices.PathPatternRemovesDotSegments ? PathNormalizer.RemoveDotSegments(path) : path;
    }
}
