namespace AlbEmulator.Waf;

/// <summary>Details of a SQLi/XSS match, as the WAF log reports them (<c>ruleMatchDetails</c>).</summary>
public sealed record WafMatchDetail(string ConditionType, string Location, IReadOnlyList<string> MatchedData, string? SensitivityLevel);

/// <summary>The state of evaluating one request against one web ACL: labels so far, the clock, scratch lists.</summary>
public sealed class WafEvaluation
{
    private readonly List<string> _labels = [];
    private readonly Stack<List<string>> _pool = new();

    public WafEvaluation(WafRequest request, DateTimeOffset now)
    {
        Request = request;
        Now = now;
    }

    public WafRequest Request { get; }

    public DateTimeOffset Now { get; }

    /// <summary>Fully-qualified labels added so far, in order.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The client's country when a geo match statement looked it up (WAF log <c>country</c>).</summary>
    public string? Country { get; set; }

    /// <summary>The last SQLi/XSS match detail (reset per rule).</summary>
    public WafMatchDetail? LastMatchDetail { get; set; }

    /// <summary>The rate-based statement that matched last and the instance's key parts (reset per rule).</summary>
    public (RateBasedStatement Statement, string[] Keys)? RateLimitedKey { get; set; }

    public void AddLabel(string label)
    {
        if (!_labels.Contains(label, StringComparer.Ordinal))
        {
            _labels.Add(label);
        }
    }

    internal List<string> RentValues() => _pool.Count > 0 ? _pool.Pop() : new List<string>(4);

    internal void ReturnValues(List<string> values)
    {
        values.Clear();
        _pool.Push(values);
    }
}
