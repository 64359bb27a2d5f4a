using System.Text;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>Rule actions (ACT-10, ACT-20, ACT-30): forward, fixed-response, redirect, as seen on the wire and in the access log.</summary>
public sealed class ActionTests
{
    private static string ListenerWith(string ruleAction, string targetGroups, string defaultGroup) => $$"""
        {
          "Listeners": [ {
            "Port": 8080, "Protocol": "HTTP",
            "DefaultActions": [ {{TestConfig.Forward(defaultGroup)}} ],
            "Rules": [ { "Priority": 4, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/action/*" ] } } ], "Actions": [ {{ruleAction}} ] } ]
          } ],
          "TargetGroups": [ {{targetGroups}} ]
        }
        """;

    private static string Page(int code, string reason) =>
        $"<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n</body>\r\n</html>\r\n";

    [Fact]
    public async Task Forward_SingleTargetGroup_TargetAnswersAndLogNamesTarget()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(ListenerWith(TestConfig.Forward("a"), TestConfig.TargetGroups(a, d), "d"));
        using var client = env.CreateClient(8080);

        var (echo, log) = await Exchange.GetAsync(env, client, "/action/go?q=1");

        Assert.Equal("a", echo.Backend);
        Assert.Equal("/action/go?q=1", echo.RawTarget);
        Assert.Equal("forward", log.ActionsExecuted);
        Assert.Equal("4", log.MatchedRulePriority);
        Assert.Equal("127.0.0.1", log.TargetIp);
        Assert.Equal(a.Port.ToString(), log.TargetPort);
        Assert.Equal("200", log.TargetStatusCode);
        Assert.True(Exchange.IsTargetGroup(log, "a"), log.TargetGroupArn);
        Assert.Equal(0, d.RequestCount);
    }

    [Theory]
    [InlineData("503", "text/plain", "down for maintenance", "HTTP/1.1 503 Service Unavailable")]
    [InlineData("200", "application/json", "{\"ok\":true}", "HTTP/1.1 200 OK")]
    [InlineData("404", "text/html", "<p>gone</p>", "HTTP/1.1 404 Not Found")]
    public async Task FixedResponse_Configured_ExactResponseAndNoTarget(string status, string contentType, string body, string statusLine)
    {
        await using var d = await TestBackend.StartAsync("d");
        var action = $$"""{ "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "{{status}}", "ContentType": "{{contentType}}", "MessageBody": {{System.Text.Json.JsonSerializer.Serialize(body)}} } }""";
        await using var env = await AlbTestEnvironment.StartAsync(ListenerWith(action, TestConfig.TargetGroups(d), "d"));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync("GET /action/fixed HTTP/1.1\r\nHost: fixed.test\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(statusLine, response.StatusLine);
        Assert.Equal("awselb/2.0", response.Header("Server"));
        Assert.Equal(contentType + "; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal(Encoding.UTF8.GetByteCount(body).ToString(), response.Header("Content-Length"));
        Assert.Equal("keep-alive", response.Header("Connection"));
        Assert.NotNull(response.Header("Date"));
        Assert.Equal(body, response.BodyText);
        Assert.Equal(0, d.RequestCount);

        var raw = await env.WaitForAccessLogAsync(l => l.Contains("/action/fixed", StringComparison.Ordinal));
        var log = AccessLogLine.Parse(raw);
        Assert.Equal("fixed-response", log.ActionsExecuted);
        Assert.Equal(status, log.ElbStatusCode);
        Assert.Equal("-", log.TargetStatusCode);
        Assert.Equal("-", Exchange.LeadingFields(raw)[4]);
        Assert.Equal("-", log.TargetGroupArn);
        Assert.Equal("4", log.MatchedRulePriority);
    }

    [Fact]
    public async Task FixedResponse_HeadRequest_HeadersOnlyConnectionReusable()
    {
        await using var d = await TestBackend.StartAsync("d");
        var action = """{ "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "hello" } }""";
        await using var env = await AlbTestEnvironment.StartAsync(ListenerWith(action, TestConfig.TargetGroups(d), "d"));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync("HEAD /action/head HTTP/1.1\r\nHost: fixed.test\r\n\r\n");
        var head = await connection.ReadResponseAsync(headRequest: true);
        await connection.SendAsync("GET /action/head HTTP/1.1\r\nHost: fixed.test\r\n\r\n");
        var get = await connection.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 200 OK", head.StatusLine);
        Assert.Equal("5", head.Header("Content-Length"));
        Assert.Empty(head.Body);
        Assert.Equal("HTTP/1.1 200 OK", get.StatusLine);
        Assert.Equal("hello", get.BodyText);
    }

    [Fact]
    public async Task FixedResponse_NoMessageBody_EmptyBodyWithContentLengthZero()
    {
        await using var d = await TestBackend.StartAsync("d");
        var action = """{ "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "204" } }""";
        await using var env = await AlbTestEnvironment.StartAsync(ListenerWith(action, TestConfig.TargetGroups(d), "d"));
        using var client = env.CreateClient(8080);

        using var response = await client.GetAsync("/action/empty");

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("awselb/2.0", string.Join(",", response.Headers.GetValues("Server")));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/action/empty", StringComparison.Ordinal)));
        Assert.Equal("204", log.ElbStatusCode);
        Assert.Equal("fixed-response", log.ActionsExecuted);
    }

    [Fact]
    public async Task Redirect301_ExplicitHostAndPort_ExactLocationHeadersAndBody()
    {
        await using var d = await TestBackend.StartAsync("d");
        var action = """{ "Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Host": "new.example.com", "Port": "443", "Path": "/#{path}", "Query": "#{query}", "StatusCode": "HTTP_301" } }""";
        await using var env = await AlbTestEnvironment.StartAsync(ListenerWith(action, TestConfig.TargetGroups(d), "d"));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync("GET /action/x?y=1 HTTP/1.1\r\nHost: Old.Example.com\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 301 Moved Permanently", response.StatusLine);
        Assert.Equal("https://new.example.com:443/action/x?y=1", response.Header("Location"));
        Assert.Equal("awselb/2.0", response.Header("Server"));
        Assert.Equal("text/html", response.Header("Content-Type"));
        Assert.Equal("134", response.Header("Content-Length"));
        Assert.Equal("keep-alive", response.Header("Connection"));
        Assert.Equal(Encoding.ASCII.GetBytes(Page(301, "Moved Permanently")), response.Body);
        Assert.Equal(0, d.RequestCount);

        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/action/x?y=1", StringComparison.Ordinal)));
        Assert.Equal("redirect", log.ActionsExecuted);
        Assert.Equal("https://new.example.com:443/action/x?y=1", log.RedirectUrl);
        Assert.Equal("301", log.ElbStatusCode);
        Assert.Equal("-", log.TargetStatusCode);
        Assert.Equal("4", log.MatchedRulePriority);
    }

    [Fact]
    public async Task Redirect302_AllKeywords_ExpandedFromRequest()
    {
        await using var d = await TestBackend.StartAsync("d");
        var action = """{ "Type": "redirect", "RedirectConfig": { "Protocol": "#{protocol}", "Host": "#{host}", "Port": "9090", "Path": "/v2/#{path}", "Query": "#{query}&from=#{protocol}-#{host}-#{port}", "StatusCode": "HTTP_302" } }""";
        await using var env = await AlbTestEnvironment.StartAsync(ListenerWith(action, TestConfig.TargetGroups(d), "d"));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync("GET /action/a/b?c=d&e=f HTTP/1.1\r\nHost: Shop.Example.com:8080\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        const string expected = "http://shop.example.com:9090/v2/action/a/b?c=d&e=f&from=http-shop.example.com-8080";
        Assert.Equal("HTTP/1.1 302 Found", response.StatusLine);
        Assert.Equal(expected, response.Header("Location"));
        Assert.Equal("awselb/2.0", response.Header("Server"));
        Assert.Equal("text/html", response.Header("Content-Type"));
        Assert.Equal("110", response.Header("Content-Length"));
        Assert.Equal(Encoding.ASCII.GetBytes(Page(302, "Found")), response.Body);

        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/action/a/b?c=d", StringComparison.Ordinal)));
        Assert.Equal("redirect", log.ActionsExecuted);
        Assert.Equal(expected, log.RedirectUrl);
        Assert.Equal("302", log.ElbStatusCode);
    }

    [Fact]
    public async Task Redirect_NoQueryInRequest_LocationWithoutQuestionMark()
    {
        await using var d = await TestBackend.StartAsync("d");
        var action = """{ "Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301" } }""";
        await using var env = await AlbTestEnvironment.StartAsync(ListenerWith(action, TestConfig.TargetGroups(d), "d"));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync("GET /action/plain HTTP/1.1\r\nHost: www.example.com\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(301, response.StatusCode);
        Assert.Equal("https://www.example.com:443/action/plain", response.Header("Location"));
    }
}
