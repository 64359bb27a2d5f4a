using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AlbEmulator.Testing.Tests;

public sealed class AlbEmulatorFixtureTests
{
    private const string TwoGroupsJson = """
        {
          // comments are allowed, as in a config file
          "Listeners": [
            {
              "Port": 8080, "Protocol": "HTTP",
              "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
              "Rules": [ { "Priority": 10,
                           "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/api/*" ] } } ],
                           "Actions": [ { "Type": "forward", "TargetGroupName": "api" } ] } ]
            }
          ],
          "TargetGroups": [
            { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [] },
            { "Name": "api", "Protocol": "HTTP", "Port": 80, "Targets": [] },
          ]
        }
        """;

    [Fact]
    public async Task A_JSON_config_with_real_URL_targets_routes_by_rule_and_logs_each_request()
    {
        await using var web = await Backend.StartAsync("web");
        await using var api = await Backend.StartAsync("api");
        await using var alb = await AlbEmulatorFixture.FromJson(TwoGroupsJson)
            .WithTargetUrls("web", web.Url)
            .WithTargetUrls("api", api.Url)
            .StartAsync();
        using var client = alb.CreateClient(8080);

        Assert.Equal("web /", await client.GetStringAsync("/"));
        Assert.Equal("api /api/x", await client.GetStringAsync("/api/x"));

        var lines = await alb.WaitForAccessLogCountAsync(2);
        var apiLine = Assert.Single(lines, e => e.RequestUrl.EndsWith("/api/x", StringComparison.Ordinal));
        Assert.Equal($"127.0.0.1:{api.Url.Port}", apiLine.Target);
        Assert.Equal(10, apiLine.MatchedRulePriority);
        Assert.Contains("targetgroup/api/", apiLine.TargetGroupArn, StringComparison.Ordinal);
        Assert.StartsWith("Root=1-", apiLine.TraceId, StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single(lines, e => e.RequestUrl.EndsWith(":8080/", StringComparison.Ordinal)).MatchedRulePriority);
        Assert.Empty(alb.UnparsedAccessLogLines);

        alb.ClearAccessLog();
        Assert.Empty(alb.AccessLog);
    }

