using AlbEmulator.Configuration;

namespace AlbEmulator.Model;

/// <summary>
/// One load balancer of the immutable run-time snapshot (<see cref="EmulatorModel"/>): its listeners,
/// attributes and identifiers. A config change builds a new snapshot and swaps it in whole; nothing in
/// here is mutated after construction except thread-safe counters.
/// </summary>
public sealed class LoadBalancerModel
{
    public LoadBalancerModel(
        AlbConfig config,
        LoadBalancerConfig loadBalancer,
        AwsIdentifiers identifiers,
        LoadBalancerSettings settings,
        IReadOnlyList<ListenerModel> listeners,
        IReadOnlyDictionary<string, TargetGroupModel> targetGroups)
    {
        Config = config;
        LoadBalancer = loadBalancer;
        Identifiers = identifiers;
        Settings = settings;
        Listeners = listeners;
        TargetGroups = targetGroups;
    }

    /// <summary>The whole config (every load balancer, target groups, trust stores).</summary>
    public AlbConfig Config { get; }

    /// <summary>This load balancer's own part of the config.</summary>
    public LoadBalancerConfig LoadBalancer { get; }

    public AwsIdentifiers Identifiers { get; }

    public LoadBalancerSettings Settings { get; }

    public IReadOnlyList<ListenerModel> Listeners { get; }

    /// <summary>Every target group of the emulator (account/region resources) by name, case-insensitive.</summary>
    public IReadOnlyDictionary<string, TargetGroupModel> TargetGroups { get; }

    public ListenerModel? FindListener(int configuredPort)
    {
        foreach (var listener in Listeners)
        {
            if (listener.Port == configuredPort)
            {
                return listener;
            }
        }

        return null;
    }
}
