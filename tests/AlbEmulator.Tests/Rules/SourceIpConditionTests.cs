using AlbEmulator.Rules;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.Rules;

/// <summary>RULE-25: source-ip CIDRs against the TCP peer, never X-Forwarded-For.</summary>
public class SourceIpConditionTests
{
    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("192.168.0.1", false)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db9::1", false)]
    public void Matches_Peer_AnyCidr(string peer, bool expected)
    {
        var condition = new SourceIpCondition(["10.0.0.0/8", "2001:db8::/32"]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(remoteIp: peer)));
    }

    [Fact]
    public void Matches_XForwardedFor_Ignored()
    {
        var condition = new SourceIpCondition(["10.0.0.0/8"]);
        var headers = new HeaderDictionary { ["X-Forwarded-For"] = "10.0.0.1" };

        Assert.False(condition.Matches(TestRequests.Create(headers: headers, remoteIp: "203.0.113.1")));
    }

    [Fact]
    public void Matches_NoPeerAddress_False()
    {
        var condition = new SourceIpCondition(["0.0.0.0/0", "::/0"]);

        Assert.False(condition.Matches(TestRequests.Create(remoteIp: null)));
    }

    [Fact]
    public void Constructor_InvalidCidr_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SourceIpCondition(["10.0.0.0/40"]));
    }
}
