using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using AlbEmulator.Limits;

namespace AlbEmulator.Listeners.Http2;

/// <summary>
/// The input Kestrel reads on an HTTP/2 connection, with ALB's limits on what one connection may send (H2-3,
/// ERR-000): a compressed header block (HEADERS plus CONTINUATION) over 8 K — or a header block spread over
/// more than <see cref="MaxFramesPerHeaderBlock"/> frames (the empty-CONTINUATION flood) — and SETTINGS or
/// PING floods end the connection with GOAWAY and a FIN. It only reads frame headers as the bytes pass; on a
/// violation it stops at the frame boundary and hands Kestrel one frame that is a connection error
/// (a PING on stream 1), so Kestrel itself sends GOAWAY (PROTOCOL_ERROR, the last stream it processed) and
/// closes: nothing is ever written beside Kestrel's own frames. [EMU] ALB's GOAWAY error code is not
/// documented; the limits and the code live here (docs/known-differences.md).
/// <para>
/// It also counts the requests of the connection (HEADERS frames that open a new stream). ALB recycles a connection
/// after <see cref="AlbLimits.MaxHttp2RequestsPerConnection"/> requests (H2-3, ERR-000): the 10,000th is served and
/// Kestrel is asked to close gracefully (<c>ConnectionLifetime</c>); a request beyond it — one a client sent before it
/// saw the GOAWAY — is never handed to Kestrel. The guard stops the input at that frame, logs it (the <c>000</c>
/// access-log line) and asks for the graceful close itself, so the streams in flight finish, Kestrel's final GOAWAY
/// names the last stream it processed (the client may retry the rest on a new connection) and the connection ends
/// with a FIN. The close is asked for only once Kestrel has consumed every byte before that frame: Kestrel copies
/// this input into a pipe of its own and answers a close request by cancelling its pending read there, so a close
/// asked for while the requests before the cut were still on their way would end the connection without them
/// (GOAWAY naming an earlier stream).
/// </para>
/// </summary>
internal sealed class Http2InputGuard : PipeReader
{
    /// <summary>ALB: "the compressed length of any of the headers exceeds 8 K" (H2-3).</summary>
    public const int MaxHeaderBlockBytes = 8 * 1024;

    /// <summary>[EMU] Frames one header block may use (a real client needs one or two below 8 K).</summary>
    public const int MaxFramesPerHeaderBlock = 64;

    /// <summary>[EMU] SETTINGS and PING frames (not ACKs) a connection may send in a burst, refilled at <see cref="ControlFramesPerSecond"/>.</summary>
    public const int ControlFrameBurst = 1000;

    public const int ControlFramesPerSecond = 100;

    private const int FrameHeaderLength = 9;
    private const int PrefaceLength = 24;

