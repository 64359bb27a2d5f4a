using System.Buffers.Binary;

namespace AlbEmulator.Forwarding;

/// <summary>
/// The plaintext side of one HTTP/2 connection to a target (SocketsHttpHandler's PlaintextStreamFilter),
/// the HTTP/2 sibling of <see cref="TargetConnectionStream"/>. It reads the frames as they pass and keeps
/// the pool from resending what ALB would not resend (ERR-502):
/// <list type="bullet">
/// <item>A stream the target refuses — <c>RST_STREAM(REFUSED_STREAM)</c>, or a <c>GOAWAY</c> whose
/// last-stream-id is below the stream — would be retried by SocketsHttpHandler on another connection
/// (RFC 9113 §8.7 allows it: the request was not processed). ALB does not retry: the request is a 502.
/// The filter turns the refusal into <c>RST_STREAM</c> with <see cref="RefusedStreamCode"/> (or
/// <see cref="RefusedByGoAwayCode"/>), a code of
/// its own that the handler treats as a plain stream error (no retry) and
/// <see cref="ForwarderErrorMapper"/> recognises; for a GOAWAY it inserts that RST_STREAM for every
/// refused stream before the GOAWAY itself, so streams at or below the last-stream-id finish normally.</item>
/// <item>A target that closes (FIN) or resets (RST) the connection with streams outstanding fails them
/// with <see cref="TargetClosedConnectionException"/> (the explanation names HTTP/2, not the connect).</item>
/// </list>
/// The stream ids the load balancer opened are read from the HEADERS frames it writes; a stream stops
/// being outstanding when the target ends it (END_STREAM) or either side resets it.
/// </summary>
internal sealed class Http2TargetConnectionStream : TargetStreamFilter
{
    /// <summary>
    /// The error code a refused stream is reset with toward the handler: outside RFC 9113's registry
    /// (unknown codes are treated as INTERNAL_ERROR, §7), "ALB" + 7 (REFUSED_STREAM).
    /// </summary>
    public const uint RefusedStreamCode = 0x414C4207;

    /// <summary>As <see cref="RefusedStreamCode"/>, for a stream above a GOAWAY's last-stream-id ("ALB" + 'G').</summary>
    public const uint RefusedByGoAwayCode = 0x414C4247;

    private const int FrameHeaderLength = 9;
    private const int ClientPrefaceLength = 24;
    private const byte Data = 0x0;
    private const byte Headers = 0x1;
    private const byte RstStream = 0x3;
    private const byte GoAway = 0x7;
    private const byte EndStream = 0x1;
    private const uint RefusedStream = 0x7;

    private readonly Lock _gate = new();
    private readonly SortedSet<int> _outstanding = [];

    // Write side (frames the load balancer sends): where we are in the byte stream.
    private int _prefaceLeft = ClientPrefaceLength;
    private readonly byte[] _writeHeader = new byte[FrameHeaderLength];
    private int _writeHeaderFilled;
    private int _writePayloadLeft;

    // Read side (frames the target sends): bytes read and not yet handed to the handler.
    private byte[] _pending = new byte[16 * 1024];
    private int _pendingStart;
    private int _pendingEnd;
    private int _readPayloadLeft; // payload bytes of the current frame that pass through unexamined
    private int _ready; // bytes at the start of the pending buffer that may be handed over

    public Http2TargetConnectionStream(Stream inner)
        : base(inner)
    {
    }

    /// <summary>Streams opened and not yet ended (for tests and the diagnostic).</summary>
    public int OutstandingStreams
    {
        get
        {
            lock (_gate)
            {
                return _outstanding.Count;
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        while (_ready == 0)
        {
            Compact();
            int read;
            try
            {
                read = await Inner.ReadAsync(_pending.AsMemory(_pendingEnd), cancellationToken);
            }
            catch (IOException e) when (!Disposed && !cancellationToken.IsCancellationRequested && OutstandingStreams > 0)
            {
                throw new TargetClosedConnectionException(reset: true, 0, e, http2OutstandingStreams: OutstandingStreams);
            }

            if (read == 0)
            {
                if (_pendingEnd > _pendingStart)
                {
                    // A frame cut short by the close: hand over what came, the handler reports the truncation.
                    _ready = _pendingEnd - _pendingStart;
                    break;
                }

                if (!Disposed && OutstandingStreams > 0)
                {
                    throw new TargetClosedConnectionException(reset: false, 0, null, http2OutstandingStreams: OutstandingStreams);
                }

                return 0;
            }

            _pendingEnd += read;
            Scan();
        }

        var count = Math.Min(buffer.Length, _ready);
        _pending.AsSpan(_pendingStart, count).CopyTo(buffer.Span);
        _pendingStart += count;
        _ready -= count;
        return count;
    }

    /// <summary>Follows the frames the load balancer writes: HEADERS open a stream, RST_STREAM ends one.</summary>
    protected override void OnWrite(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (_prefaceLeft > 0)
            {
                var skip = Math.Min(_prefaceLeft, bytes.Length);
                _prefaceLeft -= skip;
                bytes = bytes[skip..];
                continue;
            }

            if (_writePayloadLeft > 0)
            {
                var skip = Math.Min(_writePayloadLeft, bytes.Length);
                _writePayloadLeft -= skip;
                bytes = bytes[skip..];
                continue;
            }

            var take = Math.Min(FrameHeaderLength - _writeHeaderFilled, bytes.Length);
            bytes[..take].CopyTo(_writeHeader.AsSpan(_writeHeaderFilled));
            _writeHeaderFilled += take;
            bytes = bytes[take..];
            if (_writeHeaderFilled < FrameHeaderLength)
            {
                return;
            }

            _writeHeaderFilled = 0;
            _writePayloadLeft = (_writeHeader[0] << 16) | (_writeHeader[1] << 8) | _writeHeader[2];
            var streamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(_writeHeader.AsSpan(5)) & 0x7FFFFFFF);
            lock (_gate)
            {
                if (_writeHeader[3] == Headers && streamId != 0)
                {
                    _outstanding.Add(streamId);
                }
                else if (_writeHeader[3] == RstStream)
                {
                    _outstanding.Remove(streamId);
                }
            }
        }
    }

