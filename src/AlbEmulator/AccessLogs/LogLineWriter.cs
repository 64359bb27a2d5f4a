using Microsoft.Extensions.Logging;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// The public face of one kind of log (connection log, health-check log, WAF log): lines to their sinks, asynchronously
/// and batched (<see cref="BatchingLineWriter"/>), so that the code that writes a line never waits for a file.
/// </summary>
public abstract class LogLineWriter : IAsyncDisposable
{
    private readonly BatchingLineWriter _lines;

    /// <param name="sinks">Where lines go.</param>
    /// <param name="time">The flush timer's clock.</param>
    /// <param name="logger">Sink failures and dropped lines.</param>
    /// <param name="capacity">The most lines queued (0: unbounded); beyond it lines are dropped and counted (<see cref="BatchingLineWriter"/>).</param>
    /// <param name="name">The log's name in the dropped-lines warnings.</param>
    private protected LogLineWriter(IEnumerable<IAccessLogSink> sinks, TimeProvider time, ILogger logger, int capacity = 0, string name = "Log")
    {
        _lines = new BatchingLineWriter(sinks, time, logger, capacity, name);
    }

    /// <summary>Raised on the background loop for each line.</summary>
    public event Action<string>? LineWritten
    {
        add => _lines.LineWritten += value;
        remove => _lines.LineWritten -= value;
    }

    /// <summary>Whether anything consumes lines now (a load balancer that delivers them, or a <see cref="LineWritten"/> subscriber): callers format nothing otherwise.</summary>
    public bool HasConsumers => _lines.HasConsumers;

    /// <summary>Lines dropped because the bounded queue was full (always 0 for an unbounded one).</summary>
    public long LinesDropped => _lines.LinesDropped;

    public void Write(string line) => _lines.Enqueue(line);

    public ValueTask DisposeAsync() => _lines.DisposeAsync();
}
