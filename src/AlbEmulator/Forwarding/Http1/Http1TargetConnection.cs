using System.Buffers;
using AlbEmulator.Limits;

namespace AlbEmulator.Forwarding.Http1;

/// <summary>
/// One HTTP/1.1 connection to a target: the stream, a read buffer shared by the response head and body readers, the
/// request head writer, and the activity timer of the exchange in progress. Taken from the pool, it starts the first
/// read of the response at once (<see cref="StillOpen"/>): a read that completes immediately means the target closed
/// the idle connection, which is then not reused.
/// <para>
/// The read buffer (and the request head's) exists only during an exchange: rented from <see cref="ArrayPool{T}.Shared"/>
/// for the read-ahead or the first read, given back when the connection goes idle or is closed, so the idle connections
/// kept after a connection storm hold no buffers. An array is given back to the pool only when no read can still write
/// into it: a read-ahead nobody awaited (the exchange failed before reading the response) leaves it to the GC.
/// </para>
/// </summary>
internal sealed class Http1TargetConnection : IDisposable
{
    /// <summary>The size of the read buffer an exchange starts with (it grows for a large response head or short body).</summary>
    internal const int BufferSize = 16 * 1024;

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
    private byte[] _buffer = [];

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

    /// <summary>The read buffer of the exchange in progress (empty while the connection is idle).</summary>
    public byte[] Buffer => _buffer;

    /// <summary>The connection holds a read buffer (only during an exchange).</summary>
    public bool HasBuffer => _buffer.Length != 0;

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
            // Before the pool has it: another request may take it at once.
            ReturnBuffers();
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

        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        }

        try
        {
            _readAhead = Stream.ReadAsync(_buffer);
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
            if (_buffer.Length == 0)
            {
                // A new connection's first read.
                _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            }
        }
        else if (End == _buffer.Length)
        {
            if (Start > 0)
            {
                Array.Copy(_buffer, Start, _buffer, 0, End - Start);
                End -= Start;
                Start = 0;
            }
            else if (_buffer.Length < limit)
            {
                // No read is pending (the previous one was awaited): the smaller array goes back to the pool.
                var smaller = _buffer;
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, smaller.Length * 2));
                Array.Copy(smaller, larger, End);
                _buffer = larger;
                ArrayPool<byte>.Shared.Return(smaller);
            }
            else
            {
                throw ResponseHeadTooLarge();
            }
        }

        var read = await Stream.ReadAsync(_buffer.AsMemory(End));
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
        ReturnBuffers();
    }

    /// <summary>
    /// Gives the buffers back (the connection goes idle or is closed; called by the exchange's owner after its reads
    /// and writes were awaited, or by the pool on an idle connection). The read buffer goes to the pool unless a
    /// read-ahead nobody awaited may still complete into it: then to the GC. <see cref="TearDown"/> never calls this
    /// (a read it cuts short is still running); the owner's <see cref="Release"/> follows it.
    /// </summary>
    private void ReturnBuffers()
    {
        Start = End = 0;
        Head.ReturnBuffers();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length != 0 && !_readAheadPending)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
