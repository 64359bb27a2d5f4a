using AlbEmulator.Limits;
using AlbEmulator.Pipeline;

namespace AlbEmulator.Tests.Pipeline;

public sealed class AlbCheckOrderTests
{
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
