using System.Collections.Concurrent;

namespace AlbEmulator.Waf;

/// <summary>One part of a <c>CUSTOM_KEYS</c> aggregation key: null when the request lacks it (then it is not counted).</summary>
public delegate string? RateKeyPart(WafEvaluation evaluation);

/// <summary>
/// <c>RateBasedStatement</c>: counts the requests of each aggregation instance (<c>IP</c>,
/// <c>FORWARDED_IP</c>, <c>CONSTANT</c> or <c>CUSTOM_KEYS</c>) that reach the rule and match the
/// <c>ScopeDownStatement</c>, over the last <c>EvaluationWindowSec</c> seconds, and matches while an
/// instance's count exceeds <c>Limit</c>. Time comes from the injected <see cref="TimeProvider"/>.
/// [EMU] The count is exact and immediate, in one-second buckets; AWS checks rates about every 10 seconds, so
/// a real WAF starts (and stops) limiting up to tens of seconds later than the emulator (docs/waf.md).
/// </summary>
public sealed class RateBasedStatement : WafStatement
{
    private readonly WafStatement? _scopeDown;
    private readonly IReadOnlyList<RateKeyPart> _keys;
    private readonly RateCounter _counter;

    public RateBasedStatement(long limit, int windowSeconds, string aggregateKeyType, WafStatement? scopeDown, IReadOnlyList<RateKeyPart> keys, RateCounter counter)
    {
        Limit = limit;
        WindowSeconds = windowSeconds;
        AggregateKeyType = aggregateKeyType;
        _scopeDown = scopeDown;
        _keys = keys;
        _counter = counter;
    }

    public long Limit { get; }

    public int WindowSeconds { get; }

    public string AggregateKeyType { get; }

    public override bool Matches(WafEvaluation evaluation)
    {
        if (_scopeDown is not null && !_scopeDown.Matches(evaluation))
        {
            return false;
        }

        var parts = new string[_keys.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            if (_keys[i](evaluation) is not { } part)
            {
                return false;
            }

            parts[i] = part;
        }

        var key = string.Join('\u001f', parts);
        var count = _counter.Add(key, evaluation.Now, WindowSeconds);
        if (count <= Limit)
        {
            return false;
        }

        evaluation.RateLimitedKey = (this, parts);
        return true;
    }
}

/// <summary>Per-instance request counts in one-second buckets (thread-safe; kept across web ACL updates by rule).</summary>
public sealed class RateCounter
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Records one request for <paramref name="key"/> at <paramref name="now"/>; returns the count within the window.</summary>
    public long Add(string key, DateTimeOffset now, int windowSeconds)
    {
        var second = now.ToUnixTimeSeconds();
        var window = _windows.GetOrAdd(key, static (_, size) => new Window(size), windowSeconds);
        lock (window)
        {
            if (window.Seconds.Length != windowSeconds)
            {
                window.Resize(windowSeconds);
            }

            var index = (int)(second % windowSeconds);
            if (window.Seconds[index] != second)
            {
                window.Seconds[index] = second;
                window.Counts[index] = 0;
            }

            window.Counts[index]++;
            long total = 0;
            for (var i = 0; i < windowSeconds; i++)
            {
                if (window.Seconds[i] > second - windowSeconds && window.Seconds[i] <= second)
                {
                    total += window.Counts[i];
                }
            }

            return total;
        }
    }

    private sealed class Window(int size)
    {
        public long[] Seconds = Enumerable.Repeat(long.MinValue, size).ToArray();
        public long[] Counts = new long[size];

        public void Resize(int size)
        {
            Seconds = Enumerable.Repeat(long.MinValue, size).ToArray();
            Counts = new long[size];
        }
    }

    /// <summary>The client address as an aggregation key part.</summary>
    public static string? ClientIp(WafEvaluation evaluation) =>
        (evaluation.Request.ClientIp.IsIPv4MappedToIPv6 ? evaluation.Request.ClientIp.MapToIPv4() : evaluation.Request.ClientIp).ToString();

    /// <summary>The first forwarded address as an aggregation key part (missing or invalid: not counted).</summary>
    public static RateKeyPart ForwardedIp(ForwardedIpSource source) => evaluation =>
        source.Addresses(evaluation.Request) is { Count: > 0 } addresses ? addresses[0].ToString() : null;
}
