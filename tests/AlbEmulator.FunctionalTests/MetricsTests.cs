using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

public sealed class MetricsTests
{
    [Fact]
    public async Task AdminMetrics_PrometheusText_WithCloudWatchNamesAndDimensions()
    {
        await using var backend = await TestBackend.StartAsync("web");
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancer": { "Name": "metrics" },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP",
                "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
                "Rules": [ { "Priority": 7, "Conditions": [ { "Field": "path-pattern", "Values": [ "/r" ] } ],
                             "Actions": [ { "Type": "redirect", "RedirectConfig": { "Host": "example.com", "StatusCode": "HTTP_302" } } ] } ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """);
        var lb = env.Server.Runtime.Current.LoadBalancers[0].Identifiers.LoadBalancerFullName;
        var tg = env.Server.Runtime.Current.TargetGroups["web"].FullName;
        using (var client = env.CreateClient(8080))
        {
            (await client.GetAsync("/a")).Dispose();
            (await client.GetAsync("/b")).Dispose();
            (await client.GetAsync("/r")).Dispose();
        }

        await env.WaitForAccessLogAsync(l => l.Contains("/r HTTP", StringComparison.Ordinal));
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        using var response = await admin.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split('\n');

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains($"RequestCount{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} 2", lines);
        // CloudWatch's RequestCount: a target was chosen (the redirect is not counted); the LB series is the total, the TG series the group's.
        Assert.Contains($"RequestCount{{LoadBalancer=\"{lb}\"}} 2", lines);
        Assert.Contains($"HTTPCode_Target_2XX_Count{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} 2", lines);
        Assert.Contains($"HTTPCode_Target_2XX_Count{{LoadBalancer=\"{lb}\"}} 2", lines);
        Assert.Contains($"HTTPCode_ELB_3XX_Count{{LoadBalancer=\"{lb}\"}} 1", lines);
        Assert.Contains($"HealthyHostCount{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} 1", lines);
        Assert.Contains($"UnHealthyHostCount{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} 0", lines);
        Assert.Contains($"HTTP_Redirect_Count{{LoadBalancer=\"{lb}\"}} 1", lines);
        Assert.Contains($"RuleEvaluations{{LoadBalancer=\"{lb}\"}} 3", lines);
        Assert.Contains($"TargetResponseTime_count{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} 2", lines);
        Assert.Contains(lines, l => l.StartsWith($"NewConnectionCount{{LoadBalancer=\"{lb}\"}} ", StringComparison.Ordinal));
        Assert.Contains("# TYPE ActiveConnectionCount gauge", lines);
        Assert.All(env.AccessLogLines, l => AccessLogLine.Parse(l));
    }

    [Fact]
    public async Task TargetResponseTimeout_504_GoldenLineAndMetric()
    {
        await using var backend = await TestBackend.StartAsync("hang", handler: async context =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancer": { "Name": "golden", "LoadBalancerAttributes": [ { "Key": "idle_timeout.timeout_seconds", "Value": "1" } ] },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "hang" } ] } ],
              "TargetGroups": [ { "Name": "hang", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """);
        using var client = env.CreateClient(8080);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hang");
        request.Headers.UserAgent.ParseAdd("golden-test/1.0");
        using var response = await client.SendAsync(request);

        var line = AccessLogGolden.Normalize(await env.WaitForAccessLogAsync(l => l.Contains("/hang ", StringComparison.Ordinal)));

        Assert.Equal(504, (int)response.StatusCode);
        var ids = env.Server.Runtime.Current.LoadBalancers[0].Identifiers;
        Assert.Equal(
            $"http <time> {ids.LoadBalancerFullName} 127.0.0.1:<port> 127.0.0.1:<port> -1 -1 -1 504 - <bytes> <bytes> \"GET http://127.0.0.1:8080/hang HTTP/1.1\" \"golden-test/1.0\" - - {ids.TargetGroupArn("hang")} \"<trace>\" \"-\" \"-\" 0 <time> \"forward\" \"-\" \"-\" \"127.0.0.1:<port>\" \"-\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
        Assert.Equal(1, env.Server.Observability.Collector.Total("HTTPCode_ELB_504_Count"));
        Assert.All(env.AccessLogLines, l => AccessLogLine.Parse(l));
    }

    [Fact]
    public async Task HostCounts_InAdminMetrics_FollowHealthChanges()
    {
        var health = new HealthSwitch();
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b", healthCheck: health.HandleAsync);
        await using var env = await TargetGroupScenario.StartAsync("", null, [a, b]);
        var lb = env.Server.Runtime.Current.LoadBalancers[0].Identifiers.LoadBalancerFullName;
        var tg = env.Server.Runtime.Current.TargetGroups["web"].FullName;
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        async Task<(string Healthy, string Unhealthy)> ScrapeAsync()
        {
            var lines = (await admin.GetStringAsync("/metrics")).Split('\n');
            string Value(string metric) =>
                lines.SingleOrDefault(l => l.StartsWith($"{metric}{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} ", StringComparison.Ordinal))?.Split(' ')[1] ?? "absent";
            return (Value("HealthyHostCount"), Value("UnHealthyHostCount"));
        }

        Assert.Equal(("0", "0"), await ScrapeAsync());

        await TargetGroupScenario.CheckAsync(env);
        Assert.Equal(("2", "0"), await ScrapeAsync());

        health.Status = 500;
        await TargetGroupScenario.CheckAsync(env, 2);
        Assert.Equal(("1", "1"), await ScrapeAsync());

        health.Status = 200;
        await TargetGroupScenario.CheckAsync(env, 5);
        Assert.Equal(("2", "0"), await ScrapeAsync());
    }
}
