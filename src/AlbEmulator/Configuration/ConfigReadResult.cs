namespace AlbEmulator.Configuration;

/// <summary>
/// The outcome of reading a config file: the config (possibly partial, null when nothing could be
/// read) and every error found. Callers treat any error as fatal.
/// </summary>
public sealed record ConfigReadResult(AlbConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Config is not null && Errors.Count == 0;
}
