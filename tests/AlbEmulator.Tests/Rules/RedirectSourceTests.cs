using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

public class RedirectSourceTests
{
    [Fact]
    public void Constructor_AllComponents_Kept()
    {
        var source = new RedirectSource("HTTPS", "example.com:8443", 8443, "/a", "q=1", "lb.example.net");

        Assert.Equal("HTTPS", source.Protocol);
        Assert.Equal("example.com:8443", source.Host);
        Assert.Equal(8443, source.ListenerPort);
        Assert.Equal("/a", source.Path);
        Assert.Equal("q=1", source.QueryString);
        Assert.Equal("lb.example.net", source.FallbackHost);
    }
}
