using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

public sealed class ConditionRegexTests
{
    [Theory]
    [InlineData("^/api/v1/orders/[0-9]+$", "/api/v1/orders/", true)]
    [InlineData("bot-1/[0-9]+", "bot-1/", false)]
    [InlineData("^abc$", "abc", true)]
    [InlineData("abc", "abc", false)]
    [InlineData("^ab?c", "a", true)]
    [InlineData("ab{2}", "a", false)]
    [InlineData("^ab*", "a", true)]
    [InlineData("^ab+", "a", true)]
    [InlineData("^/static/.*\\.css$", "/static/", true)]
    [InlineData("api-#1 x(y)", "api-#1 x", false)]
    public void LeadingLiteral_IsTheTextEveryMatchBeginsWith(string pattern, string literal, bool anchored)
    {
        Assert.Equal((literal, anchored), ConditionRegex.LeadingLiteral(pattern));
    }

    [Theory]
    [InlineData("^a?")]
    [InlineData("a*")]
    [InlineData("^/a|/b")]
    [InlineData("abc|x")]
    [InlineData("^\\/api")]
    [InlineData("^(?i)abc")]
    [InlineData("(?i)abc")]
    [InlineData(".*")]
    [InlineData("^[a-z]+")]
    [InlineData("^$")]
    [InlineData("^")]
    public void LeadingLiteral_NoneWhereTheStartIsNotCertainlyLiteral(string pattern)
    {
        Assert.Equal((null, false), ConditionRegex.LeadingLiteral(pattern));
    }

    public static TheoryData<string> Patterns() =>
    [
        "^/api/v1/orders/[0-9]+$", "bot-1/[0-9]+", "^abc$", "abc", "^ab?c", "ab{2}", "^ab*d", "^ab+", "^/a|/b", "(?i)^WWW",
        "^(?i)abc", "^/static/.*\\.css$", "x+y", "^\\/api\\/(.*)$", "^[a-z0-9-]+\\.example\\.com:8443$",
    ];

    [Theory]
    [MemberData(nameof(Patterns))]
    public void IsMatch_IsAlwaysTheEnginesAnswer(string pattern)
    {
        var expression = ConditionRegex.Compile(pattern);
        var regex = RuleRegex.Compile(pattern);
        string[] inputs =
        [
            "", "/", "/api/v1/orders/42", "/api/v1/orders/", "/x/api/v1/orders/42", "/API/v1/orders/42", "bot-1/7", "Mozilla bot-1/77",
            "bot-2/7", "abc", "xabc", "abcd", "ac", "abc", "abbc", "abd", "abbbd", "ab", "a", "b", "/a", "/b", "x/b", "www.example.com",
            "WWW.example.com", "ABC", "AbC", "/static/site.css", "/static/site.js", "xy", "xxy", "y", "/api/x", "api.example.com:8443",
        ];
        foreach (var input in inputs)
        {
            Assert.True(RuleRegex.IsMatch(regex, input) == expression.IsMatch(input), $"'{pattern}' on '{input}'");
        }
    }

    [Fact]
    public void IsMatch_RefusesAnInputWithoutTheLiteral_AndSearchesOneWithIt()
    {
        var anchored = ConditionRegex.Compile("^/api/v2/orders/[0-9]+$");
        Assert.False(anchored.IsMatch("/"));
        Assert.False(anchored.IsMatch("/x/api/v2/orders/1"));
        Assert.False(anchored.IsMatch("/api/v2/orders/abc"));
        Assert.True(anchored.IsMatch("/api/v2/orders/17"));

        var unanchored = ConditionRegex.Compile("bot-7/[0-9]+");
        Assert.False(unanchored.IsMatch("curl/8.0"));
        Assert.True(unanchored.IsMatch("Mozilla/5.0 bot-7/12"));
    }
}
