using AlbEmulator.Configuration;
using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

/// <summary>RULE-24: query-string pairs, key optional, case-insensitive, wildcards; RULE-12: control characters never match.</summary>
public class QueryStringConditionTests
{
    [Theory]
    [InlineData("version", "v1", "version=v1", true)]
    [InlineData("version", "v1", "VERSION=V1", true)]
    [InlineData("version", "v1", "a=b&version=v1&c=d", true)]
    [InlineData("version", "v1", "version=v2", false)]
    [InlineData("version", "v1", "other=v1", false)]
    [InlineData("version", "v*", "version=v10", true)]
    [InlineData("version", "v?", "version=v10", false)]
    [InlineData("ver*", "*", "version=", true)]
    [InlineData(null, "v1", "anything=v1", true)]
    [InlineData(null, "v1", "a=x&b=V1", true)]
    [InlineData(null, "v1", "v1", false)]
    [InlineData("debug", "", "debug", true)]
    [InlineData("debug", "*", "debug", true)]
    [InlineData("debug", "", "debug=", true)]
    [InlineData("debug", "", "debug=1", false)]
    [InlineData("debug", "*", "", false)]
    [InlineData(null, "*", "", false)]
    [InlineData("q", "1=2", "q=1=2", true)]
    public void Matches_Pair_CaseInsensitiveAnyParameter(string? key, string value, string query, bool expected)
    {
        var condition = new QueryStringCondition([new QueryStringKeyValueConfig(key, value)]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(query: query)));
    }

    [Theory]
    [InlineData(@"a\*b", "q=a*b", true)]
    [InlineData(@"a\*b", "q=axb", false)]
    [InlineData(@"why\?", "q=why?", true)]
    [InlineData(@"why\?", "q=whyx", false)]
    [InlineData(@"a\*b", "q=a%2Ab", true)]
    public void Matches_EscapedWildcards_Literal(string value, string query, bool expected)
    {
        var condition = new QueryStringCondition([new QueryStringKeyValueConfig("q", value)]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(query: query)));
    }

    [Theory]
    [InlineData("q", "hello world", "q=hello+world", true)]
    [InlineData("q", "hello world", "q=hello%20world", true)]
    [InlineData("q", "hello+world", "q=hello+world", true)]
    [InlineData("q", "hello%20world", "q=hello%20world", true)]
    [InlineData("my key", "v", "my%20key=v", true)]
    [InlineData("q", "caf*", "q=caf%C3%A9", true)]
    [InlineData("q", "a&b", "q=a%26b", true)]
    [InlineData("q", "a", "q=a%26b", false)]
    public void Matches_PercentEncoded_RawOrDecoded(string key, string value, string query, bool expected)
    {
        var condition = new QueryStringCondition([new QueryStringKeyValueConfig(key, value)]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(query: query)));
    }

    [Theory]
    [InlineData("a=1", true)]
    [InlineData("b=2", true)]
    [InlineData("a=2&b=1", false)]
    public void Matches_SeveralPairs_Ored(string query, bool expected)
    {
        var condition = new QueryStringCondition(
        [
            new QueryStringKeyValueConfig("a", "1"),
            new QueryStringKeyValueConfig("b", "2"),
        ]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(query: query)));
    }

    [Fact]
    public void Matches_LongEncodedValue_Decoded()
    {
        var condition = new QueryStringCondition([new QueryStringKeyValueConfig("q", "x *")]);
        var query = "q=x" + string.Concat(Enumerable.Repeat("+", 400));

        Assert.True(condition.Matches(TestRequests.Create(query: query)));
    }

    [Fact]
    public void Matches_ControlCharacterInValue_False()
    {
        var condition = new QueryStringCondition([new QueryStringKeyValueConfig("q", "a?b")]);

        Assert.False(condition.Matches(TestRequests.Create(query: "q=a%01b")));
        Assert.True(condition.Matches(TestRequests.Create(query: "q=a%21b")));
    }
}
