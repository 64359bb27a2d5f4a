using System.Net;
using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

public class IpNetworkTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("10.1.2.3/8", "10.200.0.1", true)]
    [InlineData("192.168.1.0/24", "192.168.1.255", true)]
    [InlineData("192.168.1.0/24", "192.168.2.0", false)]
    [InlineData("192.168.1.7/32", "192.168.1.7", true)]
    [InlineData("192.168.1.7/32", "192.168.1.8", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("10.0.0.0/31", "10.0.0.1", true)]
    [InlineData("10.0.0.0/31", "10.0.0.2", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", true)]
    [InlineData("10.0.0.1/32", "::ffff:10.0.0.1", true)]
    [InlineData("10.0.0.0/8", "::ffff:11.0.0.1", false)]
    [InlineData("2001:db8::/32", "2001:db8:1234::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("2001:db8::1/128", "2001:db8::1", true)]
    [InlineData("2001:db8::1/128", "2001:db8::2", false)]
    [InlineData("::/0", "2001:db8::2", true)]
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("::/0", "::ffff:10.0.0.1", false)]
    [InlineData("::1/128", "::1", true)]
    [InlineData("fe80::/10", "fe80::1%3", true)]
    [InlineData("2001:db8::/127", "2001:db8::1", true)]
    [InlineData("10.0.0.5", "10.0.0.5", true)]
    [InlineData("10.0.0.5", "10.0.0.6", false)]
    public void Contains_Address_CidrSemantics(string cidr, string address, bool expected)
    {
        Assert.True(IpNetwork.TryParse(cidr, out var network));

        Assert.Equal(expected, network.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-ip/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/")]
    [InlineData("2001:db8::/129")]
    [InlineData("10.0.0.0/x")]
    public void TryParse_Invalid_False(string cidr)
    {
        Assert.False(IpNetwork.TryParse(cidr, out _));
    }

    [Fact]
    public void Contains_Null_False()
    {
        Assert.True(IpNetwork.TryParse("0.0.0.0/0", out var network));

        Assert.False(network.Contains(null));
    }
}
