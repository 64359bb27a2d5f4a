using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Benchmarks.DataPath;

/// <summary>
/// Listener-rule evaluation as the data plane does it (<see cref="RuleMatcher.Match"/>):
/// 100 rules mixing every condition type, the request falling through to the default rule, or matched by
/// the last rule. Target: 0 B allocated per operation.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private DefaultHttpContext _context = null!;
    private AlbRequestState _state = null!;
    private DefaultHttpContext _lastRuleContext = null!;
    private AlbRequestState _lastRuleState = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchRequests.Build(rules: 100);
        (_context, _state) = BenchRequests.Create(model);
        (_lastRuleContext, _lastRuleState) = BenchRequests.Create(model);

        // Rule 100 (100 % 6 == 4): path /api/orders/100/* and method POST or PUT; no earlier rule matches.
        _lastRuleContext.Request.Method = "PUT";
        _lastRuleContext.Features.Get<IHttpRequestFeature>()!.RawTarget = "/api/orders/100/items?page=2&sort=desc";
        if (RuleMatcher.Match(_lastRuleContext, _lastRuleState).Priority != 100)
        {
            throw new InvalidOperationException("The last-rule request must be matched by rule 100.");
        }
    }

    [Benchmark(Description = "100 rules, default rule wins")]
    public RuleModel FallThroughToDefault() => RuleMatcher.Match(_context, _state);

    [Benchmark(Description = "100 rules, the last one matches")]
    public RuleModel LastRuleMatches() => RuleMatcher.Match(_lastRuleContext, _lastRuleState);
}
