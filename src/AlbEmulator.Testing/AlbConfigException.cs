using AlbEmulator.Configuration;

namespace AlbEmulator.Testing;

/// <summary>The config given to the fixture does not load or does not pass validation; <see cref="Errors"/> lists every problem.</summary>
public sealed class AlbConfigException : Exception
{
    /// <summary>Creates the exception for the given errors.</summary>
    public AlbConfigException(IReadOnlyList<ConfigError> errors)
        : base("The AlbEmulator config is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    /// <summary>Every error, with the resource and field named.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
