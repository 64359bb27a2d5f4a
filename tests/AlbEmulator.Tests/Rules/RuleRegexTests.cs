using System.Diagnostics;
using AlbEmulator.Rules;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.Rules;

public sealed class RuleRegexTests
{
    [Theory]
    [InlineData(@"^(.*)\.example\.com$")]
    [InlineData(@"^\/api\/(.*)$")]
    [InlineData(".+")]
    [InlineData("(?i)^WWW")]
    [InlineData(@"^[a-z0-9-]+\.example\.com:8443$")]
    public void Accepts_the_documented_dialect(string pattern)
    {
        Assert.Null(RuleRegex.Check(pattern));
    }

    [Theory]
    [InlineData("a(?=b)", "lookaheads")]
    [InlineData("(?<=a)b", "lookaheads")]
    [InlineData(@"(a)\1", "backreferences")]
    [InlineData("(?>a+)b", "atomic groups")]
    [InlineData(@"\p{L}+", "Unicode character classes")]
    [InlineData(@"\P{Lu}", "Unicode character classes")]
    [InlineData("a*+", "not a valid regular expression")]
    [InlineData("(?R)", "not a valid regular expression")]
    [InlineData("(abc", "not a valid regular expression")]
    public void Rejects_what_ALB_does_not_support(string pattern, string reason)
    {
        Assert.Contains(reason, RuleRegex.Check(pattern));
    }

    [Fact]
    public void An_escaped_backslash_before_p_is_not_a_unicode_class()
    {
        Assert.Null(RuleRegex.Check(@"\\p"));
    }

    [Fact]
    public void Catastrophic_backtracking_patterns_run_in_linear_time()
    {
        var regex = RuleRegex.Compile("^(a+)+$");
        var input = new string('a', 100_000) + "!";
        var watch = Stopwatch.StartNew();

        Assert.False(RuleRegex.IsMatch(regex, input));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData(@"^(.*)\.example\.com$", "test.example.com", true)]
    [InlineData(@"^(.*)\.example\.com$", "example.com", false)]
    [InlineData(@"example\.com:8443$", "www.example.com:8443", true)]
    [InlineData(@"example", "www.example.com", true)]
    [InlineData(@"^EXAMPLE", "example.com", false)]
    [InlineData(@"(?i)^EXAMPLE", "example.com", true)]
    public void Host_regex_searches_the_host_as_received_port_included(string pattern, string host, bool expected)
    {
        var condition = new HostHeaderCondition([], [pattern]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(host: host)));
    }

    [Theory]
    [InlineData(@"^\/api\/(.*)$", "/api/users", true)]
    [InlineData(@"^\/api\/(.*)$", "/v1/api/users", false)]
    [InlineData(@"/v[0-9]+/", "/x/v12/y", true)]
    [InlineData(@"^/a/c$", "/a/b/../c", true)]
    public void Path_regex_searches_the_normalised_path(string pattern, string path, bool expected)
    {
        var condition = new PathPatternCondition([], [pattern]);

        Assert.Equal(expected, condition.Matches(TestRequests.Create(path: path)));
    }

    [Fact]
    public void Header_regex_tries_every_occurrence()
    {
        var condition = new HttpHeaderCondition("User-Agent", [], ["Chrome/[0-9]+"]);
        var headers = new HeaderDictionary { ["User-Agent"] = new(["curl/8", "Mozilla Chrome/120"]) };

        Assert.True(condition.Matches(TestRequests.Create(headers: headers)));
        Assert.False(condition.Matches(TestRequests.Create(headers: new HeaderDictionary { ["User-Agent"] = "curl/8" })));
        Assert.False(condition.Matches(TestRequests.Create()));
    }
}
