using System.Globalization;
using AlbEmulator.Configuration;

namespace AlbEmulator.TargetGroups;

/// <summary>The target group attributes that shape routing, parsed once with AWS defaults (TG-70).</summary>
public sealed class TargetGroupAttributes
{
    public static readonly TargetGroupAttributes Default = From([]);

    public LoadBalancingAlgorithm Algorithm { get; private init; }

    /// <summary><c>load_balancing.algorithm.anomaly_mitigation</c> = on (TG-42; weighted_random only).</summary>
    public bool AnomalyMitigation { get; private init; }

    public StickinessType Stickiness { get; private init; }

    public TimeSpan LbCookieDuration { get; private init; }

    public string AppCookieName { get; private init; } = "";

    public TimeSpan AppCookieDuration { get; private init; }

    public TimeSpan DeregistrationDelay { get; private init; }

    /// <summary><c>slow_start.duration_seconds</c>; zero when off (TG-50).</summary>
    public TimeSpan SlowStart { get; private init; }

    /// <summary><c>target_group_health.unhealthy_state_routing.minimum_healthy_targets.count</c> (TG-31).</summary>
    public int MinimumHealthyCount { get; private init; }

    /// <summary><c>...minimum_healthy_targets.percentage</c>, or 0 for <c>off</c> (TG-31).</summary>
    public int MinimumHealthyPercentage { get; private init; }

    public static TargetGroupAttributes From(IEnumerable<AttributeConfig> attributes)
    {
        var list = attributes as IReadOnlyCollection<AttributeConfig> ?? [.. attributes];
        string Get(string key) => AttributeCatalog.GetOrDefault(list, AttributeCatalog.FindTargetGroup(key)!);
        int Int(string key, int fallback) => int.TryParse(Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : fallback;

        var stickinessEnabled = Get("stickiness.enabled") == "true";
        return new TargetGroupAttributes
        {
            Algorithm = Get("load_balancing.algorithm.type") switch
            {
                "least_outstanding_requests" => LoadBalancingAlgorithm.LeastOutstandingRequests,
                "weighted_random" => LoadBalancingAlgorithm.WeightedRandom,
                _ => LoadBalancingAlgorithm.RoundRobin,
            },
            AnomalyMitigation = Get("load_balancing.algorithm.anomaly_mitigation") == "on",
            Stickiness = !stickinessEnabled ? StickinessType.None : Get("stickiness.type") == "app_cookie" ? StickinessType.AppCookie : StickinessType.LbCookie,
            LbCookieDuration = TimeSpan.FromSeconds(Int("stickiness.lb_cookie.duration_seconds", 86400)),
            AppCookieName = Get("stickiness.app_cookie.cookie_name"),
            AppCookieDuration = TimeSpan.FromSeconds(Int("stickiness.app_cookie.duration_seconds", 86400)),
            DeregistrationDelay = TimeSpan.FromSeconds(Int("deregistration_delay.timeout_seconds", 300)),
            SlowStart = TimeSpan.FromSeconds(Int("slow_start.duration_seconds", 0)),
            MinimumHealthyCount = Int("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", 1),
            MinimumHealthyPercentage = Int("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", 0),
        };
    }
}
