using System.Buffers;
using System.IO.Pipelines;
using AlbEmulator.Desync;
using AlbEmulator.Errors;

namespace AlbEmulator.Listeners.Http1;

/// <summary>
/// The input Kestrel reads on an HTTP/1.x connection. It holds each request head back until the wire
/// checks have passed, hands Kestrel exactly one message (head plus framed body) at a time, answers
/// rejections on the wire itself, and applies the idle timeout (408 mid-request, silent close between
/// requests). Compliant traffic is passed through without copying. A connection with nothing of a next request received
/// for <see cref="Http1FrontEnd.ParkDelay"/> is parked: Kestrel is told the input ended, its HTTP layer returns, and
/// <see cref="ResumeAsync"/> waits on the socket until the client sends again (docs/architecture.md, "Idle connections").
/// </summary>
internal sealed class Http1InputReader : PipeReader
{
    private const long NoMessage = -1;
    private const long Unbounded = long.MaxValue;

    private readonly PipeReader _inner;
    private readonly Http1FrontEnd _frontEnd;
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _parkDelay;     // a wait for a new head this long, with nothing of it received, parks the connection
    private TimeSpan _readLimit;              // the read in progress ends at _readStarted + this: the park delay or the idle timeout
    private bool _timerBeyondParkDelay;       // the timer was last armed for longer than the park delay
    private readonly ITimer _timer;           // the idle timer: armed once, re-armed only when it fires (OnTimer)
    private CancellationTokenSource _timeout; // cancelled by the timer when the read in progress is idle too long
    private CancellationTokenSource? _linked; // the caller's token linked with the timeout, during a read only
    private volatile bool _timing;            // a read bounded by the idle timeout is in progress
    private long _readStarted;                // when that read started (TimeProvider timestamp): its deadline's base
    private int _timerArmed;                  // 1 while the timer is due to fire

    private long _position;              // bytes consumed from the inner reader so far
    private long _messageEnd = NoMessage; // absolute end of the message being handed to Kestrel
    private bool _chunked;
    private ChunkedBodyScanner _chunkScanner;
    private long _scanned;               // absolute position up to which the chunked scanner has read
    private long _bodyStart;
    private WireRequest? _current;
    private ReadOnlySequence<byte> _presentedFrom; // the inner buffer the last result was sliced from
    private ReadOnlySequence<byte>? _rewritten;    // a normalised head not yet consumed by Kestrel
    private bool _ended;

    // The body read failed (malformed framing, a stall past the idle timeout): every later read throws this at once.
    private Microsoft.AspNetCore.Http.BadHttpRequestException? _bodyFailure;

