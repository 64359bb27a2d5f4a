using AlbEmulator.AccessLogs;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.ConnectionLogs;

/// <summary>Connection-log lines to their sinks, asynchronously and batched (<see cref="LogLineWriter"/>).</summary>
public sealed class ConnectionLogWriter(IEnumerable<IAccessLogSink> sinks, TimeProvider time, ILogger<ConnectionLogWriter> logger)
    : LogLineWriter(sinks, time, logger);
