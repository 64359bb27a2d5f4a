using AlbEmulator.Forwarding.Http1;

namespace AlbEmulator.Forwarding;

/// <summary>
/// The connections of a target group: SocketsHttpHandler's pool (used through YARP for HTTP2 and GRPC groups and for
/// WebSocket upgrades) and, for HTTP1 groups, the direct HTTP/1.1 forwarder's pool (<see cref="Http1TargetPool"/>).
/// </summary>
public sealed class TargetGroupInvoker : HttpMessageInvoker
{
    private readonly TimeSpan _idleTimeout;
    private readonly bool _http1;
    private Http1TargetPool? _direct;

    public TargetGroupInvoker(HttpMessageHandler handler, TimeSpan idleTimeout, bool http1)
        : base(handler, disposeHandler: true)
    {
        _idleTimeout = idleTimeout;
        _http1 = http1;
    }

    /// <summary>The direct HTTP/1.1 forwarder's connections (HTTP1 groups; created on first use), else null.</summary>
    internal Http1TargetPool? Http1 => _http1 ? LazyInitializer.EnsureInitialized(ref _direct, () => new Http1TargetPool(_idleTimeout)) : null;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _direct?.Dispose();
        }

        base.Dispose(disposing);
    }
}
