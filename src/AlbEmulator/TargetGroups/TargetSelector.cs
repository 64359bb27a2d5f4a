namespace AlbEmulator.TargetGroups;

/// <summary>
/// The routing algorithms over a group's <see cref="RoutingSnapshot.Candidates"/> (TG-40..TG-42,
/// TG-50). Runs on every forwarded request: no allocation, no LINQ.
/// </summary>
public static class TargetSelector
{
    /// <summary>The next target for a new (non-sticky) request, or null when there is none (TG-34: 503).</summary>
    public static TargetState? Select(TargetGroupState group, DateTimeOffset now)
    {
        var candidates = group.Routing.Candidates;
        if (candidates.Length == 0)
        {
            return null;
        }

        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        var attributes = group.Group.Attributes;
        return attributes.Algorithm switch
        {
            LoadBalancingAlgorithm.LeastOutstandingRequests => LeastOutstanding(candidates, ref group.RoundRobinCursor),
            LoadBalancingAlgorithm.WeightedRandom => WeightedRandom(candidates, attributes.AnomalyMitigation, Random.Shared.NextDouble()),
            _ => RoundRobin(candidates, ref group.RoundRobinCursor, now, attributes.SlowStart),
        };
    }

    /// <summary>
    /// TG-40 rotation. With slow start (TG-50) a target in its ramp is taken only with probability
    /// equal to its share (elapsed / duration), so its share of new requests grows linearly.
    /// </summary>
    public static TargetState RoundRobin(TargetState[] candidates, ref int cursor, DateTimeOffset now, TimeSpan slowStart)
    {
        TargetState? fallback = null;
        for (var attempt = 0; attempt < candidates.Length; attempt++)
        {
            var index = (int)((uint)Interlocked.Increment(ref cursor) % (uint)candidates.Length);
            var target = candidates[index];
            if (slowStart <= TimeSpan.Zero)
            {
                return target;
            }

            var weight = target.SlowStartWeight(now, slowStart);
            if (weight >= 1.0 || Random.Shared.NextDouble() < weight)
            {
                return target;
            }

            fallback ??= target;
        }

        return fallback!;
    }

    /// <summary>TG-41: fewest in-flight requests; ties rotate so equal targets share the load.</summary>
    public static TargetState LeastOutstanding(TargetState[] candidates, ref int cursor)
    {
        var start = (int)((uint)Interlocked.Increment(ref cursor) % (uint)candidates.Length);
        var best = candidates[start];
        var bestCount = best.Model.OutstandingRequests;
        for (var i = 1; i < candidates.Length && bestCount > 0; i++)
        {
            var target = candidates[(start + i) % candidates.Length];
            var count = target.Model.OutstandingRequests;
            if (count < bestCount)
            {
                best = target;
                bestCount = count;
            }
        }

        return best;
    }

    /// <summary>
    /// TG-42: uniformly random; with anomaly mitigation on, each target weighs its
    /// <see cref="TargetState.RoutingWeight"/> (reduced for anomalous targets). <paramref name="roll"/> is in [0, 1).
    /// </summary>
    public static TargetState WeightedRandom(TargetState[] candidates, bool mitigation, double roll)
    {
        if (!mitigation)
        {
            return candidates[Math.Min((int)(roll * candidates.Length), candidates.Length - 1)];
        }

        var total = 0.0;
        foreach (var target in candidates)
        {
            total += target.RoutingWeight;
        }

        var point = roll * total;
        foreach (var target in candidates)
        {
            point -= target.RoutingWeight;
            if (point < 0)
            {
                return target;
            }
        }

        return candidates[^1];
    }
}
