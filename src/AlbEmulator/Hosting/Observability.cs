using AlbEmulator.AccessLogs;
using AlbEmulator.Configuration;
using AlbEmulator.ConnectionLogs;
using AlbEmulator.HealthCheckLogs;
using AlbEmulator.Logging;
using AlbEmulator.Metrics;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlbEmulator.Hosting;

/// <summary>
/// What one running emulator observes itself with: the CloudWatch-named metrics and their collector
/// (GET /metrics), the connection log and its hook on the listeners, and the S3-layout log files of
/// <c>access_logs.s3.*</c> / <c>connection_logs.s3.*</c> / <c>health_check_logs.s3.*</c> (bucket = a directory relative to the config file).
/// </summary>
public sealed class Observability : IDisposable
{
    private Observability(AlbMetrics metrics, MetricsCollector collector, ConnectionLogWriter connectionLog, ConnectionTracker tracker, LoadBalancerLogSinks accessLogSinks, LoadBalancerLogSinks connectionLogSinks, LoadBalancerLogSinks healthCheckLogSinks, HealthCheckLogWriter healthCheckLog)
    {
        HealthCheckLogSinks = healthCheckLogSinks;
        HealthCheckLog = healthCheckLog;
        Metrics = metrics;
        Collector = collector;
        ConnectionLog = connectionLog;
        ConnectionTracker = tracker;
        AccessLogSinks = accessLogSinks;
        ConnectionLogSinks = connectionLogSinks;
    }

    public AlbMetrics Metrics { get; }

    public MetricsCollector Collector { get; }

    /// <summary>The connection log (no sinks, hence nothing written, unless <c>connection_logs.s3.enabled</c> or a subscriber listens).</summary>
    public ConnectionLogWriter ConnectionLog { get; }

    public ConnectionTracker ConnectionTracker { get; }

    /// <summary>The S3-layout access-log files of the load balancers with <c>access_logs.s3.enabled</c> (live).</summary>
    public LoadBalancerLogSinks AccessLogSinks { get; }

    /// <summary>The S3-layout connection-log files of the load balancers with <c>connection_logs.s3.enabled</c> (live).</summary>
    public LoadBalancerLogSinks ConnectionLogSinks { get; }

    /// <summary>The S3-layout health-check-log files of the load balancers with <c>health_check_logs.s3.enabled</c> (live).</summary>
    public LoadBalancerLogSinks HealthCheckLogSinks { get; }

    /// <summary>
    /// The health-check log: one line per check (HealthCheckLogs/HealthCheckLogFormatter.cs). Nothing is formatted unless
    /// a load balancer has <c>health_check_logs.s3.enabled</c> or a subscriber listens.
    /// </summary>
    public HealthCheckLogWriter HealthCheckLog { get; }

    /// <summary>The health-check-log bucket directory of each load balancer with <c>health_check_logs.s3.enabled</c> now.</summary>
    public IReadOnlyList<string> HealthCheckLogDirectories => HealthCheckLogSinks.Directories;

    /// <summary>The access-log bucket directory of each load balancer with <c>access_logs.s3.enabled</c> now.</summary>
    public IReadOnlyList<string> AccessLogDirectories => AccessLogSinks.Directories;

    /// <summary>The connection-log bucket directory of each load balancer with <c>connection_logs.s3.enabled</c> now.</summary>
    public IReadOnlyList<string> ConnectionLogDirectories => ConnectionLogSinks.Directories;

    /// <summary>
    /// Makes the S3-layout log sinks follow a new model (a load balancer created, deleted, or its <c>access_logs.s3.*</c> /
    /// <c>connection_logs.s3.*</c> / <c>health_check_logs.s3.*</c> attributes changed); returns one line per change.
    /// </summary>
    public IReadOnlyList<string> UpdateLogSinks(EmulatorModel model) => [.. AccessLogSinks.Update(model), .. ConnectionLogSinks.Update(model), .. HealthCheckLogSinks.Update(model)];

    /// <summary>The first access-log bucket directory, or null when no load balancer delivers access logs.</summary>
    public string? AccessLogDirectory => AccessLogDirectories.Count > 0 ? AccessLogDirectories[0] : null;

    /// <summary>The first connection-log bucket directory, or null.</summary>
    public string? ConnectionLogDirectory => ConnectionLogDirectories.Count > 0 ? ConnectionLogDirectories[0] : null;

    /// <summary>Builds it for a config; adds the access-log file sink to <paramref name="accessLogSinks"/> when enabled.</summary>
    public static Observability Create(AlbConfig config, AlbRuntime runtime, List<IAccessLogSink> accessLogSinks, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        var model = runtime.Current;
        var metrics = new AlbMetrics(() => runtime.Current.LoadBalancers.FirstOrDefault()?.Identifiers.LoadBalancerFullName ?? "-");
        var collector = new MetricsCollector(metrics);

        // Each load balancer delivers its own log files (config-format §4): its own S3-layout sink, fed only its own
        // lines, following the live model (UpdateLogSinks after every change).
        var accessSinks = LoadBalancerLogSinks.AccessLogs(time);
        var connectionSinks = LoadBalancerLogSinks.ConnectionLogs(time);
        var healthCheckSinks = LoadBalancerLogSinks.HealthCheckLogs(time);
        accessSinks.Update(model);
        connectionSinks.Update(model);
        healthCheckSinks.Update(model);
        accessLogSinks.Add(accessSinks);

        var connectionLog = new ConnectionLogWriter([connectionSinks], time, loggerFactory?.CreateLogger<ConnectionLogWriter>() ?? NullLogger<ConnectionLogWriter>.Instance);
        var tracker = new ConnectionTracker(metrics, connectionLog, time, listener => runtime.Current.LoadBalancerFor(listener.Port)?.Identifiers.LoadBalancerFullName ?? "-");
        var healthCheckLog = new HealthCheckLogWriter([healthCheckSinks], time, loggerFactory?.CreateLogger<HealthCheckLogWriter>() ?? NullLogger<HealthCheckLogWriter>.Instance);
        return new Observability(metrics, collector, connectionLog, tracker, accessSinks, connectionSinks, healthCheckSinks, healthCheckLog);
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
        foreach (var lb in model.LoadBalancers)
        {
            AlbLog.LogStarted(logger, lb.Identifiers.LoadBalancerFullName, lb.Identifiers.DnsName, model.Config.BaseDirectory);
        }

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

        destinations.AddRange(AccessLogDirectories.Select(d => d + " (gzip, 5-minute files)"));

        AlbLog.LogAccessLogDestinations(logger, destinations.Count == 0 ? "off" : string.Join(", ", destinations));
        AlbLog.LogConnectionLogDestination(logger, ConnectionLogDirectories.Count == 0 ? "off" : string.Join(", ", ConnectionLogDirectories.Select(d => d + " (gzip, 5-minute files)")));
        AlbLog.LogHealthCheckLogDestination(logger, HealthCheckLogDirectories.Count == 0 ? "off" : string.Join(", ", HealthCheckLogDirectories.Select(d => d + " (gzip, 5-minute files)")));
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
