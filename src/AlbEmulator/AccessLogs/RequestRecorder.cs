using AlbEmulator.Metrics;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// The end of every request: builds its <see cref="AccessLogEntry"/> once and hands the same entry to the metrics
/// (<see cref="RequestMetricsRecorder"/>) and to the access log (<see cref="AccessLogWriter"/>). Pipeline requests,
/// requests rejected on the wire and HTTP/2 connections ended with GOAWAY all end here.
/// </summary>
public sealed class RequestRecorder
{
    private readonly AccessLogWriter _accessLog;
    private readonly RequestMetricsRecorder? _metrics;
    private readonly TimeProvider _time;
    private readonly WebConsole.RequestTrail? _trail;
    private int _pending;
    private volatile TaskCompletionSource? _drained;

    public RequestRecorder(AccessLogWriter accessLog, RequestMetricsRecorder? metrics, TimeProvider time, WebConsole.RequestTrail? trail = null)
    {
        _accessLog = accessLog;
        _metrics = metrics;
        _time = time;
        _trail = trail;
    }

    /// <summary>The access log the entries go to.</summary>
    public AccessLogWriter AccessLog => _accessLog;

    /// <summary>When a request ends now (access-log <c>time</c>).</summary>
    public DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    /// <summary>A request Kestrel parsed has ended.</summary>
    public void Complete(HttpContext context, AlbRequestState state) => Complete(AccessLogEntry.From(context, state, UtcNow));

    /// <summary>
    /// A request rejected on the wire (HTTP/1.x wire admission, <c>Listeners/Http1</c>) has ended: the one call from
    /// the wire reject path. <paramref name="check"/> and <paramref name="reason"/> are the admission decision's trail
    /// (which check of <c>AlbCheckOrder.Wire</c> rejected the head, and why); the request explorer keeps them with the
    /// entry (pipeline requests reach it from <c>RequestLifecycle</c> instead).
    /// </summary>
    public void CompleteWireRejection(AccessLogEntry entry, string check, string reason)
    {
        Complete(entry);
        _trail?.RecordWireRejection(entry, check, reason);
    }

    public void Complete(AccessLogEntry entry)
    {
        _metrics?.Record(entry);
        _accessLog.Write(entry);
    }

    /// <summary>
    /// An entry is built but finished later (an HTTP/2 stream whose last frame Kestrel writes after OnCompleted has
    /// returned): <see cref="DrainAsync"/> waits for it, so a stopping emulator never drops its line.
    /// </summary>
    public void BeginPending() => Interlocked.Increment(ref _pending);

    /// <summary>A pending entry (<see cref="BeginPending"/>) has been completed.</summary>
    public void EndPending()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _drained?.TrySetResult();
        }
    }

    /// <summary>At stop, after the listeners have closed their connections: waits (bounded) for the pending entries.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _drained = drained;
        if (Volatile.Read(ref _pending) == 0)
        {
            return;
        }

        try
        {
            await drained.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Bounded: a stop never hangs on an entry whose connection did not end.
        }
    }
}
