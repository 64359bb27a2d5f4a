using AlbEmulator.Health;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// Automatic target weights for <c>weighted_random</c> groups (TG-42). Detection: every period each
/// healthy target's error rate (5xx from the target and connection failures) is compared with the rate
/// of its peers; it needs at least 3 healthy targets. Mitigation (anomaly_mitigation = on): an
/// anomalous target's weight is halved each period (floor 0.05); a recovered one ramps back by 0.25 per
/// period to parity; a period with fewer than MinimumRequests requests keeps the previous result. AWS publishes no formula, so the thresholds below are [EMU] choices:
/// at least <see cref="MinimumRequests"/> requests in the period, an error rate at least
/// <see cref="MinimumExcess"/> above the peers' and at least twice theirs.
/// </summary>
public static class AnomalyDetector
{
    public const int MinimumHealthyTargets = 3;
    public const long MinimumRequests = 5;
    public const double MinimumExcess = 0.2;
    public const double MinimumWeight = 0.05;
    public const double RecoveryStep = 0.25;

    /// <summary>Evaluates one period; returns the targets whose anomaly result or weight changed.</summary>
    public static IReadOnlyList<TargetState> Evaluate(IReadOnlyList<TargetState> targets, bool mitigation)
    {
        var healthy = new List<(TargetState Target, long Requests, long Errors)>();
        foreach (var target in targets)
        {
            var (requests, errors) = target.TakeWindow();
            if (!target.IsDraining && target.Health.State == TargetHealthState.Healthy)
            {
                healthy.Add((target, requests, errors));
            }
        }

        long totalRequests = 0, totalErrors = 0;
        foreach (var (_, requests, errors) in healthy)
        {
            totalRequests += requests;
            totalErrors += errors;
        }

        var changed = new List<TargetState>();
        foreach (var (target, requests, errors) in healthy)
        {
            // Too few requests in the period to judge: the previous result stands.
            bool? verdict = healthy.Count < MinimumHealthyTargets ? false : null;
            if (verdict is null && requests >= MinimumRequests)
            {
                var rate = (double)errors / requests;
                var peerRequests = totalRequests - requests;
                var peerRate = peerRequests > 0 ? (double)(totalErrors - errors) / peerRequests : 0.0;
                verdict = rate - peerRate >= MinimumExcess && rate >= 2 * peerRate;
            }

            var anomalous = verdict ?? target.Anomalous;
            var weight = !mitigation ? 1.0
                : verdict is null ? target.RoutingWeight
                : anomalous ? Math.Max(MinimumWeight, target.RoutingWeight * 0.5)
                : Math.Min(1.0, target.RoutingWeight + RecoveryStep);
            if (anomalous != target.Anomalous || weight != target.RoutingWeight)
            {
                target.Anomalous = anomalous;
                target.RoutingWeight = weight;
                changed.Add(target);
            }
        }

        return changed;
    }
}
