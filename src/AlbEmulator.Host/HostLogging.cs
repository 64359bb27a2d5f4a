using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Json;
using AlbEmulator.Logging;
using ILoggerFactory = Microsoft.Extensions.Logging.ILoggerFactory;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AlbEmulator.Host;

/// <summary>
/// The application log of the <c>alb-emulator</c> executable (docs/logging.md): Serilog to the console
/// and, with <c>--log-file PATH</c>, to a file of JSON events, one per line (written asynchronously). The library only knows
/// <c>ILogger</c>; this is the one place Serilog is configured.
/// </summary>
internal static class HostLogging
{
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// The Serilog logger at <paramref name="level"/> (overrides from AlbLogLevels). With <paramref name="allToStandardError"/>
    /// (the access log goes to stdout: <c>--access-log -</c>) every console event goes to standard error, so stdout
    /// carries access-log lines only.
    /// </summary>
    public static Serilog.Core.Logger CreateLogger(string? logFile, LogLevel level = LogLevel.Information, bool allToStandardError = false)
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Is(ToSerilog(level));
        foreach (var (category, minimum) in AlbLogLevels.Overrides(level))
        {
            configuration = configuration.MinimumLevel.Override(category, ToSerilog(minimum));
        }

        configuration = configuration
            .Enrich.FromLogContext()
            // Configuration problems are already printed by the command on standard error; the console sink skips them.
            .WriteTo.Logger(console => console
                .Filter.ByExcluding(e => e.Properties.TryGetValue("EventId", out var value) && value is StructureValue s && s.Properties.Any(p => p.Name == "Id" && p.Value is ScalarValue { Value: 720 }))
                .WriteTo.Console(outputTemplate: ConsoleTemplate, standardErrorFromLevel: allToStandardError ? LogEventLevel.Verbose : LogEventLevel.Error));
        if (logFile is not null)
        {
            configuration = configuration.WriteTo.Async(file => file.File(new JsonFormatter(renderMessage: true), logFile, shared: true));
        }

        return configuration.CreateLogger();
    }

    /// <summary>
    /// Why the <c>--log-file</c> cannot be written (its directory is created, as Serilog's file sink does), or null when it
    /// can: checked before the logger is built, because the file sink drops events silently when it cannot open the file.
    /// </summary>
    public static Exception? CannotOpen(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            using var file = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return e;
        }
    }

    /// <summary>Serilog has no "none": above Fatal nothing is written.</summary>
    private static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => (LogEventLevel)((int)LogEventLevel.Fatal + 1),
    };

    public static ILoggerFactory CreateFactory(Serilog.Core.Logger logger) => new SerilogLoggerFactory(logger, dispose: false);
}
