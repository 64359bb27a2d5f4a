using AlbEmulator.Limits;
using AlbEmulator.Pipeline;

namespace AlbEmulator.Tests.Pipeline;

public sealed class AlbCheckOrderTests
{
    [Fact]
    public void Wire_DocumentedOrder()
    {
        // 505 414 400 408, then on the complete head: desync mode, request line, Host, Transfer-Encoding, forwardable.
        Assert.Equal(
            [
                typeof(AlbEmulator.Listeners.Http1.Http2PrefaceCheck),
                typeof(AlbEmulator.Listeners.Http1.RequestLineLengthCheck),
                typeof(AlbEmulator.Listeners.Http1.HeaderSizeCheck),
                typeof(AlbEmulator.Listeners.Http1.IdleTimeoutCheck),
                typeof(AlbEmulator.Listeners.Http1.DesyncModeCheck),
                typeof(AlbEmulator.Listeners.Http1.RequestLineCheck),
                typeof(AlbEmulator.Listeners.Http1.HostHeaderCheck),
                typeof(AlbEmulator.Listeners.Http1.TransferEncodingCheck),
                typeof(AlbEmulator.Listeners.Http1.ForwardableCheck),
            ],
            AlbCheckOrder.Wire.Select(c => c.GetType()));
        Assert.Equal([505, 414, 400, 408, 400, 400, 400, 501, 400], AlbCheckOrder.Wire.Select(c => AlbEmulator.Errors.AlbErrorCatalog.Get(c.Error).StatusCode));
    }

    [Fact]
    public void BeforeRouting_DocumentedOrder()
    {
        Assert.Equal([typeof(TraceMethodCheck), typeof(ForwardedForLimitCheck)], AlbCheckOrder.BeforeRouting.Select(c => c.GetType()));
    }

    [Fact]
    public void AfterRouting_DocumentedOrder()
    {
        Assert.Equal([typeof(AlbEmulator.Protocol.ProtocolVersionCheck)], AlbCheckOrder.AfterRouting.Select(c => c.GetType()));
    }
}
