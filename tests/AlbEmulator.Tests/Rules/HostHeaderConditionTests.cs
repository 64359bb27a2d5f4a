using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

/// <summary>RULE-20: host-header values, case-insensitive, without the port; RULE-13: wildcards; RULE-11: values ORed.</summary>
public class HostHeaderConditionTests
{
    [Theory]
    [InlineData("www.example.com", "www.example.com", true)]
    [InlineData("www.example.com", "WWW.Example.COM", true)]
    [InlineData("WWW.EXAMPLE.COM", "www.example.com", true)]
    [InlineData("www.example.com", "example.com", false)]
    [InlineData("*.example.com", "test.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "test.example.com.evil.net", false)]
    [InlineData("api?.example.com", "api1.example.com", true)]
    [InlineData("api?.example.com", "api.example.com", false)]
    [InlineData("www.example.com", "www.example.com:8080", true)]
    [InlineData("www.example.com", "www.example.com:443", true)]
    [InlineData("*.example.com", "test.example.com:80", true)]
    [InlineData("*", "[::1]:8080", true)]
    [InlineData("[::1]", "[::1]:8080", true)]
    [InlineData("www.example.com", "www.example.com\u0001", false)]
    [InlineData("*", "bad\u007fhost", false)]
    public void Matches_HostValue_CaseInsensitiveWithoutPort(string pattern, string host, bool expected)
    {
        var condition = new HostHeaderCondition([pattern]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(host: host)));
    }

    [Theory]
    [InlineData("a.example.com", true)]
    [InlineData("b.example.com", true)]
    [InlineData("c.example.com", false)]
    public void Matches_SeveralValues_Ored(string host, bool expected)
    {
        var condition = new HostHeaderCondition(["a.example.com", "b.example.com"]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(host: host)));
    }

    [Fact]
    public void Matches_NoHost_False()
    {
        var condition = new HostHeaderCondition(["*"]);

        Assert.False(condition.Matches(TestRequests.Create(host: null)));
    }

    [Fact]
    public void Matches_EmptyHost_OnlyStarMatches()
    {
        Assert.True(new HostHeaderCondition(["*"]).Matches(TestRequests.Create(host: "")));
        Assert.False(new HostHeaderCondition(["?*"]).Matches(TestRequests.Create(host: "")));
    }
}
