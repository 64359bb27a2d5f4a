using AlbEmulator.Configuration;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.TargetGroups;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// The single writer of the load balancer's configuration (docs/control-plane.md). API calls and
/// config-file edits both go through here, one at a time: edit the config records, run
/// <see cref="AlbConfigValidator"/>, bind or unbind listener ports, build a new snapshot on the same
/// <see cref="TargetRegistry"/>, and <see cref="AlbRuntime.Swap"/> it in. A rejected change leaves
/// everything as it was.
/// </summary>
internal sealed class AlbControlPlane
{
    private readonly Lock _gate = new();
    private readonly SnapshotFactory _snapshots;
    private readonly IListenerBinder _listeners;
    private volatile ControlPlaneState _state;

    public AlbControlPlane(AlbRuntime runtime, TargetRegistry targets, SnapshotFactory snapshots, IListenerBinder listeners, TimeProvider time, ILogger logger)
    {
        Runtime = runtime;
        Targets = targets;
        _snapshots = snapshots;
        _listeners = listeners;
        Logger = logger;
        Time = time;
        CreatedTime = time.GetUtcNow();
        _state = new ControlPlaneState(runtime.Current, new Dictionary<int, int>(), new Dictionary<(int, int), string>(), new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>());
    }

    public AlbRuntime Runtime { get; }

    public TargetRegistry Targets { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    /// <summary>Verifies SigV4 signatures when admin credentials are configured; null accepts any signature.</summary>
    public SigV4Verifier? Signatures { get; init; }

    /// <summary>Runs after each new model is live (the S3 log sinks follow it); returns lines for the control-plane log.</summary>
    public Func<EmulatorModel, IReadOnlyList<string>>? Applied { get; init; }

    /// <summary>Reported as the load balancer's CreatedTime: when the emulator started.</summary>
    public DateTimeOffset CreatedTime { get; }

    public ControlPlaneState State => _state;

    /// <summary>
    /// Runs <paramref name="edit"/> on a copy of the state and commits it when the resulting config is
    /// valid and its listeners could be bound. Throws <see cref="AlbApiError"/> otherwise.
    /// </summary>
    public T Change<T>(Func<ConfigChange, ResourceIndex, T> edit)
    {
        lock (_gate)
        {
            var state = _state;
            var change = new ConfigChange(state.Model.Config, state.ListenerKeys, state.RuleKeys, state.Tags)
            {
                Settings = new Dictionary<string, StoredSettings>(state.Settings, StringComparer.Ordinal),
            };
            var result = edit(change, state.Index());
            var model = state.Model;
            if (change.ConfigChanged && !ReferenceEquals(change.Config, state.Model.Config))
            {
                var errors = AlbConfigValidator.Validate(change.Config);
                if (errors.Count > 0)
                {
                    throw ValidationErrors.ToApiError(errors);
                }

                model = Apply(change.Config, change.ListenerKeys, change.RuleKeys);
            }

            _state = new ControlPlaneState(model, change.ListenerKeys, change.RuleKeys, change.Tags) { Settings = change.Settings };
            return result;
        }
    }

    /// <summary>
    /// A config-file edit: replaces the whole config (API changes made since are dropped; rules get
    /// their priority-derived ARNs again; tags of resources that still exist are kept). Returns the
    /// problems when the config is rejected, in which case nothing changes.
    /// </summary>
    public IReadOnlyList<string> Replace(AlbConfig config)
    {
        lock (_gate)
        {
            var errors = AlbConfigValidator.Validate(config);
            if (errors.Count > 0)
            {
                return errors.Select(e => e.ToString()).ToArray();
            }

            var listenerKeys = new Dictionary<int, int>();
            var ruleKeys = new Dictionary<(int Port, int Priority), string>();
            EmulatorModel model;
            try
            {
                model = Apply(config, listenerKeys, ruleKeys);
            }
            catch (AlbApiError e)
            {
                return [e.Message];
            }

            var index = new ControlPlaneState(model, listenerKeys, ruleKeys, new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>()).Index();
            var tags = _state.Tags.Where(t => Exists(index, t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            var settings = _state.Settings.Where(t => Exists(index, t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            _state = new ControlPlaneState(model, listenerKeys, ruleKeys, tags) { Settings = settings };
            return [];
        }
    }

    private EmulatorModel Apply(AlbConfig config, IReadOnlyDictionary<int, int> listenerKeys, IReadOnlyDictionary<(int Port, int Priority), string> ruleKeys)
    {
        var state = new ControlPlaneState(Runtime.Current, new Dictionary<int, int>(listenerKeys), new Dictionary<(int Port, int Priority), string>(ruleKeys), new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>());
        _listeners.Check(config);
        var pending = _snapshots.Build(config, state.RuleKey, state.ListenerKey);
        var model = pending.Model;

        // New ports are bound before the swap (their connections look the listener up in the new
        // snapshot); ports that are gone are unbound after it. A port that cannot be bound rejects
        // the change: the registry goes back to the current snapshot.
        try
        {
            _listeners.BindNew(model);
        }
        catch
        {
            _snapshots.Abandon(pending, Runtime.Current);
            throw;
        }

        Runtime.Swap(model);
        _snapshots.Commit(pending);
        _listeners.UnbindRemoved(model);
        foreach (var line in Applied?.Invoke(model) ?? [])
        {
            ControlPlaneLog.LogDeliveryChanged(Logger, line);
        }

        return model;
    }

    private static bool Exists(ResourceIndex index, string arn) =>
        index.IsLoadBalancer(arn) || index.FindTargetGroup(arn) is not null || index.FindListener(arn) is not null || index.FindRule(arn) is not null;
}
