using System.IO.Pipelines;

namespace AlbEmulator.Listeners.Http2;

/// <summary>
/// The output Kestrel writes on an HTTP/2 connection, read frame by frame as it passes: it counts, per
/// stream, every byte of every frame sent on that stream (the 9-byte frame header included: HEADERS,
/// CONTINUATION, DATA, RST_STREAM, WINDOW_UPDATE), so an HTTP/2 request's access-log <c>sent_bytes</c> is
/// what went over the wire for it, and it tells when a stream's last frame (END_STREAM, or RST_STREAM)
/// has been written. Nothing is changed or held back.
/// </summary>
internal sealed class Http2OutputCounter : PipeWriter
{
    private const int FrameHeaderLength = 9;
    private const byte DataFrame = 0x0;
    private const byte HeadersFrame = 0x1;
    private const byte RstStreamFrame = 0x3;
    private const byte PingFrame = 0x6;
    private const byte ContinuationFrame = 0x9;
    private const byte EndStreamFlag = 0x1;
    private const byte EndHeadersFlag = 0x4;

    private readonly PipeWriter _inner;
    private readonly Dictionary<int, Stream> _streams = [];
    private readonly byte[] _header = new byte[FrameHeaderLength];
    private Memory<byte> _lastMemory;
    private int _headerFilled;
    private long _payloadRemaining;
    private int _frameStream;
    private bool _frameEndsStream;
    private bool _pingPayload;
    private bool _completed;
    private Timer? _backstop;

    private static readonly TimeSpan BackstopPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Ended streams nobody asked about (Kestrel answered them itself) are forgotten once the table holds this
    /// many and they are more than this many streams old (a request's own line always asks within microseconds).
    /// </summary>
    private const int MaxUnclaimedStreams = 1024;

    private int _highestStream;
    private List<(IHttp2StreamEndObserver Observer, long Bytes)>? _ended; // the writer's: observers to tell after the current write

    public Http2OutputCounter(PipeWriter inner)
    {
        _inner = inner;
    }

    /// <summary>
    /// The bytes sent for <paramref name="streamId"/> once its last frame has been written. When it already has
    /// been (or the connection is gone) the count is returned at once (true) and <paramref name="observer"/> is never
    /// called. Otherwise (false) <paramref name="observer"/> is called once, with the count, when the last frame is
    /// written (on the thread writing it, right after the write: no task, no thread-pool hop), when the connection
    /// ends, or when <paramref name="timeout"/> has passed (a client that stops reading; one backstop timer per
    /// connection, never one per request).
    /// </summary>
    public bool TryGetSentBytes(int streamId, TimeSpan timeout, IHttp2StreamEndObserver observer, out long bytes)
    {
        lock (_streams)
        {
            var stream = GetStream(streamId);
            if (stream.Ended || _completed)
            {
                _streams.Remove(streamId);
                bytes = stream.Bytes;
                return true;
            }

            bytes = 0;
            stream.Observer = observer;
            stream.Deadline = Environment.TickCount64 + (long)Math.Min(timeout.TotalMilliseconds, int.MaxValue);
            _backstop ??= new Timer(static c => ((Http2OutputCounter)c!).ExpireWaiters(), this, BackstopPeriod, BackstopPeriod);
            return false;
        }
    }

    /// <summary>The connection's idle timeout, told of every frame sent other than PING (ERR-TMO-1, H2-5); ended with the connection.</summary>
    public Http2IdleTimeout? Idle { get; set; }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _lastMemory = _inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => (_lastMemory = _inner.GetMemory(sizeHint)).Span;

    public override void Advance(int bytes)
    {
        if (Count(_lastMemory.Span[..bytes]))
        {
            Idle?.Activity();
        }

        _inner.Advance(bytes);
        NotifyEnded();
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (Count(source.Span))
        {
            Idle?.Activity();
        }

        var write = _inner.WriteAsync(source, cancellationToken);
        NotifyEnded();
        return write;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        _inner.Complete(exception);
        EndAll();
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        await _inner.CompleteAsync(exception).ConfigureAwait(false);
        EndAll();
    }

    public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _inner.UnflushedBytes;

