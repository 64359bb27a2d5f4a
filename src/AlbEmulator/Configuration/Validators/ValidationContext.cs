namespace AlbEmulator.Configuration.Validators;

/// <summary>The shared state of one validation run: the config, the error list, target group lookups.</summary>
internal sealed class ValidationContext
{
    private readonly Dictionary<string, TargetGroupConfig> _targetGroups = new(StringComparer.OrdinalIgnoreCase);

    public ValidationContext(AlbConfig config)
    {
        Config = config;
        foreach (var group in config.TargetGroups)
        {
            if (!string.IsNullOrEmpty(group.Name))
            {
                _targetGroups.TryAdd(group.Name, group);
            }
        }
    }

    public AlbConfig Config { get; }

    public List<ConfigError> Errors { get; } = [];

    public void Add(string resource, string field, string message) => Errors.Add(new ConfigError(resource, field, message));

    public TargetGroupConfig? FindTargetGroup(string name) => _targetGroups.GetValueOrDefault(name);

    public static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
