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
    private readonly AccessLogWriter _accessLog;
    private readonly TimeProvider _time;

    public AlbDataPlaneMiddleware(RequestDelegate next, AlbRuntime runtime, RequestLifecycle lifecycle, AccessLogWriter accessLog, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(next);
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        _lifecycle = lifecycle ?? throw new ArgumentNullException(nameof(lifecycle));
        _accessLog = accessLog ?? throw new ArgumentNullException(nameof(accessLog));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var connection = context.Features.GetRequiredFeature<IAlbConnectionFeature>().Connection;
        var now = _time.GetUtcNow();
        var state = new AlbRequestState(connection, _runtime.Current, now.UtcDateTime, Stopwatch.GetTimestamp());
        context.Features.Set<IAlbRequestFeature>(state);
        Interlocked.Increment(ref connection.RequestCount);
        ConnectionLifetime.Apply(context, connection, state.LoadBalancer.Settings, state.ReceivedUtc);
        var wire = HttpProtocol.IsHttp2(context.Request.Protocol) ? null : connection.CurrentWireRequest;
        var sentAtStart = connection.WireOutput?.BytesWritten ?? 0;
        if (wire is not null)
        {
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
            var output = wire is null ? null : connection.WireOutput;
            if (output is null)
            {
                if (connection.Http2Output is { } frames && context.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttp2StreamIdFeature>() is { } stream)
                {
                    // On HTTP/2 sent_bytes are the stream's frames on the wire: the line is written once
                    // the stream's last frame has gone out.
                    state.PendingAccessLog = _accessLog;
                    state.PendingContext = context;
                    state.PendingFrames = frames;
                    state.PendingStreamId = stream.StreamId;
                    context.Response.OnCompleted(WriteHttp2AccessLogOnCompleted, state);
                }
                else
                {
                    _accessLog.Write(context, state);
                }
            }
            else
            {
                // On HTTP/1.x the bytes are counted on the wire; the line is written once the response
                // (and any request body Kestrel drains) is complete.
                // A static callback with the state as its argument: no closure per request.
                state.PendingAccessLog = _accessLog;
                state.PendingContext = context;
                state.PendingWire = wire;
                state.PendingOutput = output;
                state.PendingSentAtStart = sentAtStart;
                context.Response.OnCompleted(WriteAccessLogOnCompleted, state);
            }
        }
    }

    private static readonly Func<object, Task> WriteAccessLogOnCompleted = static s =>
    {
        var state = (AlbRequestState)s;
        var wire = state.PendingWire!;
        state.ReceivedBytes = wire.HeadBytes + wire.BodyBytes;
        state.SentBytes = state.PendingOutput!.BytesWritten - state.PendingSentAtStart;
        var context = state.PendingContext!;
        var accessLog = state.PendingAccessLog!;
        state.PendingContext = null;
        accessLog.Write(context, state);
        return Task.CompletedTask;
    };

    // The stream's frames are usually all written by the time Kestrel runs OnCompleted: then the line is
    // written at once, with no task and no timer. The context stays valid until the returned task completes.
    private static readonly Func<object, Task> WriteHttp2AccessLogOnCompleted = static s =>
    {
        var state = (AlbRequestState)s;
        var frames = state.PendingFrames!;
        var ended = frames.WhenEnded(state.PendingStreamId, state.LoadBalancer.Settings.IdleTimeout, out var bytes);
        if (ended is null)
        {
            state.SentBytes = bytes;
            WritePendingAccessLog(state);
            return Task.CompletedTask;
        }

        return WriteWhenEndedAsync(ended, state);

        static async Task WriteWhenEndedAsync(Task ended, AlbRequestState state)
        {
            await ended.ConfigureAwait(false);
            state.SentBytes = state.PendingFrames!.Collect(state.PendingStreamId);
            WritePendingAccessLog(state);
        }
    };

    private static void WritePendingAccessLog(AlbRequestState state)
    {
        var context = state.PendingContext!;
        var accessLog = state.PendingAccessLog!;
        state.PendingContext = null;
        state.PendingFrames = null;
        accessLog.Write(context, state);
    }
}
