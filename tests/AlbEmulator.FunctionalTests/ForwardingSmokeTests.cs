using System.Net;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

public sealed class ForwardingSmokeTests
{
    [Fact]
    public async Task Forward_Http1TargetGroup_TargetSeesAlbHeaders()
    {
        await using var backend = await TestBackend.StartAsync("a");
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """);
        using var client = env.CreateClient(8080);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/a/b?c=d");
        request.Headers.Host = "Example.COM";
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echoed = EchoedRequest.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/a/b?c=d", echoed.RawTarget);
        Assert.Equal("HTTP/1.1", echoed.Protocol);
        Assert.Equal("example.com:8080", echoed.Header("Host"));
        Assert.Equal("127.0.0.1", echoed.Header("X-Forwarded-For"));
        Assert.Equal("http", echoed.Header("X-Forwarded-Proto"));
        Assert.Equal("8080", echoed.Header("X-Forwarded-Port"));
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$", echoed.Header("X-Amzn-Trace-Id"));

        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/a/b?c=d")));
        Assert.Equal("http", line.Type);
        Assert.Equal("200", line.ElbStatusCode);
        Assert.Equal("200", line.TargetStatusCode);
        Assert.Equal("http://example.com:8080/a/b?c=d", line.RequestUrl);
        Assert.Equal("0", line.MatchedRulePriority);
        Assert.Equal("forward", line.ActionsExecuted);
        Assert.Equal(echoed.Header("X-Amzn-Trace-Id"), line.TraceId);
    }
}
