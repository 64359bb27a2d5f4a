using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AlbEmulator.Waf;

/// <summary>
/// AWS WAF's CloudWatch metrics (namespace <c>AWS/WAFV2</c>): <c>AllowedRequests</c>, <c>BlockedRequests</c>,
/// <c>CountedRequests</c>, <c>CaptchaRequests</c>, <c>ChallengeRequests</c>, with the dimensions
/// <c>WebACL</c> (the web ACL's <c>VisibilityConfig.MetricName</c>), <c>Rule</c> (the rule's metric name, or
/// <c>ALL</c> for the web ACL's terminating action) and <c>Region</c>. They are published on the emulator's
/// meter, so <c>GET /metrics</c> shows them beside the ALB metrics (docs/metrics.md, docs/waf.md).
/// </summary>
public sealed class WafMetrics
{
    private readonly ConcurrentDictionary<string, Counter<long>> _counters = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private readonly string _region;

    public WafMetrics(Meter meter, string region)
    {
        _meter = meter;
        _region = region;
        foreach (var name in (string[])["AllowedRequests", "BlockedRequests", "CountedRequests", "CaptchaRequests", "ChallengeRequests"])
        {
            Counter(name);
        }
    }

    public void Record(WebAcl acl, WafVerdict verdict)
    {
        foreach (var (rule, metric) in verdict.Metrics)
        {
            Counter(metric).Add(1, new KeyValuePair<string, object?>("Region", _region), new KeyValuePair<string, object?>("Rule", rule), new KeyValuePair<string, object?>("WebACL", acl.MetricName));
        }
    }

    private Counter<long> Counter(string name) =>
        _counters.GetOrAdd(name, n => _meter.CreateCounter<long>(n, "{request}", $"AWS WAF: requests whose matching rule (Rule) or web ACL outcome (Rule=ALL) was {n[..^"Requests".Length].ToLowerInvariant()}."));
}
