using Microsoft.Extensions.Logging;

namespace AlbEmulator.Logging;

/// <summary>
/// The one policy for what the application log shows at a <c>--log-level</c> (docs/logging.md). At the default
/// level a fault the emulator understands is one line of its own (ALB-generated 502 ..., a busy port), so the
/// framework's traces for the same fault are hidden: YARP's forwarder warnings (with the socket exception) and
/// the generic host's "Hosting failed to start". At debug and trace they come back, stack traces included.
/// </summary>
public static class AlbLogLevels
{
    /// <summary>Minimum levels by category prefix for the chosen level; the rest of the log uses <paramref name="level"/>.</summary>
    public static IReadOnlyList<(string Category, LogLevel Minimum)> Overrides(LogLevel level) => level <= LogLevel.Debug
        ? [("Microsoft", LogLevel.Information), ("Microsoft.Extensions.Hosting", level), ("Yarp", level)]
        : [("Microsoft", Max(level, LogLevel.Warning)), ("Microsoft.Extensions.Hosting", LogLevel.None), ("Yarp", Max(level, LogLevel.Error)),
            (HostingDiagnostics, LogLevel.None)];

    /// <summary>
    /// ASP.NET Core's per-request log category. While it is enabled at any level, hosting creates and starts an
    /// <see cref="System.Diagnostics.Activity"/> for every request (for log scopes), a cost on the hot path that nothing
    /// reads; the request lines it writes are Information/Debug and hidden above debug anyway (docs/performance.md).
    /// </summary>
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Applies the level and the overrides to a Microsoft.Extensions.Logging builder.</summary>
    public static ILoggingBuilder Apply(ILoggingBuilder logging, LogLevel level)
    {
        logging.SetMinimumLevel(level);
        foreach (var (category, minimum) in Overrides(level))
        {
            logging.AddFilter(category, minimum);
        }

        return logging;
    }

    private static LogLevel Max(LogLevel a, LogLevel b) => a > b ? a : b;
}
