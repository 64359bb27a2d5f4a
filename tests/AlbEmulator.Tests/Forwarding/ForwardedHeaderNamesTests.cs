using AlbEmulator.Forwarding;

namespace AlbEmulator.Tests.Forwarding;

public sealed class ForwardedHeaderNamesTests
{
    [Theory]
    [InlineData("Connection")]
    [InlineData("keep-alive")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("Expect")]
    [InlineData("Host")]
    [InlineData("x-forwarded-for")]
    [InlineData("X-Amzn-Trace-Id")]
    [InlineData(":authority")]
    public void ShouldCopy_HopByHopAndAlbOwned_False(string name)
    {
        Assert.False(ForwardedHeaderNames.ShouldCopy(name));
    }

    [Theory]
    [InlineData("Accept")]
    [InlineData("Cookie")]
    [InlineData("X-Custom")]
    [InlineData("Content-Type")]
    public void ShouldCopy_EndToEnd_True(string name)
    {
        Assert.True(ForwardedHeaderNames.ShouldCopy(name));
    }
}
