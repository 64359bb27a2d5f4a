namespace AlbEmulator.Rules;

/// <summary>
/// <c>path-pattern</c> (RULE-21): case-sensitive wildcard match (RULE-13) of the path only, never the
/// query. The path is normalised as <see cref="RuleMatchingChoices"/> says (dot segments removed,
/// no percent-decoding by default).
/// </summary>
internal sealed class PathPatternCondition : IRuleCondition
{
    private readonly WildcardPattern[] _patterns;

    public PathPatternCondition(IEnumerable<string> values)
    {
        _patterns = WildcardPatternList.Compile(values, ignoreCase: false, allowEscapes: false);
    }

    public int Cost => 3;

    public bool Matches(in RuleMatchRequest request)
    {
        var path = request.PathSpan;
        if (!RuleMatchingChoices.PathPatternPercentDecodes && !(RuleMatchingChoices.PathPatternRemovesDotSegments && PathNormalizer.HasDotSegment(path)))
        {
            // Normalize would return the path unchanged: match the span, no string needed.
            return WildcardPatternList.AnyMatch(_patterns, path);
        }

        return WildcardPatternList.AnyMatch(_patterns, Normalize(path.ToString()));
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
