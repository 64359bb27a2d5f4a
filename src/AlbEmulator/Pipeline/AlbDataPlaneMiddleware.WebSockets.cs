using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Pipeline;

public sealed partial class AlbDataPlaneMiddleware
{
    /// <summary>
    /// For an upgradable (WebSocket) request on HTTP/1.x: tells the wire front end when the target has
    /// answered 101, so that the connection becomes a tunnel only then (a refused upgrade leaves it an
    /// HTTP connection whose next requests are checked as usual). The tunnel's bytes both ways are counted
    /// by the wire front end like any others (access-log received/sent bytes, one line per connection).
    /// </summary>
    private static void SignalUpgrade(HttpContext context, Listeners.Http1.WireRequest? wire)
    {
        if (wire is not null && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new UpgradeSignal(upgrade, wire));
        }
    }

    private sealed class UpgradeSignal(IHttpUpgradeFeature inner, Listeners.Http1.WireRequest wire) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync()
        {
            var stream = await inner.UpgradeAsync();
            wire.Upgraded = true;
            return stream;
        }
    }
}