    /// <summary>
    /// Examines the target's frames in the pending buffer: everything up to the first frame that is not
    /// yet complete enough to judge becomes ready; refusals are rewritten on the way.
    /// </summary>
    private void Scan()
    {
        var position = _pendingStart + _ready;
        while (position < _pendingEnd)
        {
            if (_readPayloadLeft > 0)
            {
                var skip = Math.Min(_readPayloadLeft, _pendingEnd - position);
                _readPayloadLeft -= skip;
                position += skip;
                continue;
            }

            if (_pendingEnd - position < FrameHeaderLength)
            {
                break;
            }

            var header = _pending.AsSpan(position, FrameHeaderLength);
            var length = (header[0] << 16) | (header[1] << 8) | header[2];
            var type = header[3];
            var flags = header[4];
            var streamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(header[5..]) & 0x7FFFFFFF);
            if (type is RstStream or GoAway)
            {
                // Judged on the first 8 payload bytes (RST_STREAM has 4): wait until they are here.
                var needed = Math.Min(length, 8);
                if (_pendingEnd - position < FrameHeaderLength + needed)
                {
                    break;
                }

                position = type == RstStream ? OnReset(position, length, streamId) : OnGoAway(position, length);
                continue;
            }

            if (type is Headers or Data && (flags & EndStream) != 0)
            {
                lock (_gate)
                {
                    _outstanding.Remove(streamId);
                }
            }

            position += FrameHeaderLength;
            _readPayloadLeft = length;
        }

        _ready = position - _pendingStart;
    }

    /// <summary>RST_STREAM: REFUSED_STREAM becomes <see cref="RefusedStreamCode"/>; the stream is no longer outstanding.</summary>
    private int OnReset(int position, int length, int streamId)
    {
        var payload = _pending.AsSpan(position + FrameHeaderLength);
        if (length == 4 && BinaryPrimitives.ReadUInt32BigEndian(payload) == RefusedStream)
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload, RefusedStreamCode);
        }

        lock (_gate)
        {
            _outstanding.Remove(streamId);
        }

        _readPayloadLeft = Math.Max(length - Math.Min(length, 8), 0);
        return position + FrameHeaderLength + Math.Min(length, 8);
    }

    /// <summary>GOAWAY: an RST_STREAM(<see cref="RefusedByGoAwayCode"/>) for every outstanding stream above the last-stream-id goes before it.</summary>
    private int OnGoAway(int position, int length)
    {
        if (length < 8)
        {
            _readPayloadLeft = length;
            return position + FrameHeaderLength;
        }

        var lastStreamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(_pending.AsSpan(position + FrameHeaderLength)) & 0x7FFFFFFF);
        int[] refused;
        lock (_gate)
        {
            refused = _outstanding.Where(id => id > lastStreamId).ToArray();
            foreach (var id in refused)
            {
                _outstanding.Remove(id);
            }
        }

        if (refused.Length > 0)
        {
            const int resetLength = FrameHeaderLength + 4;
            var inserted = new byte[refused.Length * resetLength];
            for (var i = 0; i < refused.Length; i++)
            {
                var frame = inserted.AsSpan(i * resetLength, resetLength);
                frame[2] = 4;
                frame[3] = RstStream;
                BinaryPrimitives.WriteUInt32BigEndian(frame[5..], (uint)refused[i]);
                BinaryPrimitives.WriteUInt32BigEndian(frame[9..], RefusedByGoAwayCode);
            }

            Insert(position, inserted);
            position += inserted.Length;
        }

        _readPayloadLeft = length - 8;
        return position + FrameHeaderLength + 8;
    }

    /// <summary>Inserts bytes into the pending buffer at <paramref name="position"/>.</summary>
    private void Insert(int position, byte[] bytes)
    {
        var needed = _pendingEnd + bytes.Length;
        if (needed > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(needed, _pending.Length * 2));
        }

        _pending.AsSpan(position, _pendingEnd - position).CopyTo(_pending.AsSpan(position + bytes.Length));
        bytes.CopyTo(_pending.AsSpan(position));
        _pendingEnd += bytes.Length;
    }

    /// <summary>Moves the bytes not yet handed over to the start of the buffer and makes room to read.</summary>
    private void Compact()
    {
        if (_pendingStart > 0)
        {
            _pending.AsSpan(_pendingStart, _pendingEnd - _pendingStart).CopyTo(_pending);
            _pendingEnd -= _pendingStart;
            _pendingStart = 0;
        }

        if (_pendingEnd == _pending.Length)
        {
            Array.Resize(ref _pending, _pending.Length * 2);
        }
    }
}
