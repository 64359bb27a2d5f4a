using System.Net;
using System.Text.RegularExpressions;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>ACT-40: host-header-rewrite and url-rewrite transforms through a real listener, access-log fields 31–33, failures.</summary>
public sealed class RuleTransformTests
{
    [Fact]
    public async Task Target_sees_the_rewritten_host_and_url_and_the_access_log_records_them()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var env = await StartAsync(web);
        using var client = env.CreateClient(8080);

        var (echo, log) = await Exchange.GetAsync(env, client, "/dp/B09G3HRMW", r => r.Headers.Host = "mywebsite-example.com");

        Assert.Equal("/product.php?id=B09G3HRMW", echo.RawTarget);
        Assert.Equal(["internal.dev.example.myweb.com"], echo.All("Host"));
        Assert.Equal("1", log.MatchedRulePriority);
        Assert.Contains("/dp/B09G3HRMW", log.RequestUrl, StringComparison.Ordinal); // the request field stays the client's
        Assert.Equal(("internal.dev.example.myweb.com", "/product.php?id=B09G3HRMW", "TransformSuccess"), Transformed(log));
    }

    [Fact]
    public async Task No_match_forwards_the_request_unchanged_with_dashes_in_the_log()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var env = await StartAsync(web);
        using var client = env.CreateClient(8080);

        var (echo, log) = await Exchange.GetAsync(env, client, "/dp/x/y?z=1", r => r.Headers.Host = "other-site.example.com");

        Assert.Equal("/dp/x/y?z=1", echo.RawTarget);
        Assert.Equal("1", log.MatchedRulePriority);
        Assert.Equal(("-", "-", "-"), Transformed(log));
    }

    [Fact]
    public async Task A_failed_transform_is_answered_500_with_the_reason_in_the_log()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var env = await StartAsync(web);
        using var client = env.CreateClient(8080);

        using var response = await client.GetAsync("/broken/abc");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(["awselb/2.0"], response.Headers.GetValues("Server"));
        Assert.Contains("<center><h1>500 Internal Server Error</h1></center>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/broken/abc", StringComparison.Ordinal)));
        Assert.Equal("500", log.ElbStatusCode);
        Assert.Equal("-", log.TargetStatusCode);
        Assert.Equal(("-", "-", "TransformInvalidPath"), Transformed(log));
        Assert.Equal(0, web.RequestCount);

        using var missingGroup = await client.GetAsync("/group/abc");
        Assert.Equal(HttpStatusCode.InternalServerError, missingGroup.StatusCode);
        log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/group/abc", StringComparison.Ordinal)));
        Assert.Equal(("-", "-", "TransformReplaceError"), Transformed(log));
    }

    [Fact]
    public async Task A_redirect_sees_the_transformed_path()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var env = await StartAsync(web);
        using var client = env.CreateClient(8080);

        using var response = await client.GetAsync("/legacy/page");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https://www.example.com:443/modern/page", response.Headers.Location!.OriginalString);
    }

    private static (string Host, string Uri, string Status) Transformed(AccessLogLine log)
    {
        var match = Regex.Match(log.Raw, "(TID_[0-9a-f]{32}) \"([^\"]*)\" \"([^\"]*)\" \"([^\"]*)\"");
        Assert.True(match.Success, log.Raw);
        return (match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value);
    }

    private static Task<AlbTestEnvironment> StartAsync(TestBackend web) => AlbTestEnvironment.StartAsync($$"""
        {
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward("web")}} ], "Rules": [
            { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/dp/*" ] } ], "Actions": [ {{TestConfig.Forward("web")}} ],
              "Transforms": [
                { "Type": "host-header-rewrite", "HostHeaderRewriteConfig": { "Rewrites": [ { "Regex": "^mywebsite-(.+).com$", "Replace": "internal.dev.$1.myweb.com" } ] } },
                { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "^/dp/([A-Za-z0-9]+)/?$", "Replace": "/product.php?id=$1" } ] } } ] },
            { "Priority": 2, "Conditions": [ { "Field": "path-pattern", "Values": [ "/broken/*" ] } ], "Actions": [ {{TestConfig.Forward("web")}} ],
              "Transforms": [ { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "^/broken/(.*)$", "Replace": "$1" } ] } } ] },
            { "Priority": 3, "Conditions": [ { "Field": "path-pattern", "Values": [ "/group/*" ] } ], "Actions": [ {{TestConfig.Forward("web")}} ],
              "Transforms": [ { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "^/group/(.*)$", "Replace": "/x/$2" } ] } } ] },
            { "Priority": 4, "Conditions": [ { "Field": "path-pattern", "Values": [ "/legacy/*" ] } ],
              "Actions": [ { "Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Host": "www.example.com", "Port": "443", "Path": "/#{path}", "StatusCode": "HTTP_301" } } ],
              "Transforms": [ { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "^/legacy/", "Replace": "/modern/" } ] } } ] }
          ] } ],
          "TargetGroups": [ {{TestConfig.TargetGroup("web", web)}} ]
        }
        """);
}
