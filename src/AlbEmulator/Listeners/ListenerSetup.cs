using System.Net;
using AlbEmulator.ConnectionLogs;
using AlbEmulator.Model;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting;

namespace AlbEmulator.Listeners;

/// <summary>
/// Binds one Kestrel endpoint per ALB listener. HTTP listeners speak HTTP/1.x only (no h2c, LST-4);
/// HTTPS listeners offer h2 and http/1.1 by ALPN, or http/1.1 only when <c>routing.http2.enabled</c> is
/// false (LST-31, H2-1), with the TLS versions of the listener's security policy (LST-21).
/// </summary>
internal static class ListenerSetup
{
    public static ListenOptions? Bind(
        KestrelServerOptions kestrel,
        IPAddress address,
        int port,
        ListenerModel listener,
        LoadBalancerModel loadBalancer,
        ServedCertificates? certificates,
        Http1.WireRejectionHandler rejections,
        TimeProvider time,
        ConnectionTracker? tracker = null)
    {
        ListenOptions? bound = null;
        kestrel.Listen(address, port, options =>
        {
            bound = options;
            options.Protocols = listener.IsHttps && loadBalancer.Settings.Http2Enabled ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;

            // Attach the listener to every connection before TLS, so the certificate selector can record its choice.
            options.Use(next => context =>
            {
                // The listener as the current snapshot has it (the config may have changed since binding).
                var current = rejections.Runtime.Current;
                var connection = new AlbConnection(current.FindListener(listener.Port) ?? listener, time.GetUtcNow().UtcDateTime)
                {
                    LoadBalancer = current.LoadBalancerFor(listener.Port) ?? loadBalancer,
                    RemoteEndPoint = context.RemoteEndPoint as IPEndPoint,
                    Features = context.Features,
                };
                context.Features.Set<IAlbConnectionFeature>(new AlbConnectionFeature(connection));
                return next(context);
            });

            // Connection metrics and connection logs (ConnectionLogs/ConnectionTracker.cs).
            tracker?.UseBeforeTls(options, listener);

            if (listener.IsHttps && certificates is not null)
            {
                options.UseHttps(MutualTls.TlsHandshake.Create(listener, certificates, time));
                tracker?.UseAfterTls(options, listener);
            }

            // The HTTP/1.x wire front end sees the decrypted bytes before Kestrel parses them.
            options.Use(next => context => Http1.Http1FrontEnd.RunAsync(context, next, rejections.Runtime.Current.LoadBalancerFor(listener.Port) ?? loadBalancer, rejections, time));
        });

        return bound;
    }
}
