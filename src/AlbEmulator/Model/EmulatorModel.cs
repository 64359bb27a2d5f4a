using AlbEmulator.Configuration;

namespace AlbEmulator.Model;

/// <summary>
/// The immutable run-time snapshot of the whole emulator: every load balancer (config-format.md §4), each
/// with its own listeners, attributes and identifiers, and the target groups, which are account/region
/// resources shared by all of them. A config change builds a new snapshot and swaps it in whole
/// (<see cref="Pipeline.AlbRuntime"/>). Listener ports are unique across the process, so a port names
/// exactly one listener and one load balancer.
/// </summary>
public sealed class EmulatorModel
{
    private readonly Dictionary<int, LoadBalancerModel> _byPort = [];

    public EmulatorModel(AlbConfig config, IReadOnlyList<LoadBalancerModel> loadBalancers, IReadOnlyDictionary<string, TargetGroupModel> targetGroups)
    {
        Config = config;
        LoadBalancers = loadBalancers;
        TargetGroups = targetGroups;
        var listeners = new List<ListenerModel>();
        foreach (var lb in loadBalancers)
        {
            foreach (var listener in lb.Listeners)
            {
                _byPort[listener.Port] = lb;
                listeners.Add(listener);
            }
        }

        Listeners = listeners;
    }

    public AlbConfig Config { get; }

    /// <summary>Every load balancer, in config order (empty when none exists).</summary>
    public IReadOnlyList<LoadBalancerModel> LoadBalancers { get; }

    /// <summary>Every listener of every load balancer.</summary>
    public IReadOnlyList<ListenerModel> Listeners { get; }

    /// <summary>Every target group by name, case-insensitive.</summary>
    public IReadOnlyDictionary<string, TargetGroupModel> TargetGroups { get; }

    /// <summary>The listener on a configured port, whichever load balancer has it.</summary>
    public ListenerModel? FindListener(int configuredPort) => LoadBalancerFor(configuredPort)?.FindListener(configuredPort);

    /// <summary>The load balancer whose listener has the configured port.</summary>
    public LoadBalancerModel? LoadBalancerFor(int configuredPort) => _byPort.GetValueOrDefault(configuredPort);

    /// <summary>
    /// The load balancer a connection's requests belong to: the current one of its listener's port, or the
    /// one it was accepted by when that listener is gone from this snapshot (deleted while the connection is open).
    /// </summary>
    public LoadBalancerModel LoadBalancerOf(Listeners.AlbConnection connection) =>
        LoadBalancerFor(connection.Listener.Port)
        ?? connection.LoadBalancer
        ?? throw new InvalidOperationException($"Listener {connection.Listener.Port} belongs to no load balancer");

    /// <summary>A load balancer by name (ordinal), or null.</summary>
    public LoadBalancerModel? FindLoadBalancer(string name)
    {
        foreach (var lb in LoadBalancers)
        {
            if (lb.Identifiers.LoadBalancerName == name)
            {
                return lb;
            }
        }

        return null;
    }
}
