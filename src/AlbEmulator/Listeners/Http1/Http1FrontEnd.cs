using System.IO.Pipelines;
using AlbEmulator.Errors;
using AlbEmulator.Model;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace AlbEmulator.Listeners.Http1;

/// <summary>
/// The HTTP/1.x front end of a listener: a connection middleware that puts <see cref="Http1InputReader"/>
/// between the socket (or TLS stream) and Kestrel, so that AlbEmulator sees every request as it arrived
/// on the wire and answers the wire-level ALB errors itself (505, 414, 400, 408, 501) before Kestrel
/// could answer with its own format. HTTP/2 connections (ALPN h2) are not touched.
/// <para>
/// Idle keep-alive connections are parked: once nothing of a next request has arrived for <see cref="ParkDelay"/>,
/// the input reader ends Kestrel's input between requests, Kestrel's HTTP layer for the connection (its
/// <c>HttpConnection</c>, <c>Http1Connection</c>, headers, output producer, timeout control) returns and is collected,
/// and <see cref="ServeAsync"/> waits on the socket with only this front end, the reader and the writer. When the client
/// sends again it calls Kestrel's HTTP layer again for the same connection. Nothing changes on the wire: the socket and
/// TLS session stay open, the idle timeout still closes silently measured from the end of the last request, and host
/// stop closes a parked connection at once (docs/architecture.md, "Idle connections").
/// </para>
/// </summary>
internal sealed class Http1FrontEnd
{
    /// <summary>
    /// How long a connection waits for its next request before it is parked. Long enough that a busy keep-alive
    /// connection (the next request within milliseconds) never parks, so the request path pays nothing; short enough
    /// that a connection held open by an idle client gives Kestrel's per-connection objects back within a second.
    /// A client that sends one request per second or less has Kestrel's HTTP layer built again for each.
    /// </summary>
    public static readonly TimeSpan ParkDelay = TimeSpan.FromSeconds(1);

    private readonly ConnectionContext _context;
    private readonly IDuplexPipe _transport;
    private readonly WireRejectionHandler _rejections;
    private readonly TimeProvider _time;

    private Http1FrontEnd(ConnectionContext context, AlbConnection connection, WireRejectionHandler rejections, TimeProvider time)
    {
        _context = context;
        _transport = context.Transport;
        Connection = connection;
        _rejections = rejections;
        _time = time;
    }

    public AlbConnection Connection { get; }

    /// <summary><c>routing.http.desync_mitigation_mode</c> of the load balancer (DSY-1).</summary>
    public DesyncMitigationMode DesyncMode { get; private init; }

    /// <summary>What wire admission needs from the load balancer besides the head.</summary>
    public WireAdmissionSettings Admission => new(DesyncMode);

    /// <summary>Connections parked since the process started (diagnostics and tests).</summary>
    internal static long ParkCount;

    /// <summary>Kestrel's HTTP layer has ended for this connection, which waits for the client's next request (<see cref="ServeAsync"/>).</summary>
    public bool Parked { get; private set; }

    /// <summary>The input reader ends Kestrel's input to park the connection.</summary>
    internal void Park()
    {
        Parked = true;
        Interlocked.Increment(ref ParkCount);
    }

    /// <summary>The connection resumes (the client sent again) or ends.</summary>
    internal void Unpark() => Parked = false;

    public static Task RunAsync(ConnectionContext context, ConnectionDelegate next, LoadBalancerModel loadBalancer, WireRejectionHandler rejections, TimeProvider time, TimeSpan? parkDelay = null)
    {
        var connection = context.Features.Get<IAlbConnectionFeature>()?.Connection;
        var alpn = context.Features.Get<ISslStreamFeature>()?.SslStream.NegotiatedApplicationProtocol;
        if (connection is null || alpn == System.Net.Security.SslApplicationProtocol.Http2)
        {
            if (connection is not null)
            {
                // HTTP/2: frames are only counted per stream (sent_bytes on the wire).
                var counter = new Http2.Http2OutputCounter(context.Transport.Output);
                connection.Http2Output = counter;
                // ALB's limits on header blocks and control-frame floods (H2-3): GOAWAY, then FIN.
                // A request beyond the connection's 10,000 (H2-3) is held back and the connection closed gracefully.
                var lifetime = context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionLifetimeNotificationFeature>();
                var guard = new Http2.Http2InputGuard(
                    context.Transport.Input,
                    (what, received) => rejections.LogHttp2Violation(connection, what, received),
                    lifetime is null ? null : lifetime.RequestClose);
                // ALB's idle timeout, which PING frames do not reset (ERR-TMO-1, H2-5); ended with the counter.
                counter.Idle = guard.Idle = lifetime is null ? null : new Http2.Http2IdleTimeout(loadBalancer.Settings.IdleTimeout, time, lifetime.RequestClose);
                context.Transport = new DuplexPipe(guard, counter);
                return RunHttp2Async(context, next, counter);
            }

            return next(context);
        }

        var frontEnd = new Http1FrontEnd(context, connection, rejections, time) { DesyncMode = loadBalancer.Settings.DesyncMitigationMode };
        var input = new Http1InputReader(context.Transport.Input, frontEnd, time, loadBalancer.Settings.IdleTimeout, parkDelay ?? ParkDelay);
        var output = new Http1OutputWriter(context.Transport.Output, frontEnd);
        connection.WireOutput = output;
        context.Transport = new DuplexPipe(input, output);
        return frontEnd.ServeAsync(context, next, input);
    }

