using AlbEmulator.AccessLogs;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.ConnectionLogs;

/// <summary>Connection-log lines to their sinks, asynchronously and batched (<see cref="BatchingLineWriter"/>).</summary>
public sealed class ConnectionLogWriter : IAsyncDisposable
{
    private readonly BatchingLineWriter _lines;

    public ConnectionLogWriter(IEnumerable<IAccessLogSink> sinks, TimeProvider time, ILogger<ConnectionLogWriter> logger)
    {
        _lines = new BatchingLineWriter(sinks, time, logger);
    }

    /// <summary>Raised on the background loop for each line.</summary>
    public event Action<string>? LineWritten
    {
        add => _lines.LineWritten += value;
        remove => _lines.LineWritten -= value;
    }

    public bool HasConsumers => _lines.HasConsumers;

    public void Write(string line) => _lines.Enqueue(line);

    public ValueTask DisposeAsync() => _lines.DisposeAsync();
}
