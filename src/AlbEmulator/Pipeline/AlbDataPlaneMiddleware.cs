using System.Diagnostics;
using AlbEmulator.AccessLogs;
using AlbEmulator.Headers;
using AlbEmulator.Listeners;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Pipeline;

/// <summary>
/// The terminal middleware of every ALB listener: takes the request's snapshot and connection facts into an
/// <see cref="AlbRequestState"/>, runs the <see cref="RequestLifecycle"/>, and hands the finished request to
/// the access log. No endpoint routing on the hot path.
/// </summary>
public sealed partial class AlbDataPlaneMiddleware
{
    private readonly AlbRuntime _runtime;
    private readonly RequestLifecycle _lifecycle;
    private readonly RequestRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly Func<object, Task> _completeHttp1;
    private readonly Func<object, Task> _completeHttp2;

    public AlbDataPlaneMiddleware(RequestDelegate next, AlbRuntime runtime, RequestLifecycle lifecycle, RequestRecorder recorder, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(next);
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        _lifecycle = lifecycle ?? throw new ArgumentNullException(nameof(lifecycle));
        _recorder = recorder ?? throw new ArgumentNullException(nameof(recorder));
        _time = time ?? throw new ArgumentNullException(nameof(time));

        // Created once: the per-request argument is the HttpContext itself, so no closure per request.
        _completeHttp1 = CompleteHttp1;
        _completeHttp2 = CompleteHttp2;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var connection = context.Features.GetRequiredFeature<IAlbConnectionFeature>().Connection;
        var now = _time.GetUtcNow();
        var state = new AlbRequestState(connection, _runtime.Current.LoadBalancerOf(connection), now.UtcDateTime, Stopwatch.GetTimestamp());
        context.Features.Set<IAlbRequestFeature>(state);
        Interlocked.Increment(ref connection.RequestCount);
        ConnectionLifetime.Apply(context, connection, state.LoadBalancer.Settings, state.ReceivedUtc);
        var wire = HttpProtocol.IsHttp2(context.Request.Protocol) ? null : connection.CurrentWireRequest;
        if (wire is not null)
        {
            state.Wire = wire;
            state.SentBytesAtStart = connection.WireOutput?.BytesWritten ?? 0;
            state.Classification = wire.Classification;
            state.ClassificationReason = wire.ClassificationReason;
            if (wire.CloseConnectionsAfterResponse)
            {
                state.CloseConnectionsAfterResponse = true;
                context.Response.OnStarting(static c =>
                {
                    ((HttpContext)c).Response.Headers.Connection = "close";
                    return Task.CompletedTask;
                }, context);
            }
        }

        if (state.Listener.HeaderAttributes.ModifiesResponses)
        {
            context.Response.OnStarting(ListenerHeaders.OnResponseStarting, context); // LST-51
        }

        SignalUpgrade(context, wire);
        try
        {
            var headers = context.Request.Headers;
            var incomingTraceId = headers[TraceIdHeader.HeaderName];
            state.TraceId = TraceIdHeader.Process(incomingTraceId, now.ToUnixTimeSeconds(), incomingTraceId.Count > 0 && TraceIdHeader.ExceedsPropagationLimit(headers));
            await _lifecycle.RunAsync(context, state);
        }
        finally
        {
            if (wire is not null && connection.WireOutput is not null)
            {
                // On HTTP/1.x the bytes are counted on the wire; the entry is built once the response (and any
                // request body Kestrel drains) is complete.
                context.Response.OnCompleted(_completeHttp1, context);
            }
            else if (wire is null && connection.Http2Output is not null && context.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttp2StreamIdFeature>() is not null)
            {
                // On HTTP/2 sent_bytes are the stream's frames on the wire: the entry is built once the stream's
                // last frame has gone out.
                context.Response.OnCompleted(_completeHttp2, context);
            }
            else
            {
                _recorder.Complete(context, state);
            }
        }
    }

    private Task CompleteHttp1(object argument)
    {
        var context = (HttpContext)argument;
        var state = context.Features.GetRequiredFeature<IAlbRequestFeature>().State;
        var wire = state.Wire!;
        state.ReceivedBytes = wire.HeadBytes + wire.BodyBytes;
        state.SentBytes = state.Connection.WireOutput!.BytesWritten - state.SentBytesAtStart;
        _recorder.Complete(context, state);
        return Task.CompletedTask;
    }

    // The stream's last frame (an empty DATA frame with END_STREAM) may only be written after OnCompleted has returned,
    // and under load it usually is, so OnCompleted never waits for it: the entry is built from the context now and
    // finished (sent_bytes, time) when the last frame has gone out, by the frame counter on the writing thread (no
    // task, no thread-pool hop), or here at once when the frames are already out.
    private Task CompleteHttp2(object argument)
    {
        var context = (HttpContext)argument;
        var state = context.Features.GetRequiredFeature<IAlbRequestFeature>().State;
        var streamId = context.Features.GetRequiredFeature<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttp2StreamIdFeature>().StreamId;
        // Built (and counted as pending) before the counter can call it from the writing thread. sent_bytes is the
        // counter's, never the estimate from the response (0 until then).
        state.SentBytes = 0;
        var pending = new PendingHttp2Entry(_recorder, state, AccessLogEntry.From(context, state, _recorder.UtcNow));
        _recorder.BeginPending();
        if (state.Connection.Http2Output!.TryGetSentBytes(streamId, state.LoadBalancer.Settings.IdleTimeout, pending, out var bytes))
        {
            pending.StreamEnded(bytes);
        }

        return Task.CompletedTask;
    }

    /// <summary>An HTTP/2 request's entry waiting for its stream's last frame (<see cref="Listeners.Http2.Http2OutputCounter"/>).</summary>
    private sealed class PendingHttp2Entry(RequestRecorder recorder, AlbRequestState state, AccessLogEntry entry) : Listeners.Http2.IHttp2StreamEndObserver
    {
        public void StreamEnded(long sentBytes)
        {
            try
            {
                state.SentBytes = sentBytes;
                recorder.Complete(entry with { ResponseTimeUtc = recorder.UtcNow, Outcome = entry.Outcome with { SentBytes = sentBytes } });
            }
            finally
            {
                recorder.EndPending();
            }
        }
    }
}