    [Fact]
    public async Task The_listener_binds_an_ephemeral_port_but_keeps_the_configured_port_as_the_ALB_port()
    {
        await using var web = await Backend.StartAsync("web");
        await using var alb = await AlbEmulatorFixture.FromJson(TwoGroupsJson).WithTargetUrls("web", web.Url).WithTargetUrls("api", web.Url).StartAsync();

        Assert.NotEqual(8080, alb.ListenerUri(8080).Port);
        using var client = alb.CreateClient(8080);
        await client.GetStringAsync("/x");
        var line = await alb.WaitForAccessLogAsync(e => e.RequestUrl.EndsWith("/x", StringComparison.Ordinal));
        Assert.StartsWith("http://127.0.0.1:8080/", line.RequestUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_file_resolves_relative_to_its_directory()
    {
        var dir = Directory.CreateTempSubdirectory("alb-fixture-");
        try
        {
            var path = Path.Combine(dir.FullName, "alb.json");
            await File.WriteAllTextAsync(path, TwoGroupsJson);
            await using var alb = await AlbEmulatorFixture.FromFile(path).StartAsync();
            using var client = alb.CreateClient(8080);

            var response = await client.GetAsync("/");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_invalid_config_fails_with_every_error()
    {
        var builder = AlbEmulatorFixture.Configure(c => c
            .Listener(8080, "HTTP", l => l.DefaultForward("missing").Rule(0, r => r.PathPattern("/x").Forward("web")))
            .TargetGroup("web"));

        var error = await Assert.ThrowsAsync<AlbConfigException>(() => builder.StartAsync());

        Assert.True(error.Errors.Count >= 2, error.Message);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_load_balancers_each_answer_on_their_own_listener_and_log_their_own_elb_field()
    {
        await using var web = await Backend.StartAsync("web");
        await using var api = await Backend.StartAsync("api");
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c
                .Name("public").Listener(8080, "HTTP", l => l.DefaultForward("web"))
                .LoadBalancer("internal", lb => lb.Scheme("internal").Listener(9080, "HTTP", l => l.DefaultForward("api")))
                .TargetGroup("web").TargetGroup("api"))
            .WithTargetUrls("web", web.Url)
            .WithTargetUrls("api", api.Url)
            .StartAsync();
        using var publicClient = alb.CreateClient(8080);
        using var internalClient = alb.CreateClient(9080);

        Assert.Equal("web /a", await publicClient.GetStringAsync("/a"));
        Assert.Equal("api /b", await internalClient.GetStringAsync("/b"));

        var lines = await alb.WaitForAccessLogCountAsync(2);
        var publicElb = Assert.Single(lines, e => e.RequestUrl.EndsWith("/a", StringComparison.Ordinal)).Elb;
        var internalElb = Assert.Single(lines, e => e.RequestUrl.EndsWith("/b", StringComparison.Ordinal)).Elb;
        Assert.Matches("^app/public/[0-9a-f]{16}$", publicElb);
        Assert.Matches("^app/internal/[0-9a-f]{16}$", internalElb);

        // Each request is counted under its own load balancer's CloudWatch dimension.
        using var admin = new HttpClient { BaseAddress = alb.AdminUri };
        var metrics = (await admin.GetStringAsync("/metrics")).Split('\n');
        Assert.Contains($"RequestCount{{LoadBalancer=\"{publicElb}\"}} 1", metrics);
        Assert.Contains($"RequestCount{{LoadBalancer=\"{internalElb}\"}} 1", metrics);
        Assert.Equal($"ok {publicElb} {internalElb}\n", await admin.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task DescribeTargets_lists_the_registered_targets()
    {
        await using var one = await Backend.StartAsync("one");
        await using var two = await Backend.StartAsync("two");
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c.Listener(8080, "HTTP", l => l.DefaultForward("web")).TargetGroup("web"))
            .WithTargetUrls("web", one.Url, two.Url)
            .StartAsync();
        using var client = alb.CreateClient(8080);

        Assert.Equal(
            [("web", "127.0.0.1", one.Url.Port), ("web", "127.0.0.1", two.Url.Port)],
            alb.DescribeTargets("web").Select(t => (t.TargetGroupName, t.Id, t.Port)));
        var bodies = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            bodies.Add(await client.GetStringAsync("/"));
        }

        Assert.Equal(["one /", "two /"], bodies.Order());
        Assert.Throws<ArgumentException>(() => alb.DescribeTargets("nope"));
    }

    [Fact]
    public async Task An_in_memory_app_gets_requests_whose_target_has_percent_escapes()
    {
        // The emulator forwards the request target as received; the in-memory app still gets it (not a 502).
        using var factory = new WebApplicationFactory<Program>();
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c.Listener(8080, "HTTP", l => l.DefaultForward("web")).TargetGroup("web"))
            .WithApp("web", factory)
            .StartAsync();
        using var client = alb.CreateClient(8080);

        Assert.Equal("Hello from app\n", await client.GetStringAsync("/?q=a%20b%2Fc"));
        using var missing = await client.GetAsync("/no%2Fsuch%7Epath");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var line = await alb.WaitForAccessLogAsync(e => e.ElbStatusCode == 404);
        Assert.Equal(404, line.TargetStatusCode);
    }

    [Fact]
    public async Task An_in_memory_app_keeps_its_configured_target_name_in_the_log()
    {
        using var factory = new WebApplicationFactory<Program>();
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c.Listener(8080, "HTTP", l => l.DefaultForward("web")).TargetGroup("web", tg => tg.Port(8000)))
            .WithApp("web", factory, new AlbTarget("10.0.3.7"))
            .StartAsync();
        using var client = alb.CreateClient(8080);

        Assert.Equal("Hello from app\n", await client.GetStringAsync("/"));

        var line = await alb.WaitForAccessLogAsync(e => e.ElbStatusCode == 200);
        Assert.Equal("10.0.3.7:8000", line.Target);
        Assert.Equal([("10.0.3.7", 8000)], alb.DescribeTargets("web").Select(t => (t.Id, t.Port)));
    }

    [Fact]
    public async Task A_Kestrel_app_becomes_the_target_on_its_real_port()
    {
        using var factory = new WebApplicationFactory<Program>();
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c.Listener(8080, "HTTP", l => l.DefaultForward("web")).TargetGroup("web"))
            .WithKestrelApp("web", factory)
            .StartAsync();
        using var client = alb.CreateClient(8080);

        Assert.Contains("\"protocol\":\"HTTP/1.1\"", await client.GetStringAsync("/api/hello"), StringComparison.Ordinal);
        var target = Assert.Single(alb.DescribeTargets("web"));
        Assert.Equal("127.0.0.1", target.Id);
        Assert.NotEqual(80, target.Port);
        Assert.Contains($"\"Port\": {target.Port}", alb.ConfigJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_endpoint_answers_healthz()
    {
        await using var alb = await AlbEmulatorFixture.FromJson(TwoGroupsJson).StartAsync();
        using var admin = new HttpClient { BaseAddress = alb.AdminUri };

        Assert.StartsWith("ok app/local-alb/", await admin.GetStringAsync("/healthz"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_library_depends_on_no_test_framework()
    {
        var references = typeof(AlbEmulatorFixture).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();

        Assert.DoesNotContain(references, name => name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("nunit", StringComparison.OrdinalIgnoreCase)
            || name.Contains("VisualStudio.TestPlatform", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Microsoft.AspNetCore.Mvc.Testing", references);
        Assert.Equal("10.0.14", typeof(WebApplicationFactory<>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0]);
    }
}
