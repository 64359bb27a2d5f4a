using System.Net;
using System.Text.Json;
using AlbEmulator.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SampleApp.Tests;

/// <summary>
/// SampleApp behind an emulated ALB, in memory: the app runs under WebApplicationFactory and the
/// emulator forwards to it without a socket. Each test starts its own emulator (cheap: ~tens of ms).
/// </summary>
public sealed class SampleAppBehindAlbTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> _app;

    public SampleAppBehindAlbTests(WebApplicationFactory<Program> app) => _app = app;

    [Fact]
    public async Task The_app_sees_the_headers_an_ALB_adds()
    {
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c
                .Listener(8080, "HTTP", l => l.DefaultForward("web"))
                .TargetGroup("web"))
            .WithApp("web", _app)
            .StartAsync();
        using var client = alb.CreateClient(8080);

        var response = await client.GetAsync("/api/hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("127.0.0.1", body.RootElement.GetProperty("forwardedFor").GetString());
        Assert.Equal("8080", body.RootElement.GetProperty("forwardedPort").GetString());
        Assert.StartsWith("Root=1-", body.RootElement.GetProperty("traceId").GetString());
        var line = await alb.WaitForAccessLogAsync(e => e.RequestUrl.EndsWith("/api/hello", StringComparison.Ordinal));
        Assert.Equal(200, line.ElbStatusCode);
        Assert.Equal(200, line.TargetStatusCode);
        Assert.Equal("127.0.0.1:80", line.Target);
        Assert.Equal(["forward"], line.ActionsExecuted);
    }

    [Fact]
    public async Task An_HTTP1_client_to_an_HTTP2_target_group_gets_464()
    {
        // An HTTP2 target group needs an HTTPS listener (AWS rejects the config otherwise); an HTTP/1.1
        // client on that listener cannot be forwarded to it.
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c
                .Listener(8443, "HTTPS", l => l.DefaultForward("h2"))
                .TargetGroup("h2", tg => tg.ProtocolVersion("HTTP2")))
            .WithApp("h2", _app)
            .StartAsync();
        using var client = alb.CreateClient(8443, new AlbClientOptions { HttpVersion = HttpVersion.Version11 });

        var response = await client.GetAsync("/api/hello");

        Assert.Equal((HttpStatusCode)464, response.StatusCode);
        var line = await alb.WaitForAccessLogAsync(e => e.ElbStatusCode == 464);
        Assert.Null(line.TargetStatusCode);
        Assert.Null(line.Target);
    }

    [Fact]
    public async Task A_target_group_with_no_targets_gives_503()
    {
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c
                .Listener(8080, "HTTP", l => l.DefaultForward("web").Rule(10, r => r.PathPattern("/api/*").Forward("api")))
                .TargetGroup("web")
                .TargetGroup("api"))
            .WithApp("web", _app)
            .StartAsync();
        using var client = alb.CreateClient(8080);

        var response = await client.GetAsync("/api/hello");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("awselb/2.0", response.Headers.Server.ToString());
        var line = await alb.WaitForAccessLogAsync(e => e.ElbStatusCode == 503);
        Assert.Equal(10, line.MatchedRulePriority);
        Assert.Null(line.Target);
    }

    [Fact]
    public async Task Target_group_stickiness_keeps_a_client_on_one_group()
    {
        using var blue = _app.WithWebHostBuilder(b => b.UseSetting("Instance", "blue"));
        using var green = _app.WithWebHostBuilder(b => b.UseSetting("Instance", "green"));
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c
                .Listener(8080, "HTTP", l => l.DefaultForward(f => f.TargetGroup("blue", 50).TargetGroup("green", 50).Stickiness(300)))
                .TargetGroup("blue")
                .TargetGroup("green"))
            .WithApp("blue", blue)
            .WithApp("green", green)
            .StartAsync();
        using var client = alb.CreateClient(8080, new AlbClientOptions { UseCookies = true });

        var first = await client.GetStringAsync("/");
        var next = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            next.Add(await client.GetStringAsync("/"));
        }

        Assert.All(next, body => Assert.Equal(first, body));
        using var fresh = alb.CreateClient(8080);
        var response = await fresh.GetAsync("/");
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("AWSALBTG=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redirect_rule_answers_without_reaching_the_app()
    {
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c
                .Listener(8080, "HTTP", l => l
                    .DefaultForward("web")
                    .Rule(5, r => r.PathPattern("/old/*").Redirect(path: "/api/hello", query: "from=#{path}", statusCode: 302)))
                .TargetGroup("web"))
            .WithApp("web", _app)
            .StartAsync();
        using var client = alb.CreateClient(8080);

        var response = await client.GetAsync("/old/page");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        // #{path} is the path without its leading slash; the host is the client's Host header, the port the listener's.
        Assert.Equal("http://127.0.0.1:8080/api/hello?from=old/page", response.Headers.Location?.ToString());
        var line = await alb.WaitForAccessLogAsync(e => e.ElbStatusCode == 302);
        Assert.Equal(["redirect"], line.ActionsExecuted);
        Assert.Equal(5, line.MatchedRulePriority);
        Assert.Null(line.Target);
    }
}
