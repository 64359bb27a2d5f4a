using AlbEmulator.Configuration;

namespace AlbEmulator.Model;

/// <summary>
/// The immutable run-time snapshot of one load balancer. A config change builds a new snapshot and
/// swaps it in whole; nothing in here is mutated after construction except thread-safe counters.
/// </summary>
public sealed class LoadBalancerModel
{
    public LoadBalancerModel(
        AlbConfig config,
        AwsIdentifiers identifiers,
        LoadBalancerSettings settings,
        IReadOnlyList<ListenerModel> listeners,
        IReadOnlyDictionary<string, TargetGroupModel> targetGroups)
    {
        Config = config;
        Identifiers = identifiers;
        Settings = settings;
        Listeners = listeners;
        TargetGroups = targetGroups;
    }

    public AlbConfig Config { get; }

    public AwsIdentifiers Identifiers { get; }

    public LoadBalancerSettings Settings { get; }

    public IReadOnlyList<ListenerModel> Listeners { get; }

    /// <summary>By name, case-insensitive.</summary>
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
