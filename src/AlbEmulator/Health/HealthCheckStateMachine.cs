namespace AlbEmulator.Health;

/// <summary>
/// The target health state machine (HC-21, HC-22): one success takes an <c>initial</c> target to
/// <c>healthy</c> whatever the threshold; <c>healthy</c> → <c>unhealthy</c> after
/// UnhealthyThresholdCount consecutive failures; <c>unhealthy</c> → <c>healthy</c> after
/// HealthyThresholdCount consecutive successes. [EMU] An <c>initial</c> target that fails
/// UnhealthyThresholdCount consecutive checks becomes <c>unhealthy</c> (ALB does the same in practice;
/// the guide does not say). Draining, unused and unavailable targets are not checked.
/// </summary>
public static class HealthCheckStateMachine
{
    public static TargetHealth Next(TargetHealth current, HealthCheckResult result, ref HealthCheckCounters counters, int healthyThreshold, int unhealthyThreshold)
    {
        if (current.State is not (TargetHealthState.Initial or TargetHealthState.Healthy or TargetHealthState.Unhealthy))
        {
            return current;
        }

        if (result.IsSuccess)
        {
            counters = new HealthCheckCounters(counters.Successes + 1, 0);
            return current.State switch
            {
                TargetHealthState.Unhealthy when counters.Successes < healthyThreshold => current,
                _ => TargetHealth.Healthy,
            };
        }

        counters = new HealthCheckCounters(0, counters.Failures + 1);
        if (counters.Failures < unhealthyThreshold)
        {
            return current.State switch
            {
                TargetHealthState.Initial => TargetHealth.InitialHealthChecking,

                // Still unhealthy: the reason follows the latest failure.
                TargetHealthState.Unhealthy => Same(current, result.FailureHealth),
                _ => current,
            };
        }

        return Same(current, result.FailureHealth);
    }

    /// <summary>Keeps the existing instance when nothing visible changed (so no state-change log line).</summary>
    private static TargetHealth Same(TargetHealth current, TargetHealth next) => current == next ? current : next;
}

/// <summary>Consecutive check results of one target.</summary>
public readonly record struct HealthCheckCounters(int Successes, int Failures);
