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

    /// <summary>Whether files the config names (certificates, keys) are checked on disk.</summary>
    public bool CheckFiles { get; init; }

    public List<ConfigError> Errors { get; } = [];

    public void Add(string resource, string field, string message) => Errors.Add(new ConfigError(resource, field, message));

    public TargetGroupConfig? FindTargetGroup(string name) => _targetGroups.GetValueOrDefault(name);

    /// <summary>For a reference to an unknown target group: the closest name and the names defined.</summary>
    public string DescribeTargetGroups(string name)
    {
        var defined = Config.TargetGroups.Select(g => g.Name).OfType<string>().Where(n => n.Length > 0).ToList();
        if (defined.Count == 0)
        {
            return "; no target groups are defined (TargetGroups is empty)";
        }

        var hint = DidYouMean.Closest(name, defined) is { } closest ? $"; did you mean '{closest}'?" : "";
        return $"{hint}; defined target groups: {string.Join(", ", defined.Select(n => $"'{n}'"))}";
    }

    public static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
