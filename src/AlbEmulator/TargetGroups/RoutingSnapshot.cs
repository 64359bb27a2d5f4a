using AlbEmulator.Health;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// Which targets of a group may receive new requests right now, recomputed whenever a target's state
/// changes so that selection reads one immutable array (no allocation per request).
/// </summary>
public sealed class RoutingSnapshot
{
    public static readonly RoutingSnapshot Empty = new([], failOpen: false, healthy: 0, unhealthy: 0);

    public RoutingSnapshot(TargetState[] candidates, bool failOpen, int healthy, int unhealthy)
    {
        Candidates = candidates;
        FailOpen = failOpen;
        HealthyCount = healthy;
        UnhealthyCount = unhealthy;
    }

    /// <summary>Targets new requests may go to: the healthy ones, or every registered non-draining target under fail-open.</summary>
    public TargetState[] Candidates { get; }

    /// <summary>Fewer healthy targets than the TG-31 threshold: routing to all targets (TG-35).</summary>
    public bool FailOpen { get; }

    public int HealthyCount { get; }

    public int UnhealthyCount { get; }

    /// <summary>
    /// Builds the snapshot (TG-31, TG-34, TG-35, HC-26): healthy (and unavailable, for groups without
    /// health checks) targets, unless they number fewer than the minimum count or percentage of the
    /// registered non-draining targets; then all of those, initial and unhealthy included.
    /// </summary>
    public static RoutingSnapshot Build(IReadOnlyList<TargetState> targets, int minimumHealthyCount, int minimumHealthyPercentage)
    {
        var active = new List<TargetState>(targets.Count);
        var routable = new List<TargetState>(targets.Count);
        int healthy = 0, unhealthy = 0;
        foreach (var target in targets)
        {
            var state = target.Health.State;
            if (target.IsDraining || state is TargetHealthState.Unused or TargetHealthState.Draining)
            {
                continue;
            }

            active.Add(target);
            switch (state)
            {
                case TargetHealthState.Healthy:
                    healthy++;
                    routable.Add(target);
                    break;
                case TargetHealthState.Unavailable:
                    routable.Add(target);
                    break;
                case TargetHealthState.Unhealthy:
                    unhealthy++;
                    break;
            }
        }

        var breach = routable.Count < minimumHealthyCount
            || (minimumHealthyPercentage > 0 && routable.Count * 100 < minimumHealthyPercentage * active.Count);
        return breach
            ? new RoutingSnapshot([.. active], failOpen: active.Count > 0, healthy, unhealthy)
            : new RoutingSnapshot([.. routable], failOpen: false, healthy, unhealthy);
    }
}
