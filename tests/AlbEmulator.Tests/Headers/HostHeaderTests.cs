using AlbEmulator.Headers;

namespace AlbEmulator.Tests.Headers;

public sealed class HostHeaderTests
{
    [Theory]
    [InlineData("example.com:80", 80, "example.com")]
    [InlineData("example.com:8443", 443, "example.com")]
    [InlineData("example.com", 8080, "example.com:8080")]
    [InlineData("example.com:9000", 8080, "example.com:9000")]
    [InlineData("Example.COM", 80, "example.com")]
    [InlineData("[::1]:8080", 80, "[::1]")]
    [InlineData("[::1]", 8080, "[::1]:8080")]
    [InlineData(null, 80, "my-alb-1234567890.us-east-1.elb.amazonaws.com")]
    [InlineData(null, 8080, "my-alb-1234567890.us-east-1.elb.amazonaws.com:8080")]
    public void Rewrite_AlbRules(string? received, int listenerPort, string expected)
    {
        Assert.Equal(expected, HostHeader.Rewrite(received, listenerPort, "my-alb-1234567890.us-east-1.elb.amazonaws.com"));
    }
}
