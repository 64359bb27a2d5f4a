using AlbEmulator.Configuration;
using AlbEmulator.Rules;
using AlbEmulator.Utilities;

namespace AlbEmulator.Tests.Rules;

public sealed class RuleTransformsTests
{
    private static RuleTransforms Url(params (string Regex, string Replace)[] rewrites) => RuleTransforms.Compile(
    [
        new RuleTransformConfig { Type = "url-rewrite", UrlRewriteConfig = new RewriteListConfig { Rewrites = rewrites.Select(r => new RewriteConfig(r.Regex, r.Replace)).ToValueList() } },
    ]);

    private static RuleTransforms Host(string regex, string replace) => RuleTransforms.Compile(
    [
        new RuleTransformConfig { Type = "host-header-rewrite", HostHeaderRewriteConfig = new RewriteListConfig { Rewrites = new[] { new RewriteConfig(regex, replace) }.ToValueList() } },
    ]);

    [Theory]
    [InlineData("^/dp/([A-Za-z0-9]+)/?$", "/product.php?id=$1", "/dp/B09G3HRMW", "/product.php?id=B09G3HRMW")]
    [InlineData("^/api/", "/", "/api/users?x=1", "/users?x=1")]
    [InlineData("v1", "v2", "/v1/a/v1", "/v2/a/v1")]
    [InlineData("^/(a)(b)$", "/${2}${1}$$", "/ab", "/ba$")]
    [InlineData("^/(?<name>x)$", "/$0-$1", "/x", "//x-x")]
    public void Url_rewrite_replaces_the_first_match(string regex, string replace, string input, string expected)
    {
        var result = Url((regex, replace)).Apply("h.example.com", input);

        Assert.Equal(new TransformResult(null, expected, "TransformSuccess"), result);
    }

    [Fact]
    public void The_first_matching_rewrite_wins_and_no_match_changes_nothing()
    {
        var transforms = Url(("^/a", "/first"), ("^/a", "/second"), ("^/b", "/third"));

        Assert.Equal("/first", transforms.Apply(null, "/a").Uri);
        Assert.Equal("/third", transforms.Apply(null, "/b").Uri);
        Assert.Equal(default, transforms.Apply(null, "/c"));
    }

    [Theory]
    [InlineData("^/(.*)$", "$1", "TransformInvalidPath")]
    [InlineData("^/(.*)$", "/$2", "TransformReplaceError")]
    [InlineData("^/(.*)$", "/${1", "TransformReplaceError")]
    [InlineData("^/(.*)$", "/a b", "TransformInvalidPath")]
    [InlineData("^/(.*)$", "/a#b", "TransformInvalidPath")]
    public void Failures_name_their_status(string regex, string replace, string status)
    {
        Assert.Equal(TransformResult.Failed(status), Url((regex, replace)).Apply(null, "/x"));
    }

    [Fact]
    public void A_result_longer_than_8K_is_TransformBufferTooSmall()
    {
        Assert.Equal(TransformResult.Failed("TransformBufferTooSmall"), Url(("^/(.*)$", "/$1$1$1$1$1$1$1$1$1")).Apply(null, "/" + new string('a', 1000)));
    }

    [Theory]
    [InlineData("^mywebsite-(.+).com$", "internal.dev.$1.myweb.com", "mywebsite-example.com", "internal.dev.example.myweb.com", "TransformSuccess")]
    [InlineData("^(.*)$", "bad host", "a.example.com", null, "TransformInvalidHost")]
    [InlineData("^nomatch$", "x", "a.example.com", null, null)]
    public void Host_rewrite(string regex, string replace, string host, string? expected, string? status)
    {
        var result = Host(regex, replace).Apply(host, "/");

        Assert.Equal(expected, result.Host);
        Assert.Equal(status, result.Status);
        Assert.Null(result.Uri);
    }

    [Fact]
    public void A_request_without_host_is_not_host_rewritten()
    {
        Assert.Equal(default, Host("^(.*)$", "x.example.com").Apply(null, "/"));
    }
}
