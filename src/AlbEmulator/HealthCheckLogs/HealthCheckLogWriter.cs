using AlbEmulator.AccessLogs;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.HealthCheckLogs;

/// <summary>Health-check-log lines (<see cref="HealthCheckLogFormatter"/>) to their sinks, asynchronously and batched (<see cref="LogLineWriter"/>).</summary>
public sealed class HealthCheckLogWriter(IEnumerable<IAccessLogSink> sinks, TimeProvider time, ILogger<HealthCheckLogWriter> logger)
    : LogLineWriter(sinks, time, logger);