    public Http1InputReader(PipeReader inner, Http1FrontEnd frontEnd, TimeProvider time, TimeSpan idleTimeout, TimeSpan parkDelay)
    {
        _inner = inner;
        _frontEnd = frontEnd;
        _time = time;
        _idleTimeout = idleTimeout;
        _parkDelay = parkDelay;
        _readLimit = idleTimeout;
        _timeout = new CancellationTokenSource();
        _timer = time.CreateTimer(static s => ((Http1InputReader)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether the connection can ever park: the park delay is shorter than its idle timeout.</summary>
    public bool CanPark => _parkDelay < _idleTimeout;

    /// <summary>
    /// Not an async method itself: it hands back the one async read it starts (a head or a body read), so a
    /// connection idle between requests holds a single pooled state machine (<see cref="ReadHeadAsync"/> awaiting
    /// the socket) instead of one per nested await (docs/performance.md, "Memory and start-up").
    /// </summary>
    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_bodyFailure is { } failure)
        {
            // Thrown, not a faulted ValueTask: Kestrel's body reader has not marked itself as reading yet, so its drain
            // at the end of the request takes this quietly (a bad request, keep-alive off) instead of logging an error
            // with a stack trace ("the body reader is in an invalid state").
            throw failure;
        }

        if (_ended)
        {
            return new ValueTask<ReadResult>(End());
        }

        if (_rewritten is { } pendingHead)
        {
            return new ValueTask<ReadResult>(new ReadResult(pendingHead, false, false));
        }

        if (_current is { Upgraded: true } && _messageEnd != Unbounded)
        {
            // The target answered 101 (a WebSocket): from now on the connection is a tunnel and
            // everything passes through. An upgrade the target refused leaves the connection in
            // request mode, so the next request gets the wire checks like any other.
            _messageEnd = Unbounded;
            _chunked = false;
        }

        if (_messageEnd == NoMessage)
        {
            return ReadHeadAsync(cancellationToken);
        }

        if (_endAfterPresented || _lastSliceStalled)
        {
            // The body's framing is malformed (or Kestrel wants bytes beyond the message the framing
            // allows, which only a malformed body can cause): end the input so the body read fails and
            // the pipeline answers 400, instead of offering Kestrel the same bytes for ever (a livelock).
            // An exception, not the end of input: Kestrel treats an early end as the client leaving and
            // aborts the response, whereas a failed read lets the pipeline answer 400 first.
            _current!.BodyMalformed = true;
            _ended = true;
            _presentedFrom = default;
            _bodyFailure = new Microsoft.AspNetCore.Http.BadHttpRequestException("Malformed chunked request body.", 400);
            throw _bodyFailure;
        }

        return ReadBodyAsync(cancellationToken);
    }

    /// <summary>The synthetic end of input: the connection is to end (or its body read to fail).</summary>
    private ReadResult End()
    {
        _ended = true;
        _presentedFrom = default;
        return new ReadResult(default, false, true);
    }

    /// <summary>Reads more of the current message's body, bounded by the idle timeout.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ReadBodyAsync(CancellationToken cancellationToken)
    {
        ReadResult body;
        while (true)
        {
            try
            {
                body = await _inner.ReadAsync(ArmInnerRead(cancellationToken));
                break;
            }
            catch (OperationCanceledException) when (InnerReadCancelledEarly(cancellationToken))
            {
                RenewTimeout();
            }
            catch (OperationCanceledException) when (InnerReadExpired(cancellationToken))
            {
                // The client stalled mid-body for the idle timeout (ERR-408): the body read fails and the
                // pipeline answers 408. A failed read, as for a malformed body: an early end of input is
                // Kestrel's "client left", which aborts the response (the 408 lost, the client reset).
                // The pending read fails as "aborted", the one failure after which Kestrel's body reader leaves its reading
                // state; later reads (Kestrel's drain) get the 408 itself, at once (see ReadAsync).
                RenewTimeout();
                _current!.BodyTimedOut = true;
                End();
                _bodyFailure = new Microsoft.AspNetCore.Http.BadHttpRequestException("The client sent no data for the idle timeout mid-body.", Microsoft.AspNetCore.Http.StatusCodes.Status408RequestTimeout);
                throw new Microsoft.AspNetCore.Connections.ConnectionAbortedException(_bodyFailure.Message, _bodyFailure);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not Microsoft.AspNetCore.Connections.ConnectionAbortedException)
            {
                // The reader gave up on the read (the forwarder's own idle timer, a client abort): "aborted" as well, so that
                // Kestrel's body reader leaves its reading state and its drain does not log an error with a stack trace.
                throw new Microsoft.AspNetCore.Connections.ConnectionAbortedException(e.Message, e);
            }
            finally
            {
                DisarmInnerRead();
            }
        }

        return Present(body);
    }

    /// <summary>
    /// Reads until a complete head has passed the wire checks and presents it; the end of input when the connection
    /// is to end. It awaits the socket itself (no nested async read), so an idle connection holds only this state machine.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ReadHeadAsync(CancellationToken cancellationToken)
    {
        _presentedFromLength = 0;
        while (true)
        {
            ReadResult result;
            var expired = false;
            // Nothing of the next request received yet: waiting longer than the park delay parks the connection.
            var parkable = _presentedFromLength == 0 && CanPark;
            try
            {
                result = await _inner.ReadAsync(ArmInnerRead(cancellationToken, parkable));
            }
            catch (OperationCanceledException) when (InnerReadCancelledEarly(cancellationToken))
            {
                RenewTimeout();
                continue;
            }
            catch (OperationCanceledException) when (InnerReadExpired(cancellationToken))
            {
                RenewTimeout();
                result = default;
                expired = true;
            }
            finally
            {
                DisarmInnerRead();
            }

            if (expired && parkable && _time.GetElapsedTime(Volatile.Read(ref _readStarted)) < _idleTimeout)
            {
                // Idle for the park delay between requests: Kestrel's HTTP layer ends here (the end of input, as if the
                // client had left); Http1FrontEnd keeps the connection and ResumeAsync waits for the client.
                _frontEnd.Park();
                return End();
            }

            if (expired)
            {
                // Idle timeout with nothing or part of a request received (ERR-408 / ERR-TMO-1).
                var partial = _presentedFromLength > 0;
                if (partial)
                {
                    await RejectAsync(WireHeadStage.TimedOut, _presentedFromLength);
                }

                return End();
            }

            var buffer = result.Buffer;
            _presentedFromLength = buffer.Length;
            if (buffer.IsEmpty && result.IsCompleted)
            {
                return End();
            }

            var status = RequestHeadScanner.Scan(buffer, out var headLength, out var limitError);
            switch (status)
            {
                case HeadScanStatus.NeedMoreData:
                    if (result.IsCompleted || (result.IsCanceled && buffer.IsEmpty))
                    {
                        _inner.AdvanceTo(buffer.Start, buffer.End);
                        return End();
                    }

                    // Each byte restarts the idle timer (ERR-408) and a head completed that way is processed.
                    // Kestrel has seen nothing of this head, so its keep-alive timer cancels the read as if
                    // the connection were idle: with part of a head received, that cancellation is ignored
                    // (the idle timeout above still ends a stalled head with 408; server shutdown aborts).
                    _inner.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                case HeadScanStatus.Http2Preface or HeadScanStatus.LimitExceeded:
                    _inner.AdvanceTo(buffer.End);
                    await RejectAsync(WireHead.StageOf(status, limitError), buffer.Length);
                    return End();
            }

            var decision = AdmitHead(buffer, headLength, out var rejection, out var request, out var rawTarget);
            if (rejection is { } rejected)
            {
                _inner.AdvanceTo(buffer.End);
                await _frontEnd.RejectAsync(rejected, request, rejected.Error == AlbError.BadRequest ? buffer.Length : headLength);
                return End();
            }

            _bodyStart = _position + headLength;
            _endAfterPresented = false;
            _lastSliceStalled = false;
            _lastSliceTruncated = false;
            var framing = decision.Framing;
            _chunked = framing.Kind == BodyFramingKind.Chunked;
            _chunkScanner = default;
            _scanned = _bodyStart;
            _messageEnd = framing.Kind switch
            {
                BodyFramingKind.ContentLength => _bodyStart + (long)Math.Min(framing.Length, long.MaxValue / 2),
                BodyFramingKind.Chunked => Unbounded,
                _ => _bodyStart,
            };
            _current = new WireRequest
            {
                HeadBytes = headLength,
                RawTarget = rawTarget!,
                Classification = decision.Classification.Classification,
                ClassificationReason = decision.Classification.Reason,
                CloseConnectionsAfterResponse = decision.Action == DesyncAction.ForwardThenClose,
            };
            _current.BodyComplete = _messageEnd == _bodyStart;
            _frontEnd.Connection.CurrentWireRequest = _current;
            if (decision.NormalisedHead is { } normalised)
            {
                // Kestrel parses the normalised head; the raw head is consumed from the socket.
                _inner.AdvanceTo(buffer.GetPosition(headLength), buffer.GetPosition(headLength));
                _position += headLength;
                _rewritten = new ReadOnlySequence<byte>(normalised);
                return new ReadResult(_rewritten.Value, false, false);
            }

            return Present(result);
        }
    }

    /// <summary>A rejection of a head that never completed (nothing of its request line is known).</summary>
    private ValueTask RejectAsync(WireHeadStage stage, long headBytes) =>
        _frontEnd.RejectAsync(WireAdmission.Admit(WireHead.Incomplete(stage), _frontEnd.Admission).Rejection, HeadVerdict.Unparsed, headBytes);

    /// <summary>
    /// Parses the complete head once (<see cref="WireHead"/>) and admits it (<see cref="WireAdmission.Admit"/>, pure);
    /// an admitted chunked request whose body bytes already received are malformed is rejected too (body framing,
    /// 400 and close before Kestrel sees it). The request's description for the log is made only for a rejection.
    /// </summary>
    private AdmissionDecision AdmitHead(in ReadOnlySequence<byte> buffer, long headLength, out WireRejection? rejection, out HeadVerdict request, out string? rawTarget)
    {
        var headBytes = buffer.Slice(0, headLength);
        using var head = WireHead.Parse(headBytes.IsSingleSegment ? headBytes.FirstSpan : headBytes.ToArray());
        var decision = WireAdmission.Admit(head, _frontEnd.Admission);
        rejection = !decision.Admitted
            ? decision.Rejection
            : decision.Framing.Kind == BodyFramingKind.Chunked && buffer.Length > headLength && ChunkedPrefixIsMalformed(buffer.Slice(headLength))
                ? new WireRejection(AlbError.BadRequest, "chunked body framing", "The chunked body received with the head is malformed.", decision.Classification)
                : null;
        request = rejection is null ? default : head.Describe();
        rawTarget = rejection is null ? head.RawTargetString() : null;
        return decision;
    }

    private long _presentedFromLength;
    private bool _endAfterPresented;       // the presented slice ends at malformed framing: end the input next
    private bool _lastSliceTruncated;      // the presented slice stopped at the message end with more bytes behind it
    private SequencePosition _lastSliceEnd;
    private bool _lastSliceStalled;        // Kestrel examined all of a truncated slice without finishing the message

    private static bool ChunkedPrefixIsMalformed(in ReadOnlySequence<byte> body)
    {
        var probe = default(ChunkedBodyScanner);
        foreach (var segment in body)
        {
            probe.Scan(segment.Span);
            if (probe.IsDone || probe.IsInvalid)
            {
                break;
            }
        }

        return probe.IsInvalid;
    }

    /// <summary>Slices the inner buffer so Kestrel sees nothing past the current message.</summary>
    private ReadResult Present(ReadResult result)
    {
        if (_rewritten is { } rewritten && result.Buffer.Start.Equals(rewritten.Start))
        {
            return result;
        }

        var buffer = result.Buffer;
        _presentedFrom = buffer;
        if (_chunked && _messageEnd == Unbounded)
        {
            var skip = _scanned - _position;
            if (skip < buffer.Length)
            {
                foreach (var segment in buffer.Slice(skip))
                {
                    var used = _chunkScanner.Scan(segment.Span);
                    _scanned += used;
                    if (_chunkScanner.IsDone || _chunkScanner.IsInvalid)
                    {
                        _messageEnd = _scanned;
                        _endAfterPresented = _chunkScanner.IsInvalid;
                        break;
                    }
                }
            }
        }

        var available = _messageEnd == Unbounded ? buffer.Length : Math.Min(buffer.Length, _messageEnd - _position);
        var slice = available == buffer.Length ? buffer : buffer.Slice(0, available);
        var completed = result.IsCompleted && available == buffer.Length;
        _lastSliceTruncated = available < buffer.Length;
        _lastSliceEnd = slice.End;
        return new ReadResult(slice, result.IsCanceled, completed);
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_rewritten is { } rewritten)
        {
            // Kestrel reads the normalised head in one piece; what it did not consume is offered again.
            var rest = rewritten.Slice(consumed);
            _rewritten = rest.IsEmpty ? null : rest;
            return;
        }

        if (_ended || _presentedFrom.IsEmpty)
        {
            // Kestrel acknowledging the synthetic end of input: nothing was taken from the socket.
            return;
        }

        // Kestrel looked at everything of a chunked body it was offered, the offer stopped at the message end,
        // and the message is not finished: it needs bytes the framing does not allow. Offering the same bytes again would spin.
        _lastSliceStalled = _chunked && _lastSliceTruncated && examined.Equals(_lastSliceEnd) && !consumed.Equals(_lastSliceEnd);
        var consumedBytes = _presentedFrom.Slice(_presentedFrom.Start, consumed).Length;
        _position += consumedBytes;
        if (_current is not null && _position > _bodyStart)
        {
            _current.BodyBytes = _position - _bodyStart;
        }

        _inner.AdvanceTo(consumed, examined);
        if (_messageEnd != Unbounded && _messageEnd != NoMessage && _position >= _messageEnd && !_endAfterPresented)
        {
            _messageEnd = NoMessage;
            if (_current is not null)
            {
                _current.BodyComplete = true;
            }
        }
    }

