using AlbEmulator.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// All live target state of the load balancer, by target group ARN. It outlives config snapshots:
/// <see cref="Attach"/> connects each new snapshot's groups to their existing state. The runtime API
/// for tests, the fixture and the ELBv2 control plane: <see cref="RegisterTargets"/>,
/// <see cref="DeregisterTargets"/>, <see cref="DescribeTargetHealth"/>, <see cref="GetHostCounts"/>.
/// </summary>
public sealed class TargetRegistry
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, TargetGroupState> _byArn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TargetDescription>> _configured = new(StringComparer.Ordinal);
    private volatile TargetGroupState[] _groups = [];
    private ILogger _logger = NullLogger.Instance;

    public TargetRegistry(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Called with targets just registered (the health checker checks them at once).</summary>
    internal event Action<TargetGroupState, IReadOnlyList<TargetState>>? TargetsRegistered;

    /// <summary>Raised after a snapshot has been attached (the health checker starts schedules for new groups).</summary>
    internal event Action? Attached;

    /// <summary>Every group of the current snapshot, in config order.</summary>
    public IReadOnlyList<TargetGroupState> Groups => _groups;

    internal TimeProvider Time => _time;

    /// <summary>Where target health changes are logged (set once the host's logging exists).</summary>
    public ILogger Logger
    {
        get => _logger;
        set => _logger = value ?? NullLogger.Instance;
    }

    /// <summary>
    /// Connects a freshly built snapshot: each group gets its existing state (or a new one), and the
    /// targets the config lists are reconciled with what the config listed before (new ones registered,
    /// removed ones deregistered). Targets registered through the API are left alone.
    /// </summary>
    public void Attach(EmulatorModel model)
    {
        var registered = new List<(TargetGroupState, IReadOnlyList<TargetState>)>();
        lock (_gate)
        {
            var groups = new List<TargetGroupState>();
            foreach (var group in model.TargetGroups.Values)
            {
                if (!_byArn.TryGetValue(group.Arn, out var state))
                {
                    state = new TargetGroupState(group, _time, () => _logger, _stopping.Token);
                    _byArn[group.Arn] = state;
                }
                else
                {
                    state.UpdateGroup(group);
                }

                group.AttachState(state);
                groups.Add(state);

                var now = group.Targets.Select(t => new TargetDescription(t.Id, t.Port)).ToArray();
                var before = _configured.GetValueOrDefault(group.Arn) ?? [];
                var removed = before.Where(b => !now.Contains(b)).ToArray();
                if (removed.Length > 0)
                {
                    state.Deregister(removed);
                }

                var added = state.Register(now.Where(n => !before.Contains(n)));
                if (added.Count > 0)
                {
                    registered.Add((state, added));
                }

                _configured[group.Arn] = now;
            }

            _groups = [.. groups];
        }

        foreach (var (state, added) in registered)
        {
            TargetsRegistered?.Invoke(state, added);
        }

        Attached?.Invoke();
    }

    /// <summary>The state of a group by name (case-insensitive) or ARN; null when unknown.</summary>
    public TargetGroupState? Find(string nameOrArn)
    {
        foreach (var group in _groups)
        {
            if (group.Arn == nameOrArn || string.Equals(group.Name, nameOrArn, StringComparison.OrdinalIgnoreCase))
            {
                return group;
            }
        }

        return null;
    }

    /// <summary>RegisterTargets: Port defaults to the group's port. Throws <see cref="KeyNotFoundException"/> for an unknown group.</summary>
    public void RegisterTargets(string targetGroup, IEnumerable<TargetDescription> targets)
    {
        var state = Require(targetGroup);
        var added = state.Register(targets);
        if (added.Count > 0)
        {
            TargetsRegistered?.Invoke(state, added);
        }
    }

    /// <summary>DeregisterTargets (TG-60: draining for the group's deregistration delay).</summary>
    public void DeregisterTargets(string targetGroup, IEnumerable<TargetDescription> targets) =>
        Require(targetGroup).Deregister(targets);

    /// <summary>
    /// describe-target-health: every registered or draining target, or only <paramref name="targets"/>
    /// (a target not registered is <c>unused</c> / <c>Target.NotRegistered</c>).
    /// </summary>
    public IReadOnlyList<TargetHealthDescription> DescribeTargetHealth(string targetGroup, IEnumerable<TargetDescription>? targets = null)
    {
        var state = Require(targetGroup);
        var group = state.Group;
        var current = state.Targets;
        var weighted = group.Attributes.Algorithm == LoadBalancingAlgorithm.WeightedRandom;
        TargetHealthDescription Describe(TargetState t) => new(
            new TargetDescription(t.Id, t.Port),
            group.HealthCheck.PortTextFor(t.Port),
            t.Health,
            weighted ? new TargetAnomalyDetection(t.Anomalous ? "anomalous" : "normal", t.Anomalous && group.Attributes.AnomalyMitigation ? "yes" : "no") : null);

        if (targets is null)
        {
            return current.Select(Describe).ToArray();
        }

        var result = new List<TargetHealthDescription>();
        foreach (var wanted in targets)
        {
            var port = wanted.Port ?? group.Resolved.Port;
            var match = current.LastOrDefault(t => t.Id == wanted.Id && t.Port == port);
            result.Add(match is not null
                ? Describe(match)
                : new TargetHealthDescription(new TargetDescription(wanted.Id, port), group.HealthCheck.PortTextFor(port), Health.TargetHealth.NotRegistered));
        }

        return result;
    }

    /// <summary>(TargetGroupFullName, healthy, unhealthy) per group, for HealthyHostCount / UnHealthyHostCount.</summary>
    public IReadOnlyList<TargetGroupHostCount> GetHostCounts()
    {
        var groups = _groups;
        var counts = new TargetGroupHostCount[groups.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            var routing = groups[i].Routing;
            counts[i] = new TargetGroupHostCount(groups[i].Group.FullName, routing.HealthyCount, routing.UnhealthyCount);
        }

        return counts;
    }

    /// <summary>Logs every target's status once (when the host's logging becomes available).</summary>
    internal void LogAll()
    {
        foreach (var group in _groups)
        {
            group.LogAll();
        }
    }

    /// <summary>The emulator is stopping: pending deregistration timers are dropped.</summary>
    public void Stop() => _stopping.Cancel();

    private TargetGroupState Require(string targetGroup) =>
        Find(targetGroup) ?? throw new KeyNotFoundException($"Target group '{targetGroup}' not found.");
}
