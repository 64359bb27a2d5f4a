using AlbEmulator.Limits;

namespace AlbEmulator.Forwarding.Http1;

/// <summary>
/// One HTTP/1.1 connection to a target: the stream, a read buffer shared by the response head and body readers, the
/// request head writer, and the activity timer of the exchange in progress. Taken from the pool, it starts the first
/// read of the response at once (<see cref="StillOpen"/>): a read that completes immediately means the target closed
/// the idle connection, which is then not reused.
/// </summary>
internal sealed class Http1TargetConnection : IDisposable
{
    private readonly Http1TargetPool.Endpoint _endpoint;
    private readonly Timer _timer;
    private CancellationTokenSource _activity = new();
    private long _timeoutMs;
    private long _lastProgress;
    private volatile bool _inExchange;
    private CancellationTokenRegistration _clientAborted;
    private CancellationTokenRegistration _drainCut;
    private int _timerArmed;
    private ValueTask<int> _readAhead;
    private bool _readAheadPending;
    private volatile bool _disposed;

    public Http1TargetConnection(Stream stream, Http1TargetPool.Endpoint endpoint)
    {
        Stream = stream;
        _endpoint = endpoint;
        _timer = new Timer(static s => ((Http1TargetConnection)s!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public Stream Stream { get; }

    public Http1RequestHead Head { get; } = new();

    /// <summary>The header names of the response head being handled, in order (reused).</summary>
    public List<Http1HeaderNames.Name> ResponseNames { get; } = new(16);

    public byte[] Buffer { get; private set; } = new byte[16 * 1024];

    /// <summary>Start of unread bytes in <see cref="Buffer"/>.</summary>
    public int Start { get; set; }

    /// <summary>End of unread bytes in <see cref="Buffer"/>.</summary>
    public int End { get; set; }

    public int Available => End - Start;

    public long IdleSince { get; set; }

    /// <summary>Response heads read on this connection (reuse count, for the diagnostic).</summary>
    public int ResponsesStarted { get; set; }

    /// <summary>The connection was torn down by the load balancer (timeout, client gone, drain): not the target's doing.</summary>
    public bool Disposed => _disposed;

    public CancellationToken Activity => _activity.Token;

    /// <summary>True when the activity timer ran out (the idle timeout, TG-27).</summary>
    public bool TimedOut { get; private set; }

    /// <summary>
    /// Starts an exchange: the idle timeout runs from now and restarts at every <see cref="Progress"/>; the client going
    /// away, the drain cut or the timeout tear the connection down (which fails any pending read or write). The timer
    /// stays armed across exchanges (it is re-armed only when it fired while the connection was idle), so an exchange
    /// costs no timer change.
    /// </summary>
    public void BeginExchange(TimeSpan timeout, CancellationToken clientAborted, CancellationToken drainCut)
    {
        if (_activity.IsCancellationRequested)
        {
            // The idle timer of the previous exchange fired as it ended.
            _activity.Dispose();
            _activity = new CancellationTokenSource();
        }

        _timeoutMs = (long)timeout.TotalMilliseconds;
        _lastProgress = Environment.TickCount64;
        TimedOut = false;
        _inExchange = true;
        _clientAborted = clientAborted.UnsafeRegister(static s => ((Http1TargetConnection)s!).TearDown(), this);
        _drainCut = drainCut.CanBeCanceled ? drainCut.UnsafeRegister(static s => ((Http1TargetConnection)s!).TearDown(), this) : default;
        if (Interlocked.CompareExchange(ref _timerArmed, 1, 0) == 0)
        {
            _timer.Change(_timeoutMs, Timeout.Infinite);
        }
    }

    /// <summary>Bytes moved: the idle timeout starts again (a field write; the timer checks it when it fires).</summary>
    public void Progress() => _lastProgress = Environment.TickCount64;

    /// <summary>Ends the exchange; true when the connection can go back to the pool.</summary>
    public bool EndExchange()
    {
        _inExchange = false;
        _clientAborted.Dispose();
        _drainCut.Dispose();
        return !_disposed && _activity.TryReset();
    }

    private void OnTimer()
    {
        if (!_inExchange)
        {
            // Idle (in the pool, or between exchanges): the timer stops, unless an exchange began meanwhile and found
            // it still armed.
            Interlocked.Exchange(ref _timerArmed, 0);
            if (!_inExchange || Interlocked.CompareExchange(ref _timerArmed, 1, 0) != 0)
            {
                return;
            }
        }

        var idle = Environment.TickCount64 - Volatile.Read(ref _lastProgress);
        if (idle < _timeoutMs)
        {
            // Bytes moved since: wait for the rest of the idle timeout.
            try
            {
                _timer.Change(_timeoutMs - idle, Timeout.Infinite);
            }
            catch (ObjectDisposedException)
            {
                // Closed meanwhile.
            }

            return;
        }

        TearDown();
    }

    /// <summary>Back to the pool (reusable) or closed.</summary>
    public void Release(bool reusable)
    {
        if (reusable && EndExchange() && Start == End)
        {
            Start = End = 0;
            _endpoint.Return(this);
            return;
        }

        EndExchange();
        Dispose();
    }

    /// <summary>
    /// On taking the connection from the pool: starts the first read of the response now. When that read completes at
    /// once the target closed the connection (or sent bytes nobody asked for) while it was idle: false, not reused.
    /// Otherwise it stays pending and is the response's first read: no poll per reuse, and no read more than needed.
    /// </summary>
    public bool StillOpen()
    {
        if (_disposed)
        {
            return false;
        }

        try
        {
            _readAhead = Stream.ReadAsync(Buffer);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return false;
        }

        if (!_readAhead.IsCompleted)
        {
            _readAheadPending = true;
            return true;
        }

        try
        {
            _readAhead.GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // A reset while idle: the connection is dropped either way.
        }

        return false;
    }

    /// <summary>The target's response head is over ALB's limit (§7.1): the one failure for it, wherever it is found.</summary>
    public static HttpRequestException ResponseHeadTooLarge() =>
        new(HttpRequestError.ConfigurationLimitExceeded, $"The target's response headers are over {AlbLimits.MaxResponseHeaderBytes / 1024} K.");

    /// <summary>Reads more bytes into the buffer (compacting it, or growing it up to <paramref name="limit"/>); false at end of stream.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> FillAsync(int limit = 0)
    {
        if (_readAheadPending)
        {
            // The read issued when the connection went idle (into the empty buffer) is the first read of the response.
            _readAheadPending = false;
            var first = await _readAhead;
            ThrowIfTornDown(first);
            End += first;
            if (first > 0)
            {
                Progress();
            }

            return first > 0;
        }

        if (Start == End)
        {
            Start = End = 0;
        }
        else if (End == Buffer.Length)
        {
            if (Start > 0)
            {
                Array.Copy(Buffer, Start, Buffer, 0, End - Start);
                End -= Start;
                Start = 0;
            }
            else if (Buffer.Length < limit)
            {
                var larger = new byte[Math.Min(limit, Buffer.Length * 2)];
                Array.Copy(Buffer, larger, End);
                Buffer = larger;
            }
            else
            {
                throw ResponseHeadTooLarge();
            }
        }

        var read = await Stream.ReadAsync(Buffer.AsMemory(End));
        ThrowIfTornDown(read);
        End += read;
        if (read > 0)
        {
            Progress();
        }

        return read > 0;
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
        Stream.Dispose();
    }

    /// <summary>A read cut short by the load balancer's own teardown may end as an empty read: never taken as the target's end of stream.</summary>
    private void ThrowIfTornDown(int read)
    {
        if (read == 0 && _disposed)
        {
            throw new IOException("The connection to the target was closed by the load balancer.");
        }
    }

    /// <summary>The idle timeout ran out, the client went away or the drain cut came: pending reads and writes fail.</summary>
    private void TearDown()
    {
        // The flags first: cancelling runs the continuations of reads and writes bounded by Activity, and they read
        // Disposed to tell the load balancer's teardown (504/408) from the peer's failure (502/400).
        TimedOut = true;
        _disposed = true;
        try
        {
            _activity.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Replaced by the next exchange's source meanwhile: the connection is closed below either way.
        }

        Stream.Dispose();
    }
}
