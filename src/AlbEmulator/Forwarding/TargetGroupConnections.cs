using System.Net;
using System.Net.Security;
using AlbEmulator.Configuration;
using AlbEmulator.Limits;
using AlbEmulator.Model;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Forwarding;

/// <summary>
/// Creates the connection pools and outbound request settings of a target group: HTTP/1.1 for HTTP1
/// groups (the direct forwarder, Http1/Http1Forwarder; SocketsHttpHandler for WebSocket upgrades), HTTP/2 (h2c or
/// TLS) for HTTP2 and GRPC groups (TG-10), a 10 s connect timeout (TG-26),
/// the idle timeout on backend connections (TG-27), target certificates not validated (TG-3), and a
/// 32 K response-header limit (§7.1). Connections are opened by <see cref="TargetConnector"/> (10 s for
/// TCP, then 10 s for TLS); HTTP/1.1 connections are watched by <see cref="TargetConnectionStream"/> and
/// HTTP/2 connections by <see cref="Http2TargetConnectionStream"/> so that a request the target drops or
/// refuses is a 502, never silently resent (docs/troubleshooting.md).
/// </summary>
public static class TargetGroupConnections
{
    /// <summary>TCP connect to a target must succeed within this (TG-26).</summary>
    public static readonly TimeSpan ConnectTimeout = Limits.AlbLimits.TargetConnectTimeout;

    /// <summary>Entire response header block from a target, in KiB (§7.1).</summary>
    public const int MaxResponseHeadersKiB = Limits.AlbLimits.MaxResponseHeaderBytes / 1024;

    public static (HttpMessageInvoker Invoker, ForwarderRequestConfig RequestConfig) Create(ResolvedTargetGroup group, LoadBalancerSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            // TargetConnector enforces 10 s for TCP and 10 s for TLS separately; this is only a backstop.
            ConnectTimeout = ConnectTimeout + AlbLimits.TargetTlsHandshakeTimeout + TimeSpan.FromSeconds(5),
            ConnectCallback = static (context, cancellationToken) =>
            {
                var request = context.InitialRequestMessage;
                var tls = request.RequestUri?.Scheme == Uri.UriSchemeHttps;
                var alpn = request.Version.Major >= 2 ? SslApplicationProtocol.Http2 : SslApplicationProtocol.Http11;
                return TargetConnector.ConnectAsync(context.DnsEndPoint, tls, TargetConnector.ServerName(request), alpn, cancellationToken);
            },
            // No resend ALB would not make: HTTP/1.1 requests the target drops, HTTP/2 streams it refuses or drops.
            PlaintextStreamFilter = static (context, _) =>
                ValueTask.FromResult<Stream>(context.NegotiatedHttpVersion.Major == 1
                    ? new TargetConnectionStream(context.PlaintextStream)
                    : new Http2TargetConnectionStream(context.PlaintextStream)),
            MaxResponseHeadersLength = MaxResponseHeadersKiB,
            PooledConnectionIdleTimeout = settings.IdleTimeout,
            EnableMultipleHttp2Connections = true,

            // Header bytes >= 0x80 (obs-text) pass through unchanged both ways: Kestrel reads request
            // headers as Latin-1 (Hosting/KestrelLimits), so writing them as Latin-1 restores the bytes.
            RequestHeaderEncodingSelector = static (_, _) => System.Text.Encoding.Latin1,
            ResponseHeaderEncodingSelector = static (_, _) => System.Text.Encoding.Latin1,
        };

        var http2 = group.ProtocolVersion is "HTTP2" or "GRPC";
        var requestConfig = new ForwarderRequestConfig
        {
            Version = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // ALB's idle timeout applies to target connections: no response bytes for that long is a 504 (TG-27).
            ActivityTimeout = settings.IdleTimeout,
            AllowResponseBuffering = false,
        };

        return (new TargetGroupInvoker(handler, settings.IdleTimeout, http1: !http2), requestConfig);
    }
}
