using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

/// <summary>RULE-21: path-pattern, case-sensitive, on the path only.</summary>
public class PathPatternConditionTests
{
    [Theory]
    [InlineData("/img/*", "/img/picture.jpg", true)]
    [InlineData("/img/*", "/img/", true)]
    [InlineData("/img/*", "/img", false)]
    [InlineData("/img/*", "/image", false)]
    [InlineData("/api/*", "/API/users", false)]
    [InlineData("/API/*", "/API/users", true)]
    [InlineData("/maintenance", "/maintenance", true)]
    [InlineData("/maintenance", "/maintenance/", false)]
    [InlineData("*.jpg", "/a/b/c.jpg", true)]
    [InlineData("/v?/items", "/v2/items", true)]
    [InlineData("/v?/items", "/v10/items", false)]
    [InlineData("/package.service/*", "/package.service/Method", true)]
    public void Matches_Path_CaseSensitiveWholeString(string pattern, string path, bool expected)
    {
        var condition = new PathPatternCondition([pattern]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(path: path)));
    }

    [Theory]
    [InlineData("/admin/*", "/public/../admin/x", true)]
    [InlineData("/public/*", "/public/../admin/x", false)]
    [InlineData("/a/b", "/a/./b", true)]
    [InlineData("/a/", "/a/b/..", true)]
    [InlineData("/secret", "/../secret", true)]
    public void Matches_DotSegments_RemovedBeforeMatching(string pattern, string path, bool expected)
    {
        var condition = new PathPatternCondition([pattern]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(path: path)));
    }

    [Theory]
    [InlineData("/a/b", "/a%2Fb", false)]
    [InlineData("/a%2Fb", "/a%2Fb", true)]
    [InlineData("/caf*", "/caf%C3%A9", true)]
    [InlineData("/admin/x", "/public/%2E%2E/admin/x", false)]
    public void Matches_PercentEncoded_NotDecoded(string pattern, string path, bool expected)
    {
        var condition = new PathPatternCondition([pattern]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(path: path)));
    }

    [Fact]
    public void Matches_QueryString_NeverConsidered()
    {
        var condition = new PathPatternCondition(["/search*"]);

        Assert.True(condition.Matches(TestRequests.Create(path: "/search", query: "q=1")));
        Assert.False(new PathPatternCondition(["*q=1*"]).Matches(TestRequests.Create(path: "/search", query: "q=1")));
    }
}