    /// <summary>
    /// Starts one read from the connection bounded by the idle timeout and gives the token to read with. Every
    /// <see cref="ArmInnerRead"/> is followed by <see cref="DisarmInnerRead"/> (a finally); a read cancelled for which
    /// <see cref="InnerReadExpired"/> holds timed out. The read's deadline is a field: the timer stays armed across reads
    /// and requests (<see cref="OnTimer"/>), so a read changes no timer. A parkable read (<paramref name="parkable"/>: a
    /// wait for a new head, nothing of it received) ends at the park delay; the timer is moved earlier only when it was
    /// last armed for longer than that (for a body read or the rest of the idle timeout after a park), not on a busy
    /// connection: at most once each time the timer fires.
    /// </summary>
    private CancellationToken ArmInnerRead(CancellationToken cancellationToken, bool parkable = false)
    {
        if (_current is { Upgraded: true })
        {
            // A WebSocket tunnel: data in either direction is activity, so the idle timeout is the
            // forwarder's (ActivityTimeout over both copies), not this reader's.
            _timing = false;
            return cancellationToken;
        }

        if (_timeout.IsCancellationRequested)
        {
            // The timer fired as the previous read ended.
            RenewTimeout();
        }

        var limit = parkable ? _parkDelay : _idleTimeout;
        _readLimit = limit; // before the start it is measured from: OnTimer reads the start first
        Volatile.Write(ref _readStarted, _time.GetTimestamp());
        _timing = true;
        if (Interlocked.CompareExchange(ref _timerArmed, 1, 0) == 0 || (parkable && Volatile.Read(ref _timerBeyondParkDelay)))
        {
            ArmTimer(limit);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
            return _linked.Token;
        }

        return _timeout.Token;
    }

