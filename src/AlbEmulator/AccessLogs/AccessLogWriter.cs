using Microsoft.Extensions.Logging;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// The access log: formats a finished request's <see cref="AccessLogEntry"/> (built once by
/// <see cref="RequestRecorder"/>, which also hands it to the metrics) on the request thread and hands the line to a
/// <see cref="BatchingLineWriter"/> (background, batched; <see cref="DisposeAsync"/> drains it).
/// </summary>
public sealed class AccessLogWriter : IAsyncDisposable
{
    private readonly BatchingLineWriter _lines;

    public AccessLogWriter(IEnumerable<IAccessLogSink> sinks, TimeProvider time, ILogger<AccessLogWriter> logger)
    {
        _lines = new BatchingLineWriter(sinks, time, logger);
    }

    /// <summary>Raised on the background loop for each line (tests and the in-process fixture read lines through it).</summary>
    public event Action<string>? LineWritten
    {
        add => _lines.LineWritten += value;
        remove => _lines.LineWritten -= value;
    }

    /// <summary>Lines written to the sinks so far.</summary>
    public long LinesWritten => _lines.LinesWritten;

    /// <summary>Formats and queues the line (nothing is formatted when no sink or subscriber reads lines).</summary>
    public void Write(AccessLogEntry entry)
    {
        if (!_lines.HasConsumers)
        {
            return;
        }

        _lines.Enqueue(AccessLogFormatter.Format(entry));
    }

    public void Enqueue(string line) => _lines.Enqueue(line);

    public ValueTask DisposeAsync() => _lines.DisposeAsync();
}
