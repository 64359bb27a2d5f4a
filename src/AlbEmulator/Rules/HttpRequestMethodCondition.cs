namespace AlbEmulator.Rules;

/// <summary><c>http-request-method</c> (RULE-23): exact, case-sensitive, no wildcards.</summary>
internal sealed class HttpRequestMethodCondition : IRuleCondition
{
    private readonly string[] _methods;

    public HttpRequestMethodCondition(IEnumerable<string> values)
    {
        _methods = [.. values];
    }

    public int Cost => 0;

    public bool Matches(in RuleMatchRequest request)
    {
        foreach (var method in _methods)
        {
            if (string.Equals(method, request.Method, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
