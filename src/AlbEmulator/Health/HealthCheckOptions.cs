namespace AlbEmulator.Health;

/// <summary>
/// Emulator-only knobs for the health checker, meant for tests and the test fixture (not part of the
/// config file): shorten the interval/timeout, or switch the schedule off and drive check rounds by
/// hand with <c>TargetRegistry.RunHealthChecksAsync</c>. Defaults are ALB's behaviour.
/// </summary>
public sealed class HealthCheckOptions
{
    /// <summary>false: no checks run on their own; each call to RunHealthChecksAsync is one round.</summary>
    public bool Automatic { get; set; } = true;

    /// <summary>Replaces every group's HealthCheckIntervalSeconds (tests).</summary>
    public TimeSpan? IntervalOverride { get; set; }

    /// <summary>Replaces every group's HealthCheckTimeoutSeconds (tests).</summary>
    public TimeSpan? TimeoutOverride { get; set; }

    /// <summary>How often anomaly detection re-evaluates weighted_random groups (TG-42: every 5 s).</summary>
    public TimeSpan AnomalyEvaluationPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