    // A PING on stream 1: a connection error (PROTOCOL_ERROR) for any HTTP/2 server, inside or outside a header block.
    private static readonly byte[] ConnectionError = [0, 0, 8, 6, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly PipeReader _inner;
    private readonly Action? _requestClose;
    private int _requests;            // streams the client opened (HEADERS above the highest stream id so far)
    private uint _highestStreamId;
    private bool _hold;               // the violation stops the input at _cut instead of ending the connection with an error
    private bool _closeRequested;
    private bool _pingPayload;        // the payload being skipped is a PING's (not activity for the idle timeout, H2-5)
    private long _position;           // bytes consumed by Kestrel
    private long _scanned = PrefaceLength; // next frame header (or payload byte) to look at
    private long _payloadRemaining;
    private readonly byte[] _header = new byte[FrameHeaderLength];
    private int _headerCount;
    private bool _inHeaderBlock;
    private long _headerBlockBytes;
    private int _headerBlockFrames;
    private double _controlTokens = ControlFrameBurst;
    private long _lastRefill = Stopwatch.GetTimestamp();
    private long _cut = -1;           // frame boundary where a violation starts
    private ReadOnlySequence<byte> _presentedFrom;
    private ReadOnlySequence<byte>? _injected;
    private bool _ended;

    /// <param name="inner">The connection's input.</param>
    /// <param name="onViolation">Called once on a violation (the diagnostic line and the <c>000</c> access-log line).</param>
    /// <param name="requestClose">Asks Kestrel to close the connection gracefully (GOAWAY, in-flight streams finish, FIN).</param>
    public Http2InputGuard(PipeReader inner, Action<string, long>? onViolation = null, Action? requestClose = null)
    {
        _inner = inner;
        OnViolation = onViolation;
        _requestClose = requestClose;
    }

    /// <summary>Called once with what the client did and the bytes it had sent, the offending frame's header included (the diagnostic line and the <c>000</c> access-log line).</summary>
    public Action<string, long>? OnViolation { get; }

    /// <summary>The connection's idle timeout, told of every frame received other than PING (ERR-TMO-1, H2-5).</summary>
    public Http2IdleTimeout? Idle { get; set; }

    /// <summary>Why the connection was ended, or null.</summary>
    public string? Violation { get; private set; }

    // Pooled: Kestrel reads a connection in a loop, and most reads wait for the client.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_ended)
        {
            return new ReadResult(default, false, true);
        }

        if (_injected is { } injected)
        {
            return new ReadResult(injected, false, false);
        }

        if (_cut >= 0 && _position >= _cut)
        {
            if (_hold)
            {
                RequestCloseOnce();
                return await HoldAsync(cancellationToken);
            }

            _injected = new ReadOnlySequence<byte>(ConnectionError);
            return new ReadResult(_injected.Value, false, false);
        }

        var result = await _inner.ReadAsync(cancellationToken);
        var buffer = result.Buffer;
        if (_cut < 0 && Scan(buffer))
        {
            Idle?.Activity();
        }

        _presentedFrom = buffer;
        if (_cut >= 0)
        {
            var available = Math.Max(0, _cut - _position);
            if (available == 0 && _hold)
            {
                // Nothing before the request beyond the limit is left: Kestrel sees no more input.
                RequestCloseOnce();
                _inner.AdvanceTo(buffer.Start, buffer.End);
                _presentedFrom = default;
                return new ReadResult(default, result.IsCanceled, result.IsCompleted);
            }

            if (available == 0)
            {
                _inner.AdvanceTo(buffer.Start, buffer.Start);
                _presentedFrom = default;
                _injected = new ReadOnlySequence<byte>(ConnectionError);
                return new ReadResult(_injected.Value, false, false);
            }

            return new ReadResult(buffer.Slice(0, Math.Min(available, buffer.Length)), result.IsCanceled, false);
        }

        return result;
    }

    /// <summary>
    /// Asks Kestrel for the graceful close once it has consumed the input before the request beyond the limit (the
    /// requests there have opened their streams, so its GOAWAY names the last of them).
    /// </summary>
    private void RequestCloseOnce()
    {
        if (!_closeRequested)
        {
            _closeRequested = true;
            _requestClose?.Invoke();
        }
    }

    /// <summary>
    /// After a request beyond the limit: Kestrel is offered nothing more while it finishes the streams in flight and
    /// closes. Each read waits for the client (new bytes are examined and left), the end of the connection, or
    /// Kestrel cancelling the read when it closes.
    /// </summary>
    private async ValueTask<ReadResult> HoldAsync(CancellationToken cancellationToken)
    {
        var result = await _inner.ReadAsync(cancellationToken);
        _inner.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        _presentedFrom = default;
        return new ReadResult(default, result.IsCanceled, result.IsCompleted);
    }

