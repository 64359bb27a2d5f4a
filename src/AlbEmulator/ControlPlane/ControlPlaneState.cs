using AlbEmulator.Model;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// What the API reads, swapped as one object: the data-plane snapshot (with its config), the rule
/// ARN keys and the tags. A Describe call takes it once, so it never sees half of a change.
/// </summary>
internal sealed record ControlPlaneState(
    EmulatorModel Model,
    IReadOnlyDictionary<int, int> ListenerKeys,
    IReadOnlyDictionary<(int Port, int Priority), string> RuleKeys,
    IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> Tags)
{
    /// <summary>Stored-only settings by resource ARN (<see cref="StoredSettings"/>).</summary>
    public IReadOnlyDictionary<string, StoredSettings> Settings { get; init; } = new Dictionary<string, StoredSettings>(StringComparer.Ordinal);

    public StoredSettings SettingsOf(string arn) => Settings.GetValueOrDefault(arn) ?? StoredSettings.None;

    public string RuleKey(int port, int priority) =>
        RuleKeys.GetValueOrDefault((port, priority)) ?? LoadBalancerModelBuilder.DefaultRuleKey(port, priority);

    public int ListenerKey(int port) => ListenerKeys.TryGetValue(port, out var key) ? key : port;

    public ResourceIndex Index() => new(Model.Config, ListenerKey, RuleKey);
}
