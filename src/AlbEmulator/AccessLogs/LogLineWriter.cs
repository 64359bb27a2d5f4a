using Microsoft.Extensions.Logging;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// The public face of one kind of log (connection log, health-check log): lines to their sinks, asynchronously and
/// batched (<see cref="BatchingLineWriter"/>), so that the code that writes a line never waits for a file.
/// </summary>
public abstract class LogLineWriter : IAsyncDisposable
{
    private readonly BatchingLineWriter _lines;

    private protected LogLineWriter(IEnumerable<IAccessLogSink> sinks, TimeProvider time, ILogger logger)
    {
        _lines = new BatchingLineWriter(sinks, time, logger);
    }

    /// <summary>Raised on the background loop for each line.</summary>
    public event Action<string>? LineWritten
    {
        add => _lines.LineWritten += value;
        remove => _lines.LineWritten -= value;
    }

    /// <summary>Whether anything consumes lines now (a load balancer that delivers them, or a <see cref="LineWritten"/> subscriber): callers format nothing otherwise.</summary>
    public bool HasConsumers => _lines.HasConsumers;

    public void Write(string line) => _lines.Enqueue(line);

    public ValueTask DisposeAsync() => _lines.DisposeAsync();
}