    /// <summary>
    /// Runs Kestrel's HTTP layer on the connection, again after each park. Kestrel's per-connection registrations are
    /// kept from piling up across cycles: its heartbeat keeps every handler for the connection's life, so the one
    /// HTTP layer in use gets one <see cref="HeartbeatSlot"/>; its metrics protocol tags are added by each HTTP layer.
    /// </summary>
    private async Task ServeAsync(ConnectionContext context, ConnectionDelegate next, Http1InputReader input)
    {
        // Only where a park can happen (an idle timeout longer than the park delay): the slot is registered for good.
        var heartbeat = input.CanPark ? HeartbeatSlot.Install(context.Features) : null;
        var closeRequested = context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? default;
        try
        {
            while (true)
            {
                await next(context);
                if (!Parked)
                {
                    return;
                }

                heartbeat?.Clear();
                if (!await input.ResumeAsync(closeRequested))
                {
                    return;
                }

                ForgetProtocolTags(context.Features);
            }
        }
        finally
        {
            // Kestrel does not complete the transport it was given, so the reader's idle timer would stay armed (and keep
            // the connection's objects alive) until it fired, up to the idle timeout after the connection closed.
            input.ConnectionEnded();
        }
    }

    /// <summary>Kestrel's HTTP layer tags the connection's duration metric with the protocol each time it starts; the next one adds them again.</summary>
    private static void ForgetProtocolTags(Microsoft.AspNetCore.Http.Features.IFeatureCollection features)
    {
        if (features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionMetricsTagsFeature>()?.Tags is not { Count: > 0 } tags)
        {
            return;
        }

        foreach (var tag in tags.Where(static t => t.Key is "network.protocol.name" or "network.protocol.version").ToArray())
        {
            tags.Remove(tag);
        }
    }

    // Kestrel does not always complete the output pipe it was given when an HTTP/2 connection ends (a client that
    // closes before the last frame of a stream went out): the counter's waiters are released when the connection is done.
    private static async Task RunHttp2Async(ConnectionContext context, ConnectionDelegate next, Http2.Http2OutputCounter counter)
    {
        try
        {
            await next(context);
        }
        finally
        {
            counter.ConnectionEnded();
        }
    }

    /// <summary>The one wire reject path: answers a wire admission's rejection and records it; the connection is closed afterwards.</summary>
    public async ValueTask RejectAsync(WireRejection rejection, HeadVerdict request, long headBytes)
    {
        var error = rejection.Error;
        var descriptor = AlbErrorCatalog.Get(error);
        var headRequest = request is { RequestLineParsed: true, Method: "HEAD" };
        var diagnostic = _rejections.Diagnostic(error, request);
        // Every wire rejection closes the connection (the rest of the stream cannot be trusted).
        var bytes = AlbResponseWriter.FormatHttp1(AlbResponseWriter.ForError(error) with { CloseConnection = true }, _time.GetUtcNow(), headRequest, _rejections.DiagnosticsEnabled ? diagnostic : null, Connection.Listener.HeaderAttributes);

        // Recorded (access log, metrics, request explorer) before the answer goes out: a client that has read it finds
        // the rejection there, ahead of whatever it sends next (docs/console.md).
        _rejections.Log(Connection, rejection, request, headBytes, descriptor.SendsResponse ? bytes.Length : 0, diagnostic);
        if (descriptor.SendsResponse)
        {
            try
            {
                await _transport.Output.WriteAsync(bytes);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ConnectionResetException)
            {
                // The client is gone; the rejection is already logged.
            }
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