    /// <summary>Looks at the new bytes of <paramref name="buffer"/>; true when they hold a frame (or payload) other than PING.</summary>
    private bool Scan(in ReadOnlySequence<byte> buffer)
    {
        // Every byte is fed once, in order; a frame header split across reads is assembled in _header.
        var end = _position + buffer.Length;
        if (_scanned >= end)
        {
            return false;
        }

        var active = false;

        foreach (var segment in buffer.Slice(Math.Max(0, _scanned - _position)))
        {
            var span = segment.Span;
            var i = 0;
            while (i < span.Length)
            {
                if (_payloadRemaining > 0)
                {
                    var skip = (int)Math.Min(_payloadRemaining, span.Length - i);
                    active |= !_pingPayload;
                    _payloadRemaining -= skip;
                    _scanned += skip;
                    i += skip;
                    continue;
                }

                var take = Math.Min(FrameHeaderLength - _headerCount, span.Length - i);
                span.Slice(i, take).CopyTo(_header.AsSpan(_headerCount));
                _headerCount += take;
                i += take;
                if (_headerCount < FrameHeaderLength)
                {
                    _scanned += take;
                    continue;
                }

                var frameStart = _scanned - (FrameHeaderLength - take);
                _headerCount = 0;
                var length = (int)(BinaryPrimitives.ReadUInt32BigEndian(_header) >> 8);
                var streamId = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(5)) & 0x7FFF_FFFF;
                _pingPayload = _header[3] == 0x6;
                active |= !_pingPayload;
                var violation = Check(_header[3], _header[4], length, streamId);
                if (violation is not null)
                {
                    _cut = frameStart;
                    Violation = violation;
                    OnViolation?.Invoke(violation, frameStart + FrameHeaderLength);
                    return active;
                }

                _scanned += take;
                _payloadRemaining = length;
            }
        }

        return active;
    }

    private string? Check(byte type, byte flags, int length, uint streamId)
    {
        const byte Headers = 0x1, Settings = 0x4, Ping = 0x6, Continuation = 0x9;
        const byte EndHeaders = 0x4, Ack = 0x1;
        switch (type)
        {
            case Headers when streamId > _highestStreamId && ++_requests > AlbLimits.MaxHttp2RequestsPerConnection:
                // ERR-000: a request beyond the connection's 10,000 (trailers reuse their stream and do not count).
                _hold = true;
                return $"more than {AlbLimits.MaxHttp2RequestsPerConnection} requests on the connection";
            case Headers:
                _highestStreamId = Math.Max(_highestStreamId, streamId);
                _inHeaderBlock = (flags & EndHeaders) == 0;
                _headerBlockBytes = length;
                _headerBlockFrames = 1;
                break;
            case Continuation:
                _headerBlockBytes += length;
                _headerBlockFrames++;
                _inHeaderBlock = (flags & EndHeaders) == 0;
                break;
            case Settings or Ping when (flags & Ack) == 0:
                var now = Stopwatch.GetTimestamp();
                _controlTokens = Math.Min(ControlFrameBurst, _controlTokens + Stopwatch.GetElapsedTime(_lastRefill, now).TotalSeconds * ControlFramesPerSecond);
                _lastRefill = now;
                if (--_controlTokens < 0)
                {
                    return $"more than {ControlFrameBurst} SETTINGS/PING frames at over {ControlFramesPerSecond} per second";
                }

                return null;
            default:
                return null;
        }

        if (_headerBlockBytes > MaxHeaderBlockBytes)
        {
            return $"a compressed header block over {MaxHeaderBlockBytes} bytes";
        }

        return _headerBlockFrames > MaxFramesPerHeaderBlock ? $"a header block in more than {MaxFramesPerHeaderBlock} frames" : null;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_injected is { } injected)
        {
            var rest = injected.Slice(consumed);
            _injected = rest.IsEmpty ? null : rest;
            _ended = rest.IsEmpty;
            return;
        }

        if (_presentedFrom.IsEmpty)
        {
            return;
        }

        _position += _presentedFrom.Slice(_presentedFrom.Start, consumed).Length;
        _inner.AdvanceTo(consumed, examined);
        _presentedFrom = default;
    }

    public override bool TryRead(out ReadResult result)
    {
        result = default;
        return false;
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);
}
