using AlbEmulator.Health;
using AlbEmulator.Model;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// The live state of one target group, keyed by ARN in <see cref="TargetRegistry"/> so it survives
/// config snapshot swaps: the registered (and draining) targets as a copy-on-write array, and the
/// <see cref="RoutingSnapshot"/> request routing reads. Every change happens under one lock, builds
/// new arrays, and logs each target whose health changed.
/// </summary>
public sealed class TargetGroupState
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Func<ILogger> _logger;
    private TargetState[] _targets = [];
    private volatile RoutingSnapshot _routing = RoutingSnapshot.Empty;
    private volatile TargetGroupModel _group;

    /// <summary>Round-robin position, shared by every request (Interlocked).</summary>
    internal int RoundRobinCursor = -1;

    private readonly CancellationToken _stopping;

    internal TargetGroupState(TargetGroupModel group, TimeProvider time, Func<ILogger> logger, CancellationToken stopping = default)
    {
        _stopping = stopping;
        _group = group;
        _time = time;
        _logger = logger;
        StickyPrefix = System.Text.Encoding.UTF8.GetBytes(group.Arn + "\n");
    }

    /// <summary>How the stickiness keys of this group's targets start (group ARN and a newline).</summary>
    internal byte[] StickyPrefix { get; }

    /// <summary>The group's configuration in the current snapshot.</summary>
    public TargetGroupModel Group => _group;

    public string Arn => _group.Arn;

    public string Name => _group.Name;

    /// <summary>Registered and draining targets, in registration order.</summary>
    public IReadOnlyList<TargetState> Targets => Volatile.Read(ref _targets);

    public RoutingSnapshot Routing => _routing;

    internal TimeProvider Time => _time;

    /// <summary>A new snapshot carries this group: use its settings; targets whose group stopped (or started) being in use change state (HC-25).</summary>
    internal void UpdateGroup(TargetGroupModel group)
    {
        lock (_gate)
        {
            _group = group;
            foreach (var target in _targets)
            {
                if (target.IsDraining)
                {
                    continue;
                }

                var notInUse = target.Health == TargetHealth.NotInUse;
                if (notInUse == group.IsInUse)
                {
                    Transition(target, InitialHealth(group));
                }
            }

            Recompute();
        }
    }

    /// <summary>
    /// Registers targets (RegisterTargets): each new one starts <c>initial</c> /
    /// <c>Elb.RegistrationInProgress</c> (HC-21). Already registered ones are left alone; a draining one
    /// is registered afresh. Returns the targets that were added.
    /// </summary>
    public IReadOnlyList<TargetState> Register(IEnumerable<TargetDescription> targets)
    {
        var added = new List<TargetState>();
        lock (_gate)
        {
            var group = _group;
            var list = new List<TargetState>(_targets);
            foreach (var description in targets)
            {
                var port = description.Port ?? group.Resolved.Port;
                var index = list.FindIndex(t => t.Id == description.Id && t.Port == port);
                if (index >= 0 && !list[index].IsDraining)
                {
                    continue;
                }

                var configured = group.Targets.FirstOrDefault(t => t.Id == description.Id && t.Port == port);
                var model = configured ?? new TargetModel(description.Id, port, group.Scheme);
                var target = new TargetState(model, group.Arn, InitialHealth(group), _time.GetUtcNow());
                if (index >= 0)
                {
                    list[index] = target;
                }
                else
                {
                    list.Add(target);
                }

                added.Add(target);
                Log(target);
            }

            Volatile.Write(ref _targets, [.. list]);
            Recompute();
        }

        return added;
    }

    /// <summary>
    /// Deregisters targets (TG-60): new requests avoid them at once; they stay <c>draining</c>
    /// (<c>Target.DeregistrationInProgress</c>) for the group's deregistration delay even when their
    /// requests finish early; then requests still in flight are cut (the client gets a 502 if its
    /// response had not started) and the target is gone (<c>unused</c> / <c>Target.NotRegistered</c>).
    /// </summary>
    public void Deregister(IEnumerable<TargetDescription> targets)
    {
        var delay = _group.Attributes.DeregistrationDelay;
        var finished = new List<TargetState>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var description in targets)
            {
                var port = description.Port ?? _group.Resolved.Port;
                var target = Array.Find(_targets, t => t.Id == description.Id && t.Port == port && !t.IsDraining);
                if (target is null)
                {
                    continue;
                }

                target.DrainingUntil = now + delay;
                target.SlowStartSince = null;
                if (delay <= TimeSpan.Zero)
                {
                    finished.Add(target);
                    continue;
                }

                Transition(target, TargetHealth.DeregistrationInProgress);
                _ = FinishDrainingAsync(target, delay);
            }

            Recompute();
        }

        foreach (var target in finished)
        {
            Remove(target);
        }
    }

    /// <summary>A check of a target starts: <c>Elb.RegistrationInProgress</c> becomes <c>Elb.InitialHealthChecking</c> (HC-21).</summary>
    internal void MarkCheckStarted(TargetState target)
    {
        if (target.Health != TargetHealth.RegistrationInProgress)
        {
            return;
        }

        lock (_gate)
        {
            if (target.Health == TargetHealth.RegistrationInProgress)
            {
                Transition(target, TargetHealth.InitialHealthChecking);
            }
        }
    }

    /// <summary>Applies one check result (HC-21, HC-22). Ignored for targets no longer checked (draining, gone).</summary>
    internal void ApplyResult(TargetState target, HealthCheckResult result)
    {
        lock (_gate)
        {
            if (target.IsDraining || Array.IndexOf(_targets, target) < 0)
            {
                return;
            }

            var settings = _group.HealthCheck;
            var current = target.Health == TargetHealth.RegistrationInProgress ? TargetHealth.InitialHealthChecking : target.Health;
            var next = HealthCheckStateMachine.Next(current, result, ref target.Counters, settings.HealthyThreshold, settings.UnhealthyThreshold);
            if (!ReferenceEquals(next, target.Health))
            {
                Transition(target, next);
                Recompute();
            }
        }
    }

    /// <summary>Anomaly detection changed a target's weight (TG-42): rebuild nothing, log the change.</summary>
    internal void LogAnomaly(TargetState target) =>
        TargetHealthLog.AnomalyChanged(_logger(), Name, target.Id, target.Port, target.Anomalous ? "anomalous" : "normal", target.RoutingWeight);

    /// <summary>Logs every target's current status (at start, when the application log becomes available).</summary>
    internal void LogAll()
    {
        foreach (var target in Targets)
        {
            Log(target);
        }
    }

    private static TargetHealth InitialHealth(TargetGroupModel group)
    {
        var settings = group.HealthCheck;
        if (!group.IsInUse)
        {
            return TargetHealth.NotInUse;
        }

        if (!settings.Enabled)
        {
            return TargetHealth.HealthCheckDisabled;
        }

        // Lambda targets too: the health checker invokes the function (LambdaHealthCheck, HC-14).
        return TargetHealth.RegistrationInProgress;
    }

    private async Task FinishDrainingAsync(TargetState target, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The emulator is stopping: nothing left to drain into.
            return;
        }

        Remove(target);
    }

    private void Remove(TargetState target)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_targets, target);
            if (index >= 0)
            {
                Volatile.Write(ref _targets, [.. _targets[..index], .. _targets[(index + 1)..]]);
                Recompute();
            }

            target.SetHealth(TargetHealth.NotRegistered);
            Log(target);
        }

        target.CutInFlight();
    }

    /// <summary>Sets a new status (under the lock) and handles slow start (TG-50).</summary>
    private void Transition(TargetState target, TargetHealth next)
    {
        var previous = target.Health;
        target.SetHealth(next);
        if (next.State == TargetHealthState.Healthy && previous.State != TargetHealthState.Healthy)
        {
            var attributes = _group.Attributes;
            if (attributes.SlowStart > TimeSpan.Zero && attributes.Algorithm == LoadBalancingAlgorithm.RoundRobin && HasSettledHealthyPeer(target))
            {
                target.SlowStartSince = _time.GetUtcNow();
            }
        }
        else if (next.State != TargetHealthState.Healthy)
        {
            target.SlowStartSince = null;
        }

        Log(target);
    }

    /// <summary>TG-50: slow start applies only when another healthy target that is not in slow start exists.</summary>
    private bool HasSettledHealthyPeer(TargetState target)
    {
        var now = _time.GetUtcNow();
        foreach (var other in _targets)
        {
            if (other != target && !other.IsDraining && other.Health.State == TargetHealthState.Healthy
                && other.SlowStartWeight(now, _group.Attributes.SlowStart) >= 1.0)
            {
                return true;
            }
        }

        return false;
    }

    private void Recompute()
    {
        var attributes = _group.Attributes;
        _routing = RoutingSnapshot.Build(_targets, attributes.MinimumHealthyCount, attributes.MinimumHealthyPercentage);
    }

    private void Log(TargetState target)
    {
        TargetHealthLog.Changed(_logger(), Name, target.Id, target.Port, target.Health);
    }
}
