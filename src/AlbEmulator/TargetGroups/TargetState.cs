using System.Text;
using AlbEmulator.Health;
using AlbEmulator.Model;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// The live state of one registered target in one target group: health, consecutive check results,
/// in-flight requests (on <see cref="Model"/>), registration time, draining deadline, slow start and
/// anomaly counters. Survives config snapshot swaps (it lives in <see cref="TargetRegistry"/>).
/// Health is an immutable <see cref="TargetHealth"/> swapped as a whole.
/// </summary>
public sealed class TargetState
{
    private readonly CancellationTokenSource _drainCut = new();
    private volatile TargetHealth _health;
    private long _slowStartSinceTicks;
    private long _windowRequests;
    private long _windowErrors;

    public TargetState(TargetModel model, string groupArn, TargetHealth health, DateTimeOffset registeredAt)
    {
        Model = model;
        _health = health;
        RegisteredAt = registeredAt;
        StickyKey = Encoding.UTF8.GetBytes($"{groupArn}\n{model.Id}\n{model.Port}");
    }

    public TargetModel Model { get; }

    public string Id => Model.Id;

    public int Port => Model.Port;

    public TargetHealth Health => _health;

    public DateTimeOffset RegisteredAt { get; }

    /// <summary>When draining ends (TG-60); null unless draining.</summary>
    public DateTimeOffset? DrainingUntil { get; internal set; }

    public bool IsDraining => DrainingUntil is not null;

    /// <summary>Cancelled when the deregistration delay expires: requests still in flight are cut (TG-60).</summary>
    public CancellationToken DrainCut => _drainCut.Token;

    /// <summary>Consecutive check results; touched only by the health checker under the group lock.</summary>
    internal HealthCheckCounters Counters;

    /// <summary>What the stickiness cookies encode for this target in this group (compared, never parsed).</summary>
    internal byte[] StickyKey { get; }

    /// <summary>Anomaly detection result (TG-42): true while this target is anomalous.</summary>
    public bool Anomalous { get; internal set; }

    /// <summary>weighted_random weight under anomaly mitigation, 0 &lt; w ≤ 1 (1 = parity).</summary>
    public double RoutingWeight { get; internal set; } = 1.0;

    /// <summary>When slow start began (TG-50), or null.</summary>
    public DateTimeOffset? SlowStartSince
    {
        get
        {
            var ticks = Interlocked.Read(ref _slowStartSinceTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }

        internal set => Interlocked.Exchange(ref _slowStartSinceTicks, value?.UtcTicks ?? 0);
    }

    internal void SetHealth(TargetHealth health) => _health = health;

    internal void CutInFlight() => _drainCut.Cancel();

    /// <summary>Slow-start share 0..1 at <paramref name="now"/>: linear over <paramref name="duration"/> (TG-50); 1 outside slow start.</summary>
    public double SlowStartWeight(DateTimeOffset now, TimeSpan duration)
    {
        var ticks = Interlocked.Read(ref _slowStartSinceTicks);
        if (ticks == 0 || duration <= TimeSpan.Zero)
        {
            return 1.0;
        }

        var elapsed = now.UtcTicks - ticks;
        if (elapsed >= duration.Ticks)
        {
            Interlocked.CompareExchange(ref _slowStartSinceTicks, 0, ticks);
            return 1.0;
        }

        return elapsed <= 0 ? 0.0 : (double)elapsed / duration.Ticks;
    }

    /// <summary>Counts a forwarded request for anomaly detection: <paramref name="error"/> = 5xx from the target or a connection failure.</summary>
    public void RecordOutcome(bool error)
    {
        Interlocked.Increment(ref _windowRequests);
        if (error)
        {
            Interlocked.Increment(ref _windowErrors);
        }
    }

    /// <summary>Returns and resets the request/error counts of the current detection window.</summary>
    internal (long Requests, long Errors) TakeWindow() =>
        (Interlocked.Exchange(ref _windowRequests, 0), Interlocked.Exchange(ref _windowErrors, 0));
}
