using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Json;
using ILoggerFactory = Microsoft.Extensions.Logging.ILoggerFactory;

namespace AlbEmulator.Host;

/// <summary>
/// The application log of the <c>alb-emulator</c> executable (docs/logging.md): Serilog to the console
/// and, with <c>--log-file PATH</c>, to a file of JSON events, one per line (written asynchronously). The library only knows
/// <c>ILogger</c>; this is the one place Serilog is configured.
/// </summary>
internal static class HostLogging
{
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger CreateLogger(string? logFile)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            // Configuration problems are already printed by the command on standard error; the console sink skips them.
            .WriteTo.Logger(console => console
                .Filter.ByExcluding(e => e.Properties.TryGetValue("EventId", out var value) && value is StructureValue s && s.Properties.Any(p => p.Name == "Id" && p.Value is ScalarValue { Value: 720 }))
                .WriteTo.Console(outputTemplate: ConsoleTemplate, standardErrorFromLevel: LogEventLevel.Error));
        if (logFile is not null)
        {
            configuration = configuration.WriteTo.Async(file => file.File(new JsonFormatter(renderMessage: true), logFile, shared: true));
        }

        return configuration.CreateLogger();
    }

    public static ILoggerFactory CreateFactory(Serilog.Core.Logger logger) => new SerilogLoggerFactory(logger, dispose: false);
}
