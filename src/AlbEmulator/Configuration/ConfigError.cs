namespace AlbEmulator.Configuration;

/// <summary>
/// One problem found while reading or validating a config file. <see cref="Resource"/> names the
/// resource (<c>Listener 8080 rule 10</c>, <c>TargetGroup 'web'</c>), <see cref="Field"/> the path
/// relative to it (<c>Conditions[0].PathPatternConfig.Values[1]</c>), possibly empty.
/// </summary>
public sealed record ConfigError(string Resource, string Field, string Message)
{
    public override string ToString() =>
        Field.Length == 0 ? $"{Resource}: {Message}" : $"{Resource}: {Field}: {Message}";
}
