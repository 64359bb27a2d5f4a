using AlbEmulator.Configuration;
using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

public class RedirectUrlBuilderTests
{
    private static RedirectSource Source(
        string protocol = "HTTP",
        string? host = "www.example.com",
        int port = 80,
        string path = "/version",
        string query = "",
        string fallbackHost = "local-alb-1234567890.us-east-1.elb.amazonaws.com") =>
        new(protocol, host, port, path, query, fallbackHost);

    [Theory]
    // protocol, host, port, path, query (null = omitted) → Location
    [InlineData("HTTPS", null, "443", null, null, "https://www.example.com:443/version")]
    [InlineData("HTTPS", "#{host}", "443", "/#{path}", "#{query}", "https://www.example.com:443/version")]
    [InlineData("#{protocol}", null, "8443", null, null, "http://www.example.com:8443/version")]
    [InlineData(null, null, "#{port}", "/new/#{path}", null, "http://www.example.com:80/new/version")]
    [InlineData(null, "new.example.com", null, null, null, "http://new.example.com:80/version")]
    [InlineData(null, "New.Example.COM", null, null, null, "http://new.example.com:80/version")]
    [InlineData(null, "#{host}.cdn.net", null, null, null, "http://www.example.com.cdn.net:80/version")]
    [InlineData(null, null, null, "/#{host}/#{port}/#{path}", null, "http://www.example.com:80/www.example.com/80/version")]
    [InlineData(null, null, null, "/fixed", "from=#{protocol}://#{host}:#{port}/#{path}?#{query}", "http://www.example.com:80/fixed?from=http://www.example.com:80/version?")]
    [InlineData(null, null, null, "/fixed", "", "http://www.example.com:80/fixed")]
    [InlineData("https", null, null, null, null, "https://www.example.com:80/version")]
    public void Build_Placeholders_Replaced(string? protocol, string? host, string? port, string? path, string? query, string expected)
    {
        var config = new RedirectActionConfig { Protocol = protocol, Host = host, Port = port, Path = path, Query = query, StatusCode = "HTTP_301" };

        Assert.Equal(expected, RedirectUrlBuilder.Build(config, Source()));
    }

    [Theory]
    [InlineData("", "http://new.example.com:8080/a/b.html")]
    [InlineData("x=1&y=2", "http://new.example.com:8080/a/b.html?x=1&y=2")]
    public void Build_ConfigFormatExample_HostPathQueryKept(string query, string expected)
    {
        var config = new RedirectActionConfig { Host = "new.example.com", Path = "/#{path}", Query = "#{query}", StatusCode = "HTTP_301" };

        var url = RedirectUrlBuilder.Build(config, Source(host: "old.example.com:8080", port: 8080, path: "/a/b.html", query: query));

        Assert.Equal(expected, url);
        Assert.Equal(301, RedirectUrlBuilder.RedirectStatusCode(config.StatusCode!));
    }

    [Theory]
    [InlineData(null, "new.example.com", null, "/#{path}", "#{query}", "http://new.example.com:8080/a/b.html?x=1")]
    [InlineData("HTTPS", null, "443", null, null, "https://old.example.com:443/a/b.html?x=1")]
    [InlineData("HTTPS", "#{host}", "443", "/#{path}", "#{query}", "https://old.example.com:443/a/b.html?x=1")]
    [InlineData(null, null, null, "/v2/#{path}", "", "http://old.example.com:8080/v2/a/b.html")]
    [InlineData(null, null, null, "/login", "next=/#{path}", "http://old.example.com:8080/login?next=/a/b.html")]
    public void Build_DocumentedExamples_AsInListenerRulesMd(string? protocol, string? host, string? port, string? path, string? query, string expected)
    {
        var config = new RedirectActionConfig { Protocol = protocol, Host = host, Port = port, Path = path, Query = query, StatusCode = "HTTP_301" };

        var url = RedirectUrlBuilder.Build(config, Source(host: "old.example.com:8080", port: 8080, path: "/a/b.html", query: "x=1"));

        Assert.Equal(expected, url);
    }