    /// <summary>
    /// Walks the frames in <paramref name="data"/>, which continues where the previous write ended; true when it holds a
    /// frame (or payload) other than PING.
    /// </summary>
    private bool Count(ReadOnlySpan<byte> data)
    {
        var active = false;
        lock (_streams)
        {
            while (data.Length > 0)
            {
                if (_payloadRemaining > 0)
                {
                    active |= !_pingPayload;
                    var take = (int)Math.Min(_payloadRemaining, data.Length);
                    _payloadRemaining -= take;
                    data = data[take..];
                    if (_payloadRemaining == 0)
                    {
                        FrameDone();
                    }

                    continue;
                }

                var copy = Math.Min(FrameHeaderLength - _headerFilled, data.Length);
                data[..copy].CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += copy;
                data = data[copy..];
                if (_headerFilled < FrameHeaderLength)
                {
                    return active;
                }

                _headerFilled = 0;
                var length = (_header[0] << 16) | (_header[1] << 8) | _header[2];
                var type = _header[3];
                var flags = _header[4];
                _pingPayload = type == PingFrame;
                active |= !_pingPayload;
                _frameStream = ((_header[5] & 0x7F) << 24) | (_header[6] << 16) | (_header[7] << 8) | _header[8];
                _payloadRemaining = length;
                _frameEndsStream = false;
                if (_frameStream != 0)
                {
                    var stream = GetStream(_frameStream);
                    stream.Bytes += FrameHeaderLength + length;
                    switch (type)
                    {
                        case DataFrame:
                            _frameEndsStream = (flags & EndStreamFlag) != 0;
                            break;
                        case HeadersFrame:
                            // END_STREAM on HEADERS takes effect after the last CONTINUATION.
                            stream.EndAfterHeaders = (flags & EndStreamFlag) != 0;
                            _frameEndsStream = stream.EndAfterHeaders && (flags & EndHeadersFlag) != 0;
                            break;
                        case ContinuationFrame:
                            _frameEndsStream = stream.EndAfterHeaders && (flags & EndHeadersFlag) != 0;
                            break;
                        case RstStreamFrame:
                            _frameEndsStream = true;
                            break;
                    }
                }

                if (length == 0)
                {
                    FrameDone();
                }
            }
        }

        return active;
    }

    private void FrameDone()
    {
        if (_frameEndsStream && _streams.TryGetValue(_frameStream, out var stream))
        {
            stream.Ended = true;
            if (stream.Observer is { } observer)
            {
                // Told after the write, outside the lock (NotifyEnded); the stream is forgotten now.
                _streams.Remove(_frameStream);
                (_ended ??= []).Add((observer, stream.Bytes));
            }
        }
    }

    /// <summary>
    /// Tells the observers of the streams whose last frame the write just passed on. Only the writer calls it (Kestrel
    /// writes a connection's frames one write at a time), so <see cref="_ended"/> needs no lock of its own.
    /// </summary>
    private void NotifyEnded()
    {
        if (_ended is not { Count: > 0 } ended)
        {
            return;
        }

        foreach (var (observer, bytes) in ended)
        {
            Notify(observer, bytes);
        }

        ended.Clear();
    }

    private static void Notify(IHttp2StreamEndObserver observer, long bytes)
    {
        try
        {
            observer.StreamEnded(bytes);
        }
        catch (Exception)
        {
            // An observer's failure must never break the connection's output (Kestrel's frame writer called us).
        }
    }

    private Stream GetStream(int streamId)
    {
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            if (_streams.Count >= MaxUnclaimedStreams)
            {
                ForgetUnclaimed();
            }

            stream = new Stream();
            _streams[streamId] = stream;
            _highestStream = Math.Max(_highestStream, streamId);
        }

        return stream;
    }

    private void ForgetUnclaimed()
    {
        List<int>? stale = null;
        foreach (var (id, stream) in _streams)
        {
            if (stream.Ended && stream.Observer is null && id < _highestStream - (2 * MaxUnclaimedStreams))
            {
                (stale ??= []).Add(id);
            }
        }

        foreach (var id in stale ?? [])
        {
            _streams.Remove(id);
        }
    }

    private void ExpireWaiters()
    {
        var now = Environment.TickCount64;
        List<(IHttp2StreamEndObserver, long)>? expired = null;
        lock (_streams)
        {
            foreach (var (id, stream) in _streams)
            {
                if (stream.Observer is { } observer && now >= stream.Deadline)
                {
                    (expired ??= []).Add((observer, stream.Bytes)); // counted so far
                    _streams.Remove(id); // allowed while enumerating
                }
            }
        }

        foreach (var (observer, bytes) in expired ?? [])
        {
            Notify(observer, bytes);
        }
    }

    /// <summary>The connection is done: every stream still waited for is released with what was counted.</summary>
    public void ConnectionEnded() => EndAll();

    private void EndAll()
    {
        List<(IHttp2StreamEndObserver, long)>? waiting = null;
        lock (_streams)
        {
            _completed = true;
            _backstop?.Dispose();
            Idle?.Dispose();
            foreach (var stream in _streams.Values)
            {
                if (stream.Observer is { } observer)
                {
                    (waiting ??= []).Add((observer, stream.Bytes));
                    stream.Observer = null;
                }
            }
        }

        foreach (var (observer, bytes) in waiting ?? [])
        {
            Notify(observer, bytes);
        }
    }

    private sealed class Stream
    {
        public long Bytes;

        public bool EndAfterHeaders;

        public bool Ended;

        public long Deadline;

        public IHttp2StreamEndObserver? Observer;
    }
}

/// <summary>Told once how many bytes an HTTP/2 stream sent, when its last frame has gone out (<see cref="Http2OutputCounter.TryGetSentBytes"/>).</summary>
internal interface IHttp2StreamEndObserver
{
    void StreamEnded(long sentBytes);
}
