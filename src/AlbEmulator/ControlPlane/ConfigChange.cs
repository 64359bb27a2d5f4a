using AlbEmulator.Configuration;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// One change in progress (under the control plane's lock): the config being edited, the stable rule
/// keys and the tags. Nothing is visible until <see cref="AlbControlPlane.Change{T}"/> commits it.
/// </summary>
internal sealed class ConfigChange
{
    public ConfigChange(AlbConfig config, IReadOnlyDictionary<int, int> listenerKeys, IReadOnlyDictionary<(int Port, int Priority), string> ruleKeys, IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> tags)
    {
        Config = config;
        ListenerKeys = new Dictionary<int, int>(listenerKeys);
        RuleKeys = new Dictionary<(int Port, int Priority), string>(ruleKeys);
        Tags = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>(tags, StringComparer.Ordinal);
    }

    public AlbConfig Config { get; set; }

    /// <summary>Listener port → the port its ARN derives from, when it is not the port itself (listeners keep their ARN when moved).</summary>
    public Dictionary<int, int> ListenerKeys { get; }

    /// <summary>(listener port, priority) → the rule's ARN key when it is not the priority itself (rules keep their ARN when moved).</summary>
    public Dictionary<(int Port, int Priority), string> RuleKeys { get; }

    /// <summary>Resource ARN → tags, in the order they were added.</summary>
    public Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> Tags { get; }

    /// <summary>Stored-only settings by resource ARN (<see cref="StoredSettings"/>).</summary>
    public Dictionary<string, StoredSettings> Settings { get; init; } = new(StringComparer.Ordinal);

    public StoredSettings SettingsOf(string arn) => Settings.GetValueOrDefault(arn) ?? StoredSettings.None;

    /// <summary>False when the change only touched tags or live targets: no new snapshot is built.</summary>
    public bool ConfigChanged { get; set; } = true;
}
