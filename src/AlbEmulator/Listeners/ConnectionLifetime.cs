using AlbEmulator.Limits;
using AlbEmulator.Model;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Listeners;

/// <summary>
/// How long a client connection lives (ERR-TMO-2, H2-3, H2-4): once <c>client_keep_alive.seconds</c> has
/// passed since the connection was established, or on the 10,000th request of an HTTP/2 connection, ALB
/// serves the request and then closes gracefully: <c>Connection: close</c> on HTTP/1.x, GOAWAY on HTTP/2.
/// </summary>
public static class ConnectionLifetime
{
    /// <summary>Call once per request, after the connection's request count was incremented.</summary>
    public static void Apply(HttpContext context, AlbConnection connection, LoadBalancerSettings settings, DateTime nowUtc)
    {
        var isHttp2 = HttpProtocol.IsHttp2(context.Request.Protocol);
        var expired = nowUtc - connection.ConnectedUtc >= TimeSpan.FromSeconds(settings.ClientKeepAliveSeconds);
        var exhausted = isHttp2 && connection.RequestCount >= AlbLimits.MaxHttp2RequestsPerConnection;
        if (!expired && !exhausted)
        {
            return;
        }

        if (isHttp2)
        {
            // Kestrel sends GOAWAY and finishes the streams in flight.
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }
        else
        {
            context.Response.OnStarting(static c =>
            {
                ((HttpContext)c).Response.Headers.Connection = "close";
                return Task.CompletedTask;
            }, context);
        }
    }
}
