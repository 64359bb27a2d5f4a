using AlbEmulator.Configuration;
using AlbEmulator.Model;
using AlbEmulator.TargetGroups;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// Builds a new <see cref="EmulatorModel"/> for a validated config, attached to the same
/// <see cref="TargetRegistry"/> so live targets and their health survive the swap. A group whose
/// settings did not change keeps its connection pool; a replaced pool is disposed after a grace
/// period, so requests still running on the old snapshot can finish.
/// </summary>
internal sealed class SnapshotFactory : IDisposable
{
    private static readonly TimeSpan RetireDelay = TimeSpan.FromMinutes(2);

    private readonly Func<ResolvedTargetGroup, LoadBalancerSettings, (HttpMessageInvoker Invoker, ForwarderRequestConfig RequestConfig)> _connections;
    private readonly TargetRegistry _registry;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private Dictionary<string, Pool> _pools = new(StringComparer.OrdinalIgnoreCase);

    public SnapshotFactory(
        Func<ResolvedTargetGroup, LoadBalancerSettings, (HttpMessageInvoker Invoker, ForwarderRequestConfig RequestConfig)> connections,
        TargetRegistry registry,
        EmulatorModel initial)
    {
        _connections = connections;
        _registry = registry;
        foreach (var group in initial.TargetGroups.Values)
        {
            _pools[group.Name] = new Pool(group.Resolved, group.ConnectionSettings, group.Invoker, group.RequestConfig);
        }
    }

    /// <summary>
    /// Builds the snapshot of <paramref name="config"/>. Nothing is committed: <see cref="Commit"/> after
    /// the swap makes its connection pools current (and retires the replaced ones); <see cref="Abandon"/>
    /// disposes the pools created for it and re-attaches the registry to the snapshot still current.
    /// </summary>
    public PendingSnapshot Build(AlbConfig config, Func<int, int, string> ruleKey, Func<int, int> listenerKey)
    {
        lock (_gate)
        {
            var pools = _pools;
            var next = new Dictionary<string, Pool>(StringComparer.OrdinalIgnoreCase);
            var model = LoadBalancerModelBuilder.Build(
                config,
                (group, settings) =>
                {
                    if (pools.TryGetValue(group.Name, out var pool) && pool.Group == group && pool.Settings == settings)
                    {
                        next[group.Name] = pool;
                        return (pool.Invoker, pool.RequestConfig);
                    }

                    var (invoker, requestConfig) = _connections(group, settings);
                    next[group.Name] = new Pool(group, settings, invoker, requestConfig);
                    return (invoker, requestConfig);
                },
                _registry,
                ruleKey,
                listenerKey);
            return new PendingSnapshot(model, pools, next);
        }
    }

    public void Commit(PendingSnapshot pending)
    {
        lock (_gate)
        {
            var retired = pending.Previous.Values.Where(p => !pending.Next.Values.Any(n => ReferenceEquals(n.Invoker, p.Invoker))).Select(p => p.Invoker).ToArray();
            _pools = pending.Next;
            if (retired.Length > 0)
            {
                _ = RetireAsync(retired);
            }
        }
    }

    public void Abandon(PendingSnapshot pending, EmulatorModel current)
    {
        foreach (var pool in pending.Next.Values.Where(p => !pending.Previous.Values.Any(o => ReferenceEquals(o.Invoker, p.Invoker))))
        {
            pool.Invoker.Dispose();
        }

        _registry.Attach(current);
    }

    private async Task RetireAsync(HttpMessageInvoker[] invokers)
    {
        try
        {
            await Task.Delay(RetireDelay, _disposed.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping: dispose now.
        }

        foreach (var invoker in invokers)
        {
            invoker.Dispose();
        }
    }

    public void Dispose() => _disposed.Cancel();

    internal sealed record Pool(ResolvedTargetGroup Group, LoadBalancerSettings Settings, HttpMessageInvoker Invoker, ForwarderRequestConfig RequestConfig);

    /// <summary>A built snapshot that is not live yet.</summary>
    internal sealed record PendingSnapshot(EmulatorModel Model, Dictionary<string, Pool> Previous, Dictionary<string, Pool> Next);
}
