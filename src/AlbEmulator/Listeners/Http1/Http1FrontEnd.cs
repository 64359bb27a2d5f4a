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
/// </summary>
internal sealed class Http1FrontEnd
{
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

    public static Task RunAsync(ConnectionContext context, ConnectionDelegate next, LoadBalancerModel loadBalancer, WireRejectionHandler rejections, TimeProvider time)
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
        var input = new Http1InputReader(context.Transport.Input, frontEnd, time, loadBalancer.Settings.IdleTimeout);
        var output = new Http1OutputWriter(context.Transport.Output);
        connection.WireOutput = output;
        context.Transport = new DuplexPipe(input, output);
        return next(context);
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
        if (descriptor.SendsResponse)
        {
            try
            {
                await _transport.Output.WriteAsync(bytes);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ConnectionResetException)
            {
                // The client is gone; the rejection is still logged.
            }
        }

        _rejections.Log(Connection, rejection, request, headBytes, descriptor.SendsResponse ? bytes.Length : 0, diagnostic);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
