namespace AlbEmulator.Rules;

/// <summary>
/// <c>http-header</c> (RULE-22): the header name is case-insensitive; values are ASCII
/// case-insensitive wildcard patterns (RULE-13). When the header was received several times, each
/// occurrence (each <c>StringValues</c> entry) is tried in order. A single field is never split at
/// commas: <c>X-Env: a, b</c> is the one value <c>a, b</c>. <c>RegexValues</c> (RULE-14) search each occurrence.
/// </summary>
internal sealed class HttpHeaderCondition : IRuleCondition
{
    private readonly string _headerName;
    private readonly WildcardPattern[] _patterns;
    private readonly ConditionRegex[] _regexes;

    public HttpHeaderCondition(string headerName, IEnumerable<string> values, IEnumerable<string>? regexValues = null)
    {
        _headerName = headerName;
        _patterns = WildcardPatternList.Compile(values, ignoreCase: true, allowEscapes: false);
        _regexes = [.. (regexValues ?? []).Select(ConditionRegex.Compile)];
    }

    public int Cost => 4;

    public bool Matches(in RuleMatchRequest request)
    {
        if (request.Headers is null || !request.Headers.TryGetValue(_headerName, out var occurrences))
        {
            return false;
        }

        foreach (var occurrence in occurrences)
        {
            if (occurrence is not null && (WildcardPatternList.AnyMatch(_patterns, occurrence) || (_regexes.Length > 0 && RuleRegex.AnyMatch(_regexes, occurrence))))
            {
                return true;
            }
        }

        return false;
    }
}