    [Theory]
    [InlineData("WWW.Example.com:8080", "https://www.example.com:443/version")]
    [InlineData("[::1]:8080", "https://[::1]:443/version")]
    [InlineData(null, "https://local-alb-1234567890.us-east-1.elb.amazonaws.com:443/version")]
    [InlineData("", "https://local-alb-1234567890.us-east-1.elb.amazonaws.com:443/version")]
    public void Build_OriginalHost_LowerCasedWithoutPortOrFallback(string? host, string expected)
    {
        var config = new RedirectActionConfig { Protocol = "HTTPS", Port = "443", StatusCode = "HTTP_301" };

        Assert.Equal(expected, RedirectUrlBuilder.Build(config, Source(host: host)));
    }

    [Theory]
    [InlineData("/", "/#{path}", "http://www.example.com:80/")]
    [InlineData("/a%20b/c", "/#{path}", "http://www.example.com:80/a%20b/c")]
    [InlineData("/Mixed/Case", "/#{path}", "http://www.example.com:80/Mixed/Case")]
    [InlineData("/x", "/prefix#{path}", "http://www.example.com:80/prefixx")]
    public void Build_Path_RawWithoutLeadingSlash(string originalPath, string configPath, string expected)
    {
        var config = new RedirectActionConfig { Port = "80", Path = configPath, StatusCode = "HTTP_301" };

        Assert.Equal(expected, RedirectUrlBuilder.Build(config, Source(path: originalPath)));
    }

    [Theory]
    [InlineData("#{query}", "a=1", "http://www.example.com:80/version?a=1")]
    [InlineData("#{query}", "", "http://www.example.com:80/version")]
    [InlineData("#{query}&b=2", "a=1", "http://www.example.com:80/version?a=1&b=2")]
    [InlineData("b=2", "a=1", "http://www.example.com:80/version?b=2")]
    [InlineData("p=#{path}", "", "http://www.example.com:80/version?p=version")]
    public void Build_Query_ReplacedOrOmittedWhenEmpty(string configQuery, string originalQuery, string expected)
    {
        var config = new RedirectActionConfig { Host = "#{host}", Query = configQuery, StatusCode = "HTTP_302" };

        Assert.Equal(expected, RedirectUrlBuilder.Build(config, Source(query: originalQuery)));
    }

    [Theory]
    [InlineData(null, null, "#{query}", "http://www.example.com:80/version?#{query}=1")]
    [InlineData("#{query}.example.com", null, null, "http://#{query}.example.com:80/version?#{query}=1")]
    [InlineData(null, "/#{query}", null, "http://www.example.com:80/#{query}?#{query}=1")]
    public void Build_KeywordsOnlyWhereAllowed_OriginalValuesNotReExpanded(string? host, string? path, string? query, string expected)
    {
        var config = new RedirectActionConfig { Host = host, Path = path, Query = query, StatusCode = "HTTP_301" };

        Assert.Equal(expected, RedirectUrlBuilder.Build(config, Source(query: "#{query}=1")));
    }

    [Fact]
    public void Build_UnknownKeyword_CopiedAsWritten()
    {
        var config = new RedirectActionConfig { Path = "/#{nope}/#{path}", StatusCode = "HTTP_301" };

        Assert.Equal("http://www.example.com:80/#{nope}/version", RedirectUrlBuilder.Build(config, Source()));
    }

    [Theory]
    [InlineData(8192, true)]
    [InlineData(8193, false)]
    public void Build_UrlLongerThan8K_Null(int totalLength, bool expectedUrl)
    {
        const string Prefix = "http://www.example.com:80/";
        var path = "/" + new string('a', totalLength - Prefix.Length);
        var config = new RedirectActionConfig { Path = "/#{path}", StatusCode = "HTTP_301" };

        var url = RedirectUrlBuilder.Build(config, Source(path: path));

        Assert.Equal(expectedUrl, url is not null);
        if (url is not null)
        {
            Assert.Equal(RedirectUrlBuilder.MaxUrlLength, url.Length);
        }
    }

    [Theory]
    [InlineData("HTTP_301", 301)]
    [InlineData("HTTP_302", 302)]
    public void RedirectStatusCode_ConfigValue_HttpStatus(string status, int expected)
    {
        Assert.Equal(expected, RedirectUrlBuilder.RedirectStatusCode(status));
    }

    [Theory]
    [InlineData("HTTP_303")]
    [InlineData("301")]
    [InlineData("")]
    public void RedirectStatusCode_Other_Throws(string status)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RedirectUrlBuilder.RedirectStatusCode(status));
    }
}
