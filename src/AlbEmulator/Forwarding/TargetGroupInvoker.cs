using AlbEmulator.Forwarding.Downgrade;

namespace AlbEmulator.Forwarding;

/// <summary>
/// The connection pool of a target group (SocketsHttpHandler), plus, for HTTP1 groups, the HTTP/1.1 client
/// used for HTTP/2 clients so that header names are written as ALB writes them (TG-21).
/// </summary>
public sealed class TargetGroupInvoker : HttpMessageInvoker
{
    private readonly TimeSpan _idleTimeout;
    private HttpMessageInvoker? _downgrade;

    public TargetGroupInvoker(HttpMessageHandler handler, TimeSpan idleTimeout)
        : base(handler, disposeHandler: true)
    {
        _idleTimeout = idleTimeout;
    }

    /// <summary>For HTTP/2 clients forwarded to an HTTP1 group (created on first use).</summary>
    public HttpMessageInvoker Downgrade =>
        LazyInitializer.EnsureInitialized(ref _downgrade, () => new HttpMessageInvoker(new Http1DowngradeHandler(_idleTimeout), disposeHandler: true));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _downgrade?.Dispose();
        }

        base.Dispose(disposing);
    }
}
