using AlbEmulator.Rules;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AlbEmulator.Tests.Rules;

/// <summary>RULE-22: http-header conditions, case-insensitive values with wildcards, each occurrence tried.</summary>
public class HttpHeaderConditionTests
{
    [Theory]
    [InlineData("User-Agent", "*Chrome*", "Mozilla/5.0 Chrome/120", true)]
    [InlineData("user-agent", "*chrome*", "Mozilla/5.0 CHROME/120", true)]
    [InlineData("User-Agent", "*Chrome*", "curl/8.0", false)]
    [InlineData("X-Env", "prod", "prod", true)]
    [InlineData("X-Env", "prod", "PROD", true)]
    [InlineData("X-Env", "prod", "production", false)]
    [InlineData("X-Env", "prod?", "prod1", true)]
    [InlineData("X-Env", "*", "", true)]
    [InlineData("X-Env", "prod", "pro\u0001d", false)]
    public void Matches_HeaderValue_CaseInsensitiveWildcards(string name, string pattern, string value, bool expected)
    {
        var condition = new HttpHeaderCondition(name, [pattern]);
        var headers = new HeaderDictionary { [name == "user-agent" ? "User-Agent" : name] = value };

        Assert.Equal(expected, condition.Matches(TestRequests.Create(headers: headers)));
    }

    [Fact]
    public void Matches_HeaderAbsent_False()
    {
        var condition = new HttpHeaderCondition("X-Env", ["*"]);

        Assert.False(condition.Matches(TestRequests.Create()));
    }

    [Theory]
    [InlineData("first", true)]
    [InlineData("second", true)]
    [InlineData("third", false)]
    public void Matches_SeveralOccurrences_EachTried(string pattern, bool expected)
    {
        var condition = new HttpHeaderCondition("X-Env", [pattern]);
        var headers = new HeaderDictionary { ["X-Env"] = new StringValues(["first", "second"]) };

        Assert.Equal(expected, condition.Matches(TestRequests.Create(headers: headers)));
    }

    [Theory]
    [InlineData("a", false)]
    [InlineData("b", false)]
    [InlineData("a, b", true)]
    [InlineData("a,*", true)]
    public void Matches_CommaJoinedField_NotSplit(string pattern, bool expected)
    {
        var condition = new HttpHeaderCondition("X-List", [pattern]);
        var headers = new HeaderDictionary { ["X-List"] = "a, b" };

        Assert.Equal(expected, condition.Matches(TestRequests.Create(headers: headers)));
    }

    [Theory]
    [InlineData("10.0.0.7", true)]
    [InlineData("192.168.0.9", true)]
    [InlineData("172.16.0.1", false)]
    public void Matches_SeveralValues_Ored(string value, bool expected)
    {
        var condition = new HttpHeaderCondition("X-Forwarded-For", ["10.0.0.*", "192.168.*"]);
        var headers = new HeaderDictionary { ["X-Forwarded-For"] = value };

        Assert.Equal(expected, condition.Matches(TestRequests.Create(headers: headers)));
    }
}
