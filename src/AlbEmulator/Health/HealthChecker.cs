using AlbEmulator.HealthCheckLogs;
using AlbEmulator.Lambda;
using AlbEmulator.Model;
using AlbEmulator.TargetGroups;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Health;

/// <summary>
/// Runs the active health checks of every target group a listener uses (HC-25) on the group's
/// interval (HC-22: each round starts one interval after the previous one started, whatever the
/// responses took), applies the results to <see cref="TargetGroupState"/>, and re-evaluates anomaly
/// detection for weighted_random groups. Time comes from the injected <see cref="TimeProvider"/>.
/// Lambda groups with HealthCheckEnabled are checked by invoking the function (<see cref="LambdaHealthCheck"/>,
/// HC-14) and go through the same state machine; groups whose connections go to an in-memory app
/// (<c>AlbEmulatorOptions.TargetInvokers</c>) are checked through that app instead of a socket.
/// </summary>
public sealed class HealthChecker : IAsyncDisposable
{
    private readonly TargetRegistry _registry;
    private readonly HealthCheckOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LambdaHealthCheck? _lambda;
    private readonly HashSet<string> _inMemoryGroups;
    private readonly HealthCheckLogWriter? _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<TargetGroupState, Task> _loops = [];
    private readonly List<Task> _background = [];

    /// <summary>The longest the round loop sleeps before it re-reads the group's interval.</summary>
    private static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>
    /// A checker over <paramref name="registry"/>. <paramref name="lambda"/> checks Lambda targets (without it
    /// Lambda groups are not checked); <paramref name="inMemoryGroups"/> names the target groups whose
    /// <see cref="TargetGroupModel.Invoker"/> is an in-memory app, which their checks go through. <paramref name="log"/>, when it has
    /// consumers (<c>health_check_logs.s3.enabled</c>), gets one health-check-log line per check.
    /// </summary>
    public HealthChecker(TargetRegistry registry, HealthCheckOptions options, TimeProvider time, ILogger logger, LambdaHealthCheck? lambda = null, IEnumerable<string>? inMemoryGroups = null, HealthCheckLogWriter? log = null)
    {
        _log = log;
        _lambda = lambda;
        _inMemoryGroups = new HashSet<string>(inMemoryGroups ?? [], StringComparer.OrdinalIgnoreCase);
        _registry = registry;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts the per-group schedules (when <see cref="HealthCheckOptions.Automatic"/>).</summary>
    public void Start()
    {
        _registry.TargetsRegistered += OnTargetsRegistered;
        _registry.Attached += EnsureLoops;
        EnsureLoops();
    }

    /// <summary>Runs one check round now for one group (name or ARN) or every group, and waits for its results.</summary>
    public async Task RunRoundAsync(string? targetGroup = null)
    {
        var groups = targetGroup is null ? _registry.Groups : [_registry.Find(targetGroup) ?? throw new KeyNotFoundException($"Target group '{targetGroup}' not found.")];
        await Task.WhenAll(groups.Select(g => CheckAsync(g, g.Targets, _stopping.Token)));
    }

    /// <summary>Runs one anomaly-detection period now for every weighted_random group.</summary>
    public void RunAnomalyDetection()
    {
        foreach (var group in _registry.Groups)
        {
            var attributes = group.Group.Attributes;
            if (attributes.Algorithm != LoadBalancingAlgorithm.WeightedRandom)
            {
                continue;
            }

            foreach (var target in AnomalyDetector.Evaluate(group.Targets, attributes.AnomalyMitigation))
            {
                group.LogAnomaly(target);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _registry.TargetsRegistered -= OnTargetsRegistered;
        _registry.Attached -= EnsureLoops;
        await _stopping.CancelAsync();
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _loops.Values, .. _background];
        }

        try
        {
            await Task.WhenAll(pending);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private bool IsChecked(TargetGroupModel group) =>
        group.IsInUse && group.HealthCheck.Enabled && (!group.HealthCheck.IsLambda || _lambda is not null);

    private void EnsureLoops()
    {
        if (!_options.Automatic || _stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var group in _registry.Groups)
            {
                if (!_loops.TryGetValue(group, out var loop) || loop.IsCompleted)
                {
                    _loops[group] = Task.Run(() => RunLoopAsync(group, _stopping.Token));
                }
            }

            if (_background.Count == 0)
            {
                _background.Add(Task.Run(() => RunAnomalyLoopAsync(_stopping.Token)));
            }
        }
    }

    private void OnTargetsRegistered(TargetGroupState group, IReadOnlyList<TargetState> targets)
    {
        if (!_options.Automatic || _stopping.IsCancellationRequested)
        {
            return;
        }

        // A new registration is checked at once rather than at the next round.
        lock (_gate)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(Task.Run(() => CheckAsync(group, targets, _stopping.Token)));
        }
    }

    private async Task RunLoopAsync(TargetGroupState group, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && _registry.Groups.Contains(group))
        {
            var started = _time.GetUtcNow();
            try
            {
                await CheckAsync(group, group.Targets, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await WaitForNextRoundAsync(group, started, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits until one interval after <paramref name="started"/>, re-reading the interval at least
    /// every second: ModifyTargetGroup (30 s → 5 s) reschedules the pending check, as ALB does.
    /// </summary>
    private async Task WaitForNextRoundAsync(TargetGroupState group, DateTimeOffset started, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = started + (_options.IntervalOverride ?? group.Group.HealthCheck.Interval) - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait < MaxSleep ? wait : MaxSleep, _time, cancellationToken);
        }
    }

    private async Task RunAnomalyLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.AnomalyEvaluationPeriod, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            RunAnomalyDetection();
        }
    }

    private async Task CheckAsync(TargetGroupState group, IReadOnlyList<TargetState> targets, CancellationToken cancellationToken)
    {
        var model = group.Group;
        if (!IsChecked(model))
        {
            return;
        }

        var timeout = _options.TimeoutOverride ?? model.HealthCheck.Timeout;
        var checks = new List<Task>(targets.Count);
        foreach (var target in targets)
        {
            if (target.IsDraining || target.Health.State is not (TargetHealthState.Initial or TargetHealthState.Healthy or TargetHealthState.Unhealthy))
            {
                continue;
            }

            checks.Add(CheckOneAsync(group, model, target, timeout, cancellationToken));
        }

        try
        {
            await Task.WhenAll(checks);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TargetHealthLog.RoundFailed(_logger, group.Name, e);
        }
    }

    private async Task CheckOneAsync(TargetGroupState group, TargetGroupModel model, TargetState target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        group.MarkCheckStarted(target);
        var startUtc = _time.GetUtcNow().UtcDateTime;
        var started = _time.GetTimestamp();
        var result = model.HealthCheck.IsLambda
            ? await _lambda!.CheckAsync(model, target.Model, timeout, cancellationToken)
            : await HealthCheckProbe.CheckAsync(model.HealthCheck, target.Model, timeout, _time, _inMemoryGroups.Contains(model.Name) ? model.Invoker : null, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        group.ApplyResult(target, result);

        // The health-check log (§1.10): formatted only while some load balancer delivers it; written in the background.
        if (_log is { HasConsumers: true } && model.LoadBalancerFullName is { } loadBalancer)
        {
            _log.Write(HealthCheckLogFormatter.Format(model.HealthCheck, target.Model.Id, target.Model.Port, model.Name, startUtc, _time.GetElapsedTime(started), result, loadBalancer));
        }
    }

}
