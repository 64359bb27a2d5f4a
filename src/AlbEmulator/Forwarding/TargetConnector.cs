using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using AlbEmulator.Limits;

namespace AlbEmulator.Forwarding;

/// <summary>
/// Opens a connection to a target as ALB does (TG-26): the TCP connect must complete within 10 s (else
/// 504), then, for HTTPS targets, the TLS handshake gets its own 10 s (a timeout is a 504, a failed
/// handshake a 502). Target certificates are not validated (TG-3). Used by both clients toward targets:
/// SocketsHttpHandler's ConnectCallback (HTTP2 and GRPC groups, WebSocket upgrades) and the direct HTTP/1.1 forwarder.
/// </summary>
public static class TargetConnector
{
    /// <summary>Connects to <paramref name="endPoint"/>; with <paramref name="tls"/>, completes a TLS handshake offering <paramref name="alpn"/>.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool tls, string? serverName, SslApplicationProtocol alpn, CancellationToken cancellationToken) =>
        (await OpenAsync(endPoint, tls, serverName, alpn, cancellationToken)).Stream;

    /// <summary>As <see cref="ConnectAsync"/>, also returning the socket (for liveness checks).</summary>
    public static async ValueTask<(Socket Socket, Stream Stream)> OpenAsync(DnsEndPoint endPoint, bool tls, string? serverName, SslApplicationProtocol alpn, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(AlbLimits.TargetConnectTimeout);
                try
                {
                    await socket.ConnectAsync(endPoint, connectTimeout.Token);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The TCP connection to the target was not established within {AlbLimits.TargetConnectTimeout.TotalSeconds:0} seconds.", e);
                }
            }

            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (!tls)
            {
                return (socket, stream);
            }

            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            using var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            handshakeTimeout.CancelAfter(AlbLimits.TargetTlsHandshakeTimeout);
            try
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = serverName ?? endPoint.Host,
                    // ALB does not validate target certificates (TG-3): self-signed and expired are fine.
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                    ApplicationProtocols = [alpn],
                }, handshakeTimeout.Token);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                await ssl.DisposeAsync();
                throw new TargetTlsHandshakeException(timedOut: true, $"The TLS handshake with the target did not complete within {AlbLimits.TargetTlsHandshakeTimeout.TotalSeconds:0} seconds.", e);
            }
            catch (Exception e) when (e is AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
            {
                await ssl.DisposeAsync();
                throw new TargetTlsHandshakeException(timedOut: false, $"The TLS handshake with the target failed: {e.Message}", e);
            }

            return (socket, ssl);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The server name sent in SNI: the request's Host without the port, as SocketsHttpHandler chooses it.</summary>
    public static string? ServerName(HttpRequestMessage? request) => ServerName(request?.Headers.Host);

    /// <summary>The server name sent in SNI for a Host header value: without the port (and the brackets of an IPv6 address).</summary>
    public static string? ServerName(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            return close > 0 ? host[1..close] : host;
        }

        var colon = host.IndexOf(':');
        return colon >= 0 ? host[..colon] : host;
    }
}

/// <summary>The TLS handshake with an HTTPS target failed (502) or did not complete within 10 s (504) (TG-26).</summary>
public sealed class TargetTlsHandshakeException : IOException
{
    public TargetTlsHandshakeException(bool timedOut, string message, Exception? inner)
        : base(message, inner)
    {
        TimedOut = timedOut;
    }

    public bool TimedOut { get; }
}
