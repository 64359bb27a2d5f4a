using AlbEmulator.AccessLogs;
using AlbEmulator.Configuration;
using AlbEmulator.ConnectionLogs;
using AlbEmulator.Logging;
using AlbEmulator.Metrics;
using AlbEmulator.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlbEmulator.Hosting;

/// <summary>
/// What one running emulator observes itself with: the CloudWatch-named metrics and their collector
/// (GET /metrics), the connection log and its hook on the listeners, and the S3-layout log files of
/// <c>access_logs.s3.*</c> / <c>connection_logs.s3.*</c> (bucket = a directory relative to the config file).
/// </summary>
public sealed class Observability : IDisposable
{
    private Observability(AlbMetrics metrics, MetricsCollector collector, ConnectionLogWriter connectionLog, ConnectionTracker tracker, string? accessLogDirectory, string? connectionLogDirectory)
    {
        Metrics = metrics;
        Collector = collector;
        ConnectionLog = connectionLog;
        ConnectionTracker = tracker;
        AccessLogDirectory = accessLogDirectory;
        ConnectionLogDirectory = connectionLogDirectory;
    }

    public AlbMetrics Metrics { get; }

    public MetricsCollector Collector { get; }

    /// <summary>The connection log (no sinks, hence nothing written, unless <c>connection_logs.s3.enabled</c> or a subscriber listens).</summary>
    public ConnectionLogWriter ConnectionLog { get; }

    public ConnectionTracker ConnectionTracker { get; }

    /// <summary>The access-log bucket directory when <c>access_logs.s3.enabled</c>.</summary>
    public string? AccessLogDirectory { get; }

    /// <summary>The connection-log bucket directory when <c>connection_logs.s3.enabled</c>.</summary>
    public string? ConnectionLogDirectory { get; }

    /// <summary>Builds it for a config; adds the access-log file sink to <paramref name="accessLogSinks"/> when enabled.</summary>
    public static Observability Create(AlbConfig config, AlbRuntime runtime, List<IAccessLogSink> accessLogSinks, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        var model = runtime.Current;
        var settings = model.Settings;
        var metrics = new AlbMetrics(() => runtime.Current.Identifiers.LoadBalancerFullName);
        var collector = new MetricsCollector(metrics);

        string? accessDirectory = null;
        if (settings.AccessLogsEnabled)
        {
            accessDirectory = Path.GetFullPath(Path.Combine(config.BaseDirectory, settings.AccessLogsBucket));
            accessLogSinks.Add(new S3LogFileSink(accessDirectory, settings.AccessLogsPrefix, model.Identifiers, "", timeField: 1, time, nodeIpFieldFromEnd: 2));
        }

        var connectionSinks = new List<IAccessLogSink>();
        string? connectionDirectory = null;
        if (settings.ConnectionLogsEnabled)
        {
            connectionDirectory = Path.GetFullPath(Path.Combine(config.BaseDirectory, settings.ConnectionLogsBucket));
            connectionSinks.Add(new S3LogFileSink(connectionDirectory, settings.ConnectionLogsPrefix, model.Identifiers, S3LogKey.ConnectionLogPrefix, timeField: 0, time, nodeIpFieldFromEnd: 0));
        }

        var connectionLog = new ConnectionLogWriter(connectionSinks, time, loggerFactory?.CreateLogger<ConnectionLogWriter>() ?? NullLogger<ConnectionLogWriter>.Instance);
        var tracker = new ConnectionTracker(metrics, connectionLog, time, () => runtime.Current.Identifiers.LoadBalancerFullName);
        return new Observability(metrics, collector, connectionLog, tracker, accessDirectory, connectionDirectory);
    }

    /// <summary>The startup summary in the application log: listeners, target groups, where logs and metrics go.</summary>
    public void LogStartupSummary(ILoggerFactory loggerFactory, AlbEmulatorServer server, AlbEmulatorOptions options)
    {
        var logger = loggerFactory.CreateLogger(AlbLog.Category);
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var model = server.Runtime.Current;
        AlbLog.LogStarted(logger, model.Identifiers.LoadBalancerFullName, model.Identifiers.DnsName, model.Config.BaseDirectory);
        foreach (var listener in model.Listeners)
        {
            AlbLog.LogListener(logger, listener.Protocol, listener.Port, server.ListenerUri(listener.Port).ToString());
        }

        foreach (var group in model.TargetGroups.Values)
        {
            AlbLog.LogTargetGroup(logger, group.Name, group.Resolved.Protocol, group.ProtocolVersion.ToString(), group.Targets.Count, string.Join(", ", group.Targets.Select(t => t.LogAddress)));
        }

        var destinations = new List<string>();
        if (options.AccessLogPath is { } path)
        {
            destinations.Add(path == "-" ? "stdout" : Path.GetFullPath(path));
        }

        if (AccessLogDirectory is not null)
        {
            destinations.Add(AccessLogDirectory + " (gzip, 5-minute files)");
        }

        AlbLog.LogAccessLogDestinations(logger, destinations.Count == 0 ? "off" : string.Join(", ", destinations));
        AlbLog.LogConnectionLogDestination(logger, ConnectionLogDirectory is null ? "off" : ConnectionLogDirectory + " (gzip, 5-minute files)");
        if (server.AdminUri is { } admin)
        {
            AlbLog.LogAdminEndpoint(logger, admin.ToString());
        }
    }

    public void Dispose()
    {
        Collector.Dispose();
        Metrics.Dispose();
    }
}