    /// <summary>
    /// The idle timer fired: with no read in progress it stops (the next read arms it again); with a read in progress
    /// for less than the idle timeout it waits for the rest; otherwise that read is cancelled.
    /// </summary>
    private void OnTimer()
    {
        if (!_timing)
        {
            // Between reads (Kestrel handling a request): stop, unless a read began meanwhile and found the timer armed.
            Interlocked.Exchange(ref _timerArmed, 0);
            if (!_timing || Interlocked.CompareExchange(ref _timerArmed, 1, 0) != 0)
            {
                return;
            }
        }

        var started = Volatile.Read(ref _readStarted);
        var left = _readLimit - _time.GetElapsedTime(started);
        if (left > TimeSpan.Zero)
        {
            ArmTimer(left);
            return;
        }

        // The timer is re-armed by the next read. A read that ended just now and the next one that began may see this
        // cancellation: InnerReadExpired tells that from a real expiry by the deadline.
        Interlocked.Exchange(ref _timerArmed, 0);
        _timeout.Cancel();
    }

    private void ArmTimer(TimeSpan dueIn)
    {
        Volatile.Write(ref _timerBeyondParkDelay, dueIn > _parkDelay);
        try
        {
            _timer.Change(dueIn, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection ended meanwhile.
        }
    }

    /// <summary>The read was cancelled by its deadline (the idle timeout, or the park delay of a parkable read), not by its caller.</summary>
    private bool InnerReadExpired(CancellationToken cancellationToken) =>
        CancelledByTimer(cancellationToken) && _time.GetElapsedTime(Volatile.Read(ref _readStarted)) >= _readLimit;

    /// <summary>
    /// The timer's cancellation was meant for the read before (it fired as that read completed at its deadline) and
    /// caught this one: no expiry; the caller renews the timeout and reads again.
    /// </summary>
    private bool InnerReadCancelledEarly(CancellationToken cancellationToken) =>
        CancelledByTimer(cancellationToken) && _time.GetElapsedTime(Volatile.Read(ref _readStarted)) < _readLimit;

    private bool CancelledByTimer(CancellationToken cancellationToken) =>
        _timing && _timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested;

    /// <summary>A fired timeout cannot be reset: the next read gets a new one.</summary>
    private void RenewTimeout()
    {
        // Not disposed: it holds no timer, and the timer thread may still be running its Cancel.
        _timeout = new CancellationTokenSource();
    }

    private void DisarmInnerRead()
    {
        if (_linked is { } linked)
        {
            _linked = null;
            linked.Dispose();
        }

        _timing = false;
    }

    public override bool TryRead(out ReadResult result)
    {
        // Kestrel's HTTP/1.x parser only uses ReadAsync for the transport; a synchronous read would
        // bypass the wire checks, so report no data and let it fall back to ReadAsync.
        result = default;
        return false;
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    /// <summary>
    /// While the connection is parked (<see cref="Http1FrontEnd.Parked"/>): waits on the connection until the client sends
    /// again (true: the bytes stay unread, for the next Kestrel HTTP layer to read through this reader), or until the
    /// connection is to end (false): the idle timeout measured from the end of the last request (the start of the wait
    /// that parked; a silent close, ERR-TMO-1, as without parking), the client closing, or <paramref name="closeRequested"/>
    /// (host stop, listener removed). The idle timer is the reader's own, armed for the rest of the idle timeout.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ResumeAsync(CancellationToken closeRequested)
    {
        using var stop = closeRequested.UnsafeRegister(static s => ((PipeReader)s!).CancelPendingRead(), _inner);
        while (true)
        {
            var left = _idleTimeout - _time.GetElapsedTime(Volatile.Read(ref _readStarted));
            if (left <= TimeSpan.Zero || closeRequested.IsCancellationRequested)
            {
                return Unpark(false);
            }

            if (_timeout.IsCancellationRequested)
            {
                RenewTimeout();
            }

            _readLimit = _idleTimeout; // measured from the same start: the wait that parked
            _timing = true;
            Interlocked.Exchange(ref _timerArmed, 1);
            ArmTimer(left);
            ReadResult result;
            try
            {
                result = await _inner.ReadAsync(_timeout.Token);
            }
            catch (OperationCanceledException) when (InnerReadCancelledEarly(default))
            {
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
            {
                // The idle timeout (a silent close), an abort (host stop), a reset, or a transport already completed.
                return Unpark(false);
            }
            finally
            {
                _timing = false;
            }

            if (!result.Buffer.IsEmpty)
            {
                // Left unread and unexamined: the next read (Kestrel's new HTTP layer, through ReadHeadAsync) returns it at once.
                _inner.AdvanceTo(result.Buffer.Start);
                _ended = false;
                _presentedFrom = default;
                return Unpark(true);
            }

            _inner.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                return Unpark(false);
            }
        }
    }

    private bool Unpark(bool resumed)
    {
        _frontEnd.Unpark();
        return resumed;
    }

    /// <summary>The connection has ended (Http1FrontEnd): the idle timer stops, so nothing keeps the connection's objects alive.</summary>
    public void ConnectionEnded()
    {
        _timing = false;
        _timer.Dispose();
    }

    public override void Complete(Exception? exception = null)
    {
        if (_frontEnd.Parked)
        {
            // Kestrel's HTTP layer leaving a parked connection: the connection stays open.
            return;
        }

        _timing = false;
        _timer.Dispose();
        _inner.Complete(exception);
    }
}
