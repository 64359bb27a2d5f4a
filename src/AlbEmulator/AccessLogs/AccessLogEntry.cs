using System.Net;
using AlbEmulator.Listeners;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// One finished request as the access log and the metrics see it, built once when the request ends (by
/// <see cref="RequestRecorder"/>) and never changed: the request facts read from the request (or, for a request
/// rejected on the wire, from its head), the outcome (<see cref="RequestOutcome"/>), the response time, and the
/// request's decisions (<see cref="State"/>, complete by then). <see cref="AccessLogFormatter"/> formats it and
/// <see cref="Metrics.RequestMetricsRecorder"/> counts it; neither reads an <see cref="HttpContext"/>.
/// </summary>
public sealed record AccessLogEntry
{
    /// <summary>The request's decisions (rule, target, timings, error, fields set by features).</summary>
    public required AlbRequestState State { get; init; }

    /// <summary>The status code sent (460/400 for the log-only outcomes) and the byte counts.</summary>
    public required RequestOutcome Outcome { get; init; }

    /// <summary>Access-log <c>time</c>: when the response was complete.</summary>
    public required DateTime ResponseTimeUtc { get; init; }

    /// <summary>Field 1 <c>type</c>: http, https, h2, grpcs, ws, wss.</summary>
    public required string Type { get; init; }

    public IPAddress? ClientAddress { get; init; }

    public int ClientPort { get; init; }

    /// <summary>The request method; null when the request line could not be parsed (<see cref="AlbRequestState.RequestLineUnparsed"/>).</summary>
    public string? Method { get; init; }

    /// <summary>The request target as sent (origin or absolute form).</summary>
    public string? RawTarget { get; init; }

    /// <summary>The host the client addressed (absolute-form authority or first Host header), or null.</summary>
    public string? Host { get; init; }

    /// <summary>The protocol of the request line as logged (<c>HTTP/1.1</c>, <c>HTTP/1.0</c>, <c>HTTP/2.0</c>).</summary>
    public string? Protocol { get; init; }

    /// <summary>The first User-Agent, or null.</summary>
    public string? UserAgent { get; init; }

    /// <summary>
    /// The negotiated cipher suite and protocol of an HTTPS listener's connection (fields 15 and 16), copied when the
    /// entry is built: the connection's TLS stream may be disposed by the time the line is formatted.
    /// </summary>
    public TlsFacts? Tls { get; init; }

    /// <summary>The load balancer node's address (field 34; <see cref="AccessLogFormatter.NodeAddress"/>).</summary>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>Builds the entry of a request Kestrel parsed (pipeline, HTTP/1.x and HTTP/2).</summary>
    public static AccessLogEntry From(HttpContext context, AlbRequestState state, DateTime responseTimeUtc)
    {
        var request = context.Request;
        var isHttp2 = HttpProtocol.IsHttp2(request.Protocol);
        var listener = state.Listener;
        // 1 type: a request answered 101 became a WebSocket connection (ws/wss; TG-30). [EMU] A refused
        // upgrade (464, 400 toward Lambda, any error) is logged as the plain request it was.
        var type = !isHttp2 && context.Response.StatusCode == StatusCodes.Status101SwitchingProtocols ? (listener.IsHttps ? "wss" : "ws")
            : isHttp2 && request.ContentType is { } contentType && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) ? "grpcs"
            : isHttp2 ? "h2"
            : listener.IsHttps ? "https" : "http";
        var userAgent = request.Headers.UserAgent;
        var connection = context.Connection;
        return new AccessLogEntry
        {
            State = state,
            Outcome = RequestOutcome.From(context, state),
            ResponseTimeUtc = responseTimeUtc,
            Type = type,
            ClientAddress = connection.RemoteIpAddress,
            ClientPort = connection.RemotePort,
            Method = request.Method,
            RawTarget = RequestFacts.RawTarget(context),
            Host = RequestFacts.OriginalHost(context),
            Protocol = isHttp2 ? "HTTP/2.0" : request.Protocol,
            UserAgent = userAgent.Count == 0 ? null : userAgent[0],
            Tls = TlsFacts.Of(context.Features.Get<ITlsHandshakeFeature>()),
            LocalAddress = connection.LocalIpAddress,
        };
    }

    /// <summary>
    /// Builds the entry of a request that never reached Kestrel (rejected on the wire, or an HTTP/2 connection ended
    /// with GOAWAY): the client and TLS facts from the connection, the request facts as far as they were read.
    /// </summary>
    public static AccessLogEntry ForConnection(AlbConnection connection, AlbRequestState state, DateTime responseTimeUtc, int elbStatusCode, string type)
    {
        var remote = connection.RemoteEndPoint;
        return new AccessLogEntry
        {
            State = state,
            Outcome = new RequestOutcome(elbStatusCode, state.ReceivedBytes ?? 0, state.SentBytes ?? 0),
            ResponseTimeUtc = responseTimeUtc,
            Type = type,
            ClientAddress = remote?.Address,
            ClientPort = remote?.Port ?? 0,
            Tls = TlsFacts.Of(connection.Features?.Get<ITlsHandshakeFeature>()),
            LocalAddress = (connection.Features?.Get<IConnectionEndPointFeature>()?.LocalEndPoint as IPEndPoint)?.Address,
        };
    }
}

/// <summary>What the access log prints of a connection's TLS handshake (ssl_cipher, ssl_protocol).</summary>
public readonly record struct TlsFacts(System.Net.Security.TlsCipherSuite CipherSuite, System.Security.Authentication.SslProtocols Protocol)
{
    /// <summary>The facts of <paramref name="handshake"/>, or null without one (or once the connection's TLS stream is gone).</summary>
    public static TlsFacts? Of(ITlsHandshakeFeature? handshake)
    {
        if (handshake is null)
        {
            return null;
        }

        try
        {
            return new TlsFacts(handshake.NegotiatedCipherSuite ?? default, handshake.Protocol);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }
}
