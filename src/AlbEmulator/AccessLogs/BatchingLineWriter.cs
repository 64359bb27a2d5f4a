using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// Takes finished log lines (access log, connection log) and hands them to a background loop that
/// writes batches to every sink and flushes on a timer, never per line (the measured lead in
/// perf-baseline.md: per-request flushing cost ~0.2 ms p50). Lines accepted before shutdown are all
/// written: <see cref="DisposeAsync"/> drains the queue, flushes and disposes the sinks. The queue is unbounded unless
/// a capacity is given (a best-effort log such as the WAF log): then a line that finds it full is dropped and counted
/// (<see cref="LinesDropped"/>), with one warning at the first drop and the total at shutdown, so the request that
/// wrote it never waits for the destination.
/// </summary>
internal sealed partial class BatchingLineWriter : IAsyncDisposable
{
    /// <summary>How often buffered lines are flushed to the sinks.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// After writing a batch, the loop lets lines accumulate this long before it waits again: under load
    /// it wakes once per few milliseconds instead of once per line (each wake-up is a thread-pool hop and
    /// a flush-timer registration, several µs of CPU per request otherwise). Real time, not the
    /// <see cref="TimeProvider"/>: it only paces the loop and is far below <see cref="FlushInterval"/>.
    /// </summary>
    public static readonly TimeSpan BatchLinger = TimeSpan.FromMilliseconds(5);

    private readonly Channel<string> _queue;
    private readonly int _capacity;
    private readonly string _name;
    private readonly List<IAccessLogSink> _sinks;
    private readonly bool _alwaysConsumed;
    private readonly LoadBalancerLogSinks? _loadBalancerSinks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private long _written;
    private long _dropped;
    private int _disposed;

    /// <param name="sinks">Where lines go.</param>
    /// <param name="time">The flush timer's clock.</param>
    /// <param name="logger">Sink failures and dropped lines.</param>
    /// <param name="capacity">The most lines the queue holds (0: unbounded).</param>
    /// <param name="name">The log's name in the dropped-lines warnings.</param>
    public BatchingLineWriter(IEnumerable<IAccessLogSink> sinks, TimeProvider time, ILogger logger, int capacity = 0, string name = "Log")
    {
        _queue = capacity > 0
            ? Channel.CreateBounded<string>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait })
            : Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        _capacity = capacity;
        _name = name;
        _sinks = sinks.ToList();

        // The per-load-balancer S3 files consume lines only while some load balancer delivers them.
        _loadBalancerSinks = _sinks.OfType<LoadBalancerLogSinks>().SingleOrDefault();
        _alwaysConsumed = _sinks.Any(s => s is not LoadBalancerLogSinks);
        _time = time;
        _logger = logger;
        _loop = _sinks.Count == 0 ? Task.CompletedTask : Task.Run(RunAsync);
    }

    /// <summary>Raised on the background loop for each line (tests and the in-process fixture read lines through it).</summary>
    public event Action<string>? LineWritten;

    /// <summary>Lines written to the sinks so far.</summary>
    public long LinesWritten => Interlocked.Read(ref _written);

    /// <summary>Lines dropped because the bounded queue was full.</summary>
    public long LinesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Whether anything consumes lines (a sink or a <see cref="LineWritten"/> subscriber).</summary>
    public bool HasConsumers => _alwaysConsumed || LineWritten is not null || (_loadBalancerSinks?.IsActive ?? false);

    public void Enqueue(string line)
    {
        if (!_alwaysConsumed && !(_loadBalancerSinks?.IsActive ?? false))
        {
            // No sink takes lines now: deliver to subscribers directly.
            Interlocked.Increment(ref _written);
            LineWritten?.Invoke(line);
        }
        else if (!_queue.Writer.TryWrite(line))
        {
            if (_capacity > 0 && Volatile.Read(ref _disposed) == 0)
            {
                // Full: best effort, the caller does not wait.
                if (Interlocked.Increment(ref _dropped) == 1)
                {
                    LogQueueFull(_logger, _name, _capacity);
                }
            }
            else
            {
                LogDropped(_logger, line);
            }
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<string>(256);
        var reader = _queue.Reader;
        var lastFlush = _time.GetTimestamp();
        var dirty = false;
        var linger = false;
        while (true)
        {
            if (linger)
            {
                await Task.Delay(BatchLinger);
                linger = false;
            }

            bool more;
            try
            {
                // The flush timer only matters while something is unflushed.
                using var wait = dirty ? new CancellationTokenSource(FlushInterval, _time) : null;
                more = await reader.WaitToReadAsync(wait?.Token ?? CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                more = true;
            }

            while (batch.Count < 4096 && reader.TryRead(out var line))
            {
                batch.Add(line);
            }

            if (batch.Count > 0)
            {
                foreach (var sink in _sinks)
                {
                    await Guard(sink.WriteAsync(batch, CancellationToken.None));
                }

                Interlocked.Add(ref _written, batch.Count);
                foreach (var line in batch)
                {
                    LineWritten?.Invoke(line);
                }

                // A full batch means more is waiting: go straight on. A partial one: let lines gather.
                linger = batch.Count < 4096 && !reader.Completion.IsCompleted;
                batch.Clear();
                dirty = true;
            }

            if (dirty && (_time.GetElapsedTime(lastFlush) >= FlushInterval || !more && !reader.TryPeek(out _)))
            {
                foreach (var sink in _sinks)
                {
                    await Guard(sink.FlushAsync(CancellationToken.None));
                }

                lastFlush = _time.GetTimestamp();
                dirty = false;
            }

            if (!more && reader.Completion.IsCompleted)
            {
                return;
            }
        }
    }

    private async ValueTask Guard(ValueTask task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            LogSinkFailed(_logger, e.Message);
        }
    }

    /// <summary>Drains the queue, flushes and disposes the sinks. Idempotent: the server and the DI container both call it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _loop;
            return;
        }

        _queue.Writer.TryComplete();
        await _loop;
        foreach (var sink in _sinks)
        {
            await Guard(sink.FlushAsync(CancellationToken.None));
            await Guard(sink.DisposeAsync());
        }

        if (LinesDropped > 0)
        {
            LogDroppedTotal(_logger, _name, LinesDropped);
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "Log line dropped: {Line}")]
    private static partial void LogDropped(ILogger logger, string line);

    [LoggerMessage(EventId = 601, Level = LogLevel.Error, Message = "Log sink failed: {Reason}")]
    private static partial void LogSinkFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "{Log}: queue full ({Capacity} lines, the destination is slower than the requests): dropping lines until it catches up; the total is logged at shutdown")]
    private static partial void LogQueueFull(ILogger logger, string log, int capacity);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "{Log}: {Count} lines dropped because the queue was full")]
    private static partial void LogDroppedTotal(ILogger logger, string log, long count);
}
