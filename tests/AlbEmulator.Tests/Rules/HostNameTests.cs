using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

public class HostNameTests
{
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("example.com:8080", "example.com")]
    [InlineData("example.com:", "example.com")]
    [InlineData("[::1]:8080", "[::1]")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("[fe80::1", "[fe80::1")]
    [InlineData("10.0.0.1:80", "10.0.0.1")]
    [InlineData("", "")]
    public void WithoutPort_Host_PortRemoved(string host, string expected)
    {
        Assert.Equal(expected, HostName.WithoutPort(host).ToString());
    }
}
