using AlbEmulator.Metrics;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// The end of every request: computes its <see cref="RequestOutcome"/> once, records the request's
/// metrics from it (<see cref="AlbMetrics.RecordRequest"/>, the only place request metrics are recorded),
/// formats the access-log line on the request thread and hands it to a <see cref="BatchingLineWriter"/>
/// (background, batched; <see cref="DisposeAsync"/> drains it).
/// </summary>
public sealed class AccessLogWriter : IAsyncDisposable
{
    private readonly BatchingLineWriter _lines;
    private readonly TimeProvider _time;
    private readonly AlbMetrics? _metrics;

    public AccessLogWriter(IEnumerable<IAccessLogSink> sinks, TimeProvider time, ILogger<AccessLogWriter> logger, AlbMetrics? metrics = null)
    {
        _lines = new BatchingLineWriter(sinks, time, logger);
        _time = time;
        _metrics = metrics;
    }

    /// <summary>Raised on the background loop for each line (tests and the in-process fixture read lines through it).</summary>
    public event Action<string>? LineWritten
    {
        add => _lines.LineWritten += value;
        remove => _lines.LineWritten -= value;
    }

    /// <summary>Lines written to the sinks so far.</summary>
    public long LinesWritten => _lines.LinesWritten;

    public void Write(HttpContext context, AlbRequestState state)
    {
        var outcome = RequestOutcome.From(context, state);
        _metrics?.RecordRequest(state, outcome);
        if (!_lines.HasConsumers)
        {
            return;
        }

        _lines.Enqueue(AccessLogFormatter.Format(context, state, _time.GetUtcNow().UtcDateTime, outcome));
    }

    public void Enqueue(string line) => _lines.Enqueue(line);

    public ValueTask DisposeAsync() => _lines.DisposeAsync();
}
