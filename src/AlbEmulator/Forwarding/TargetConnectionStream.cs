namespace AlbEmulator.Forwarding;

/// <summary>
/// The plaintext side of one HTTP/1.1 connection to a target (installed as SocketsHttpHandler's
/// PlaintextStreamFilter). It makes the connection pool behave as ALB's does (TG-25, TG-27, ERR-502):
/// <list type="bullet">
/// <item>A target that closes (FIN) or resets (RST) the connection after a request was written and
/// before any response byte came back fails the request with <see cref="TargetClosedConnectionException"/>.
/// SocketsHttpHandler would otherwise take a clean end of stream there as "the server closed an idle
/// connection" and silently resend the request on a new connection (up to three times); ALB answers
/// 502 and never resends.</item>
/// <item>A <c>Keep-Alive: timeout=N</c> response header is made unreadable to the pool (its first value
/// byte becomes <c>"</c>; the header is hop-by-hop and never reaches the client). SocketsHttpHandler
/// would stop reusing the connection after N-1 seconds; ALB keeps an idle target connection for its
/// own idle timeout whatever the target says, which is why a target keep-alive shorter than the ALB
/// idle timeout produces 502s (troubleshooting guide, HTTP 502).</item>
/// </list>
/// Only the response head is looked at (status code and header names, byte by byte as it passes);
/// after a 101 the connection is a tunnel and passes through untouched.
/// </summary>
internal sealed class TargetConnectionStream : TargetStreamFilter
{
    private static ReadOnlySpan<byte> KeepAliveName => "keep-alive:"u8;

    // Request/response phase: a request was written and no response byte has come back yet.
    private bool _awaitingResponse;
    private int _responsesStarted;
    private bool _tunnel;

    // Response-head scanner state.
    private bool _inHead;
    private int _lineIndex;
    private int _lineLength;
    private int _status;
    private int _nameMatched; // bytes of "keep-alive:" matched at the start of the current line; -1 = no match
    private bool _inKeepAliveValue;

    public TargetConnectionStream(Stream inner)
        : base(inner)
    {
    }

    /// <summary>Responses this connection has started to carry (reuse count, for the diagnostic).</summary>
    public int ResponsesStarted => _responsesStarted;

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await Inner.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e) when (_awaitingResponse && !_tunnel && !Disposed && !cancellationToken.IsCancellationRequested)
        {
            throw new TargetClosedConnectionException(reset: true, _responsesStarted, e);
        }

        if (read == 0)
        {
            if (buffer.Length > 0 && _awaitingResponse && !_tunnel && !Disposed)
            {
                throw new TargetClosedConnectionException(reset: false, _responsesStarted, null);
            }

            return 0;
        }

        if (!_tunnel)
        {
            OnResponseBytes(buffer.Span[..read]);
        }

        return read;
    }

    protected override void OnWrite(ReadOnlySpan<byte> bytes) => OnRequestBytes(bytes.Length);

    private void OnRequestBytes(int count)
    {
        if (count > 0 && !_tunnel && !_awaitingResponse)
        {
            _awaitingResponse = true;
            _inHead = false;
        }
    }

    private void OnResponseBytes(Span<byte> bytes)
    {
        if (_awaitingResponse)
        {
            _awaitingResponse = false;
            _responsesStarted++;
            StartHead();
        }

        if (!_inHead)
        {
            return;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == (byte)'\n')
            {
                if (_lineLength == 0 && _lineIndex > 0)
                {
                    EndHead();
                    if (!_inHead)
                    {
                        return;
                    }

                    continue;
                }

                _lineIndex++;
                _lineLength = 0;
                _nameMatched = 0;
                _inKeepAliveValue = false;
                continue;
            }

            if (b == (byte)'\r')
            {
                continue;
            }

            if (_lineIndex == 0)
            {
                // "HTTP/1.1 200": the status code is bytes 9..11 of the status line.
                if (_lineLength is >= 9 and <= 11 && b is >= (byte)'0' and <= (byte)'9')
                {
                    _status = (_status * 10) + (b - '0');
                }
            }
            else if (_inKeepAliveValue)
            {
                if (b is not ((byte)' ' or (byte)'\t'))
                {
                    // The pool ignores a Keep-Alive value it cannot parse (see the class comment).
                    bytes[i] = (byte)'"';
                    _inKeepAliveValue = false;
                    _nameMatched = -1;
                }
            }
            else if (_nameMatched >= 0)
            {
                var expected = KeepAliveName[_nameMatched];
                if ((b | 0x20) == expected || b == expected)
                {
                    _nameMatched++;
                    if (_nameMatched == KeepAliveName.Length)
                    {
                        _inKeepAliveValue = true;
                    }
                }
                else
                {
                    _nameMatched = -1;
                }
            }

            _lineLength++;
        }
    }

    private void StartHead()
    {
        _inHead = true;
        _lineIndex = 0;
        _lineLength = 0;
        _status = 0;
        _nameMatched = 0;
        _inKeepAliveValue = false;
    }

    private void EndHead()
    {
        if (_status == 101)
        {
            // Switching protocols: from here on the connection is a tunnel (WebSocket).
            _tunnel = true;
            _inHead = false;
        }
        else if (_status is >= 100 and < 200)
        {
            // An interim response (100 Continue): the final head follows.
            StartHead();
        }
        else
        {
            _inHead = false;
        }
    }
}

/// <summary>
/// The target closed (FIN) or reset (RST) the connection while a request was outstanding on it, before
/// any response byte (ERR-502: "The target closed the connection with a TCP RST or a TCP FIN while the
/// load balancer had an outstanding request to the target").
/// </summary>
public sealed class TargetClosedConnectionException : IOException
{
    public TargetClosedConnectionException(bool reset, int earlierResponses, Exception? inner, int? http2OutstandingStreams = null)
        : base(http2OutstandingStreams is { } streams ? DescribeHttp2(reset, streams) : Describe(reset, earlierResponses), inner)
    {
        Reset = reset;
        EarlierResponses = earlierResponses;
    }

    /// <summary>RST rather than FIN.</summary>
    public bool Reset { get; }

    /// <summary>Responses the connection carried before this request (0 = a new connection).</summary>
    public int EarlierResponses { get; }

    private static string DescribeHttp2(bool reset, int streams) =>
        $"The HTTP/2 target {(reset ? "reset the connection (TCP RST)" : "closed the connection (TCP FIN)")} with {streams} stream(s) outstanding, before answering them (not resent).";

    private static string Describe(bool reset, int earlierResponses)
    {
        var how = reset ? "reset the connection (TCP RST)" : "closed the connection (TCP FIN)";
        return earlierResponses == 0
            ? $"The target {how} on a new connection after the request was sent, before answering."
            : $"The target {how} after the request was sent on a reused keep-alive connection (it had carried {earlierResponses} response(s)), before answering: the target's keep-alive timeout ran out as the load balancer reused the connection.";
    }
}
