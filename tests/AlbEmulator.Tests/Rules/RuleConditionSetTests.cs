using AlbEmulator.Configuration;
using AlbEmulator.Rules;
using AlbEmulator.Tests.Common;
using AlbEmulator.Utilities;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.Rules;

/// <summary>RULE-10: the six condition types; RULE-11: conditions ANDed.</summary>
public class RuleConditionSetTests
{
    private static RuleConditionConfig Host(params string[] values) =>
        new() { Field = "host-header", HostHeaderConfig = new() { Values = ValueList.Of(values) } };

    private static RuleConditionConfig Path(params string[] values) =>
        new() { Field = "path-pattern", PathPatternConfig = new() { Values = ValueList.Of(values) } };

    private static RuleConditionConfig Method(params string[] values) =>
        new() { Field = "http-request-method", HttpRequestMethodConfig = new() { Values = ValueList.Of(values) } };

    private static RuleConditionConfig Header(string name, params string[] values) =>
        new() { Field = "http-header", HttpHeaderConfig = new() { HttpHeaderName = name, Values = ValueList.Of(values) } };

    private static RuleConditionConfig Query(string? key, string value) =>
        new() { Field = "query-string", QueryStringConfig = new() { Values = ValueList.Of(new QueryStringKeyValueConfig(key, value)) } };

    private static RuleConditionConfig SourceIp(params string[] values) =>
        new() { Field = "source-ip", SourceIpConfig = new() { Values = ValueList.Of(values) } };

    [Fact]
    public void Matches_EmptySet_MatchesEverything()
    {
        var set = RuleConditionSet.Compile([]);

        Assert.Same(RuleConditionSet.Empty, set);
        Assert.True(set.Matches(TestRequests.Create(host: null, remoteIp: null)));
    }

    [Theory]
    [InlineData("GET", "/api/users", true)]
    [InlineData("POST", "/api/users", true)]
    [InlineData("DELETE", "/api/users", false)]
    [InlineData("GET", "/web/index.html", false)]
    public void Matches_ConfigFormatExample_ConditionsAnded(string method, string path, bool expected)
    {
        var set = RuleConditionSet.Compile([Path("/api/*"), Method("GET", "POST")]);

        Assert.Equal(expected, set.Matches(TestRequests.Create(method: method, path: path)));
    }

    [Theory]
    [InlineData("host-header", "old.example.com", "/x", true)]
    [InlineData("host-header", "other.example.com", "/x", false)]
    [InlineData("path-pattern", "old.example.com", "/x", true)]
    [InlineData("path-pattern", "old.example.com", "/y", false)]
    public void Compile_LegacyValues_HostAndPath(string field, string host, string path, bool expected)
    {
        var value = field == "host-header" ? "old.example.com" : "/x";
        var set = RuleConditionSet.Compile([new RuleConditionConfig { Field = field, Values = ValueList.Of(value) }]);

        Assert.Equal(expected, set.Matches(TestRequests.Create(host: host, path: path)));
    }

    [Fact]
    public void Compile_ConfigAndLegacyValues_ConfigWins()
    {
        var set = RuleConditionSet.Compile(
        [
            new RuleConditionConfig
            {
                Field = "path-pattern",
                Values = ValueList.Of("/legacy"),
                PathPatternConfig = new() { Values = ValueList.Of("/config") },
            },
        ]);

        Assert.True(set.Matches(TestRequests.Create(path: "/config")));
        Assert.False(set.Matches(TestRequests.Create(path: "/legacy")));
    }

    [Theory]
    [InlineData("prod", "a=1", "10.0.0.1", true)]
    [InlineData("dev", "a=1", "10.0.0.1", false)]
    [InlineData("prod", "a=2", "10.0.0.1", false)]
    [InlineData("prod", "a=1", "192.168.0.1", false)]
    public void Matches_EveryConditionType_AllMustMatch(string env, string query, string peer, bool expected)
    {
        var set = RuleConditionSet.Compile(
        [
            Host("*.example.com"),
            Path("/api/*"),
            Method("GET"),
            Header("X-Env", "prod"),
            Query("a", "1"),
            SourceIp("10.0.0.0/8"),
        ]);
        var headers = new HeaderDictionary { ["X-Env"] = env };

        Assert.Equal(6, set.Count);
        Assert.Equal(
            expected,
            set.Matches(TestRequests.Create(host: "www.example.com", path: "/api/x", query: query, headers: headers, remoteIp: peer)));
    }

    [Fact]
    public void Matches_SeveralHttpHeaderConditions_Anded()
    {
        var set = RuleConditionSet.Compile([Header("X-A", "1"), Header("X-B", "2")]);

        Assert.True(set.Matches(TestRequests.Create(headers: new HeaderDictionary { ["X-A"] = "1", ["X-B"] = "2" })));
        Assert.False(set.Matches(TestRequests.Create(headers: new HeaderDictionary { ["X-A"] = "1" })));
    }

    [Theory]
    [InlineData("unknown-field")]
    [InlineData(null)]
    public void Compile_UnknownField_Throws(string? field)
    {
        Assert.Throws<ArgumentException>(() => RuleConditionSet.Compile([new RuleConditionConfig { Field = field }]));
    }

    [Fact]
    public void Compile_MissingConfig_Throws()
    {
        Assert.Throws<ArgumentException>(() => RuleConditionSet.Compile([new RuleConditionConfig { Field = "source-ip" }]));
    }

    [Fact]
    public void Matches_DefaultRequest_EachConditionFalseWithoutThrowing()
    {
        RuleConditionConfig[] conditions =
        [
            Host("*"),
            Path("/*"),
            Method("GET"),
            Header("X-A", "*"),
            Query(null, "*"),
            SourceIp("0.0.0.0/0"),
        ];

        foreach (var condition in conditions)
        {
            Assert.False(RuleConditionSet.Compile([condition]).Matches(default), condition.Field);
        }
    }

    [Fact]
    public void Matches_TypicalRequest_DoesNotAllocate()
    {
        var set = RuleConditionSet.Compile(
        [
            Host("*.example.com", "example.org"),
            Path("/api/*", "/health"),
            Method("GET", "POST"),
            Header("User-Agent", "*Mozilla*"),
            Query("version", "v*"),
            Query(null, "a b"),
            SourceIp("10.0.0.0/8", "2001:db8::/32"),
        ]);
        var headers = new HeaderDictionary { ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64)", ["Accept"] = "*/*" };
        var request = TestRequests.Create(
            host: "www.example.com:8080",
            path: "/api/v1/users/42",
            query: "page=2&q=a+b&version=v3",
            headers: headers);
        var missing = TestRequests.Create(host: "www.example.com", path: "/other", query: "x=%41");

        Assert.True(set.Matches(request));
        Assert.False(set.Matches(missing));

        var allocated = Allocations.PerRound(() =>
        {
            set.Matches(request);
            set.Matches(missing);
        });

        Assert.Equal(0, allocated);
    }
}
