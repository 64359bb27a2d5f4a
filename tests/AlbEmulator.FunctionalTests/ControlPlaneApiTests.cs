using System.Net;
using System.Text.Json;
using AlbEmulator.Configuration;
using AlbEmulator.Health;
using AlbEmulator.Tests.Common;
using static AlbEmulator.FunctionalTests.TargetGroupScenario;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The ELBv2 API on the admin endpoint, driven by the real aws CLI (docs/control-plane.md): every
/// operation, its JSON output, and its effect on live traffic.
/// </summary>
[Collection(ControlPlaneApiTestsCollection.Name)]
public sealed class ControlPlaneApiTests
{
    private static string Config(TestBackend web) => $$"""
        {
          "LoadBalancer": { "Name": "cli-alb" },
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
          "TargetGroups": [
            { "Name": "web", "Protocol": "HTTP", "Port": 80, "HealthyThresholdCount": 2, "Targets": [ { "Id": "127.0.0.1", "Port": {{web.Port}} } ] },
            { "Name": "spare", "Protocol": "HTTP", "Port": 80 }
          ]
        }
        """;

    private static Task<AlbTestEnvironment> StartAsync(TestBackend web) =>
        AlbTestEnvironment.StartAsync(Config(web), configure: options => options.HealthChecks.Automatic = false);

    [Fact]
    public async Task Describe_ReportsTheConfig_WithTheDataPlaneArns()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var env = await StartAsync(web);
        var cli = new AwsCli(env.Server.AdminUri!);
        var model = env.Server.Runtime.Current;

        var loadBalancer = (await cli.Elbv2Async("describe-load-balancers"))!.Value.GetProperty("LoadBalancers").EnumerateArray().Single();
        var lbArn = Text(loadBalancer, "LoadBalancerArn");
        Assert.Equal(model.LoadBalancers[0].Identifiers.LoadBalancerArn, lbArn);
        Assert.Equal("cli-alb", Text(loadBalancer, "LoadBalancerName"));
        Assert.Equal("active", loadBalancer.GetProperty("State").GetProperty("Code").GetString());
        Assert.Equal("application", Text(loadBalancer, "Type"));
        Assert.Equal(model.LoadBalancers[0].Identifiers.DnsName, Text(loadBalancer, "DNSName"));

        var attributes = Attributes(await cli.Elbv2Async("describe-load-balancer-attributes", "--load-balancer-arn", lbArn));
        Assert.Equal(AttributeCatalog.LoadBalancer.Select(a => a.Key).Order(), attributes.Keys.Order());
        Assert.Equal("60", attributes["idle_timeout.timeout_seconds"]);

        var listener = (await cli.Elbv2Async("describe-listeners", "--load-balancer-arn", lbArn))!.Value.GetProperty("Listeners").EnumerateArray().Single();
        Assert.Equal(model.Listeners[0].Arn, Text(listener, "ListenerArn"));
        Assert.Equal(8080, listener.GetProperty("Port").GetInt32());
        Assert.Equal("HTTP", Text(listener, "Protocol"));

        var rule = (await cli.Elbv2Async("describe-rules", "--listener-arn", model.Listeners[0].Arn))!.Value.GetProperty("Rules").EnumerateArray().Single();
        Assert.Equal("default", Text(rule, "Priority"));
        Assert.True(rule.GetProperty("IsDefault").GetBoolean());
        Assert.Equal(model.Listeners[0].DefaultRule.Arn, Text(rule, "RuleArn"));
        Assert.Equal(model.TargetGroups["web"].Arn, Text(rule.GetProperty("Actions")[0], "TargetGroupArn"));

        // Pagination: PageSize 1 returns one group and a NextMarker, the marker the next page.
        var page1 = (await cli.Elbv2Async("describe-target-groups", "--page-size", "1"))!.Value;
        var page2 = (await cli.Elbv2Async("describe-target-groups", "--page-size", "1", "--marker", Text(page1, "NextMarker")))!.Value;
        Assert.False(page2.TryGetProperty("NextMarker", out _));
        var groups = page1.GetProperty("TargetGroups").EnumerateArray().Concat(page2.GetProperty("TargetGroups").EnumerateArray()).ToArray();
        Assert.Equal(["web", "spare"], groups.Select(g => Text(g, "TargetGroupName")));
        Assert.Equal(model.TargetGroups["web"].Arn, Text(groups[0], "TargetGroupArn"));
        Assert.Equal([lbArn], groups[0].GetProperty("LoadBalancerArns").EnumerateArray().Select(a => a.GetString()));
        Assert.Empty(groups[1].GetProperty("LoadBalancerArns").EnumerateArray());
        Assert.Equal(2, groups[0].GetProperty("HealthyThresholdCount").GetInt32());

        var groupAttributes = Attributes(await cli.Elbv2Async("describe-target-group-attributes", "--target-group-arn", Text(groups[0], "TargetGroupArn")));
        Assert.Equal("300", groupAttributes["deregistration_delay.timeout_seconds"]);

        await CheckAsync(env, 2);
        var health = (await cli.Elbv2Async("describe-target-health", "--target-group-arn", Text(groups[0], "TargetGroupArn")))!.Value.GetProperty("TargetHealthDescriptions").EnumerateArray().Single();
        Assert.Equal(web.Port, health.GetProperty("Target").GetProperty("Port").GetInt32());
        Assert.Equal("healthy", health.GetProperty("TargetHealth").GetProperty("State").GetString());
    }

    [Fact]
    public async Task TargetGroupsAndTargets_ChangeLiveTraffic()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var api = await TestBackend.StartAsync("api");
        await using var env = await StartAsync(web);
        var cli = new AwsCli(env.Server.AdminUri!);
        using var client = env.CreateClient(8080);
        var listenerArn = env.Server.Runtime.Current.Listeners[0].Arn;

        string[] create = ["create-target-group", "--name", "api", "--protocol", "HTTP", "--port", "80", "--target-type", "ip", "--health-check-interval-seconds", "5", "--health-check-timeout-seconds", "2", "--healthy-threshold-count", "2"];
        var groupArn = Text((await cli.Elbv2Async(create))!.Value.GetProperty("TargetGroups")[0], "TargetGroupArn");
        Assert.Equal(env.Server.Runtime.Current.TargetGroups["api"].Arn, groupArn);
        Assert.Equal(groupArn, Text((await cli.Elbv2Async(create))!.Value.GetProperty("TargetGroups")[0], "TargetGroupArn"));
        Assert.Equal("DuplicateTargetGroupName", await cli.Elbv2ErrorAsync("create-target-group", "--name", "api", "--protocol", "HTTP", "--port", "81"));

        // A rule to the empty group routes at once (503: no targets); a registered target receives requests once healthy.
        await cli.Elbv2Async("create-rule", "--listener-arn", listenerArn, "--priority", "5", "--conditions", "Field=path-pattern,Values=/api/*", "--actions", $"Type=forward,TargetGroupArn={groupArn}");
        Assert.Equal("503", await BackendOfAsync(client, "/api/x"));
        await cli.Elbv2Async("register-targets", "--target-group-arn", groupArn, "--targets", $"Id=127.0.0.1,Port={api.Port}");
        var initial = (await cli.Elbv2Async("describe-target-health", "--target-group-arn", groupArn))!.Value.GetProperty("TargetHealthDescriptions")[0];
        Assert.Equal("initial", initial.GetProperty("TargetHealth").GetProperty("State").GetString());
        await UntilHealthyAsync(env, "api");
        Assert.Equal("api", await BackendOfAsync(client, "/api/x"));
        Assert.Equal("web", await BackendOfAsync(client, "/other"));

        var modified = (await cli.Elbv2Async("modify-target-group", "--target-group-arn", groupArn, "--health-check-path", "/healthz", "--matcher", "HttpCode=200-299"))!.Value.GetProperty("TargetGroups")[0];
        Assert.Equal("/healthz", Text(modified, "HealthCheckPath"));
        Assert.Equal("200-299", modified.GetProperty("Matcher").GetProperty("HttpCode").GetString());
        Assert.Equal("api", await BackendOfAsync(client, "/api/x"));

        // Modify*Attributes returns the complete list.
        var attributes = Attributes(await cli.Elbv2Async("modify-target-group-attributes", "--target-group-arn", groupArn, "--attributes", "Key=deregistration_delay.timeout_seconds,Value=0"));
        Assert.Equal(AttributeCatalog.TargetGroup.Count(d => !d.LambdaOnly), attributes.Count);
        Assert.Equal("0", attributes["deregistration_delay.timeout_seconds"]);
        Assert.Equal("ResourceInUse", await cli.Elbv2ErrorAsync("delete-target-group", "--target-group-arn", groupArn));

        // Deregister: with a zero delay the group is empty at once (503, TG-34).
        await cli.Elbv2Async("deregister-targets", "--target-group-arn", groupArn, "--targets", $"Id=127.0.0.1,Port={api.Port}");
        await Eventually.UntilAsync(() => env.Server.Targets.DescribeTargetHealth("api").Count == 0, "the target to drain");
        Assert.Equal("503", await BackendOfAsync(client, "/api/x"));

        var rule = env.Server.Runtime.Current.Listeners[0].Rules.Single().Arn;
        await cli.Elbv2Async("delete-rule", "--rule-arn", rule);
        await cli.Elbv2Async("delete-target-group", "--target-group-arn", groupArn);
        Assert.False(env.Server.Runtime.Current.TargetGroups.ContainsKey("api"));
        Assert.Equal("TargetGroupNotFound", await cli.Elbv2ErrorAsync("describe-target-groups", "--names", "api"));
        Assert.Equal("web", await BackendOfAsync(client, "/api/x"));
    }

    [Fact]
    public async Task RulesAndListeners_RouteAtOnce_KeepTheirArns()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var env = await StartAsync(web);
        var cli = new AwsCli(env.Server.AdminUri!);
        using var client = env.CreateClient(8080);
        var lbArn = env.Server.Runtime.Current.LoadBalancers[0].Identifiers.LoadBalancerArn;
        var listenerArn = env.Server.Runtime.Current.Listeners[0].Arn;

        var created = (await cli.Elbv2Async("create-rule", "--listener-arn", listenerArn, "--priority", "10", "--conditions", "Field=path-pattern,Values=/fixed/*", "--actions", Fixed("202", "rule")))!.Value.GetProperty("Rules")[0];
        var ruleArn = Text(created, "RuleArn");
        Assert.Equal("10", Text(created, "Priority"));
        Assert.Equal(("202", "rule"), await GetAsync(client, "/fixed/x"));
        Assert.Equal("PriorityInUse", await cli.Elbv2ErrorAsync("create-rule", "--listener-arn", listenerArn, "--priority", "10", "--conditions", "Field=path-pattern,Values=/b", "--actions", Fixed("200", "b")));

        await cli.Elbv2Async("modify-rule", "--rule-arn", ruleArn, "--actions", Fixed("203", "modified"));
        Assert.Equal(("203", "modified"), await GetAsync(client, "/fixed/x"));

        var moved = (await cli.Elbv2Async("set-rule-priorities", "--rule-priorities", $"RuleArn={ruleArn},Priority=20"))!.Value.GetProperty("Rules")[0];
        Assert.Equal((ruleArn, "20"), (Text(moved, "RuleArn"), Text(moved, "Priority")));
        var rules = (await cli.Elbv2Async("describe-rules", "--listener-arn", listenerArn))!.Value.GetProperty("Rules").EnumerateArray().ToArray();
        Assert.Equal([(ruleArn, "20", false), (env.Server.Runtime.Current.Listeners[0].DefaultRule.Arn, "default", true)], rules.Select(r => (Text(r, "RuleArn"), Text(r, "Priority"), r.GetProperty("IsDefault").GetBoolean())));
        Assert.Equal(ruleArn, env.Server.Runtime.Current.Listeners[0].Rules.Single().Arn);

        // A new listener gets its own port at once; moving it keeps its ARN; deleting it closes the port.
        var listener = (await cli.Elbv2Async("create-listener", "--load-balancer-arn", lbArn, "--protocol", "HTTP", "--port", "8081", "--default-actions", Fixed("200", "eighty-one")))!.Value.GetProperty("Listeners")[0];
        var newListenerArn = Text(listener, "ListenerArn");
        using (var client8081 = env.CreateClient(8081))
        {
            Assert.Equal(("200", "eighty-one"), await GetAsync(client8081, "/"));
        }

        var oldEndpoint = env.Listener(8081);
        var movedListener = (await cli.Elbv2Async("modify-listener", "--listener-arn", newListenerArn, "--port", "8082"))!.Value.GetProperty("Listeners")[0];
        Assert.Equal((newListenerArn, 8082), (Text(movedListener, "ListenerArn"), movedListener.GetProperty("Port").GetInt32()));
        using (var client8082 = env.CreateClient(8082))
        {
            Assert.Equal(("200", "eighty-one"), await GetAsync(client8082, "/"));
        }

        Assert.False(env.Server.ListenerEndpoints.ContainsKey(8081));
        await UntilRefusedAsync(oldEndpoint);

        await cli.Elbv2Async("modify-listener", "--listener-arn", listenerArn, "--default-actions", Fixed("200", "new default"));
        Assert.Equal(("200", "new default"), await GetAsync(client, "/"));

        await cli.Elbv2Async("delete-rule", "--rule-arn", ruleArn);
        Assert.Equal(("200", "new default"), await GetAsync(client, "/fixed/x"));
        Assert.Equal("OperationNotPermitted", await cli.Elbv2ErrorAsync("delete-rule", "--rule-arn", env.Server.Runtime.Current.Listeners[0].DefaultRule.Arn));

        var endpoint8082 = env.Listener(8082);
        await cli.Elbv2Async("delete-listener", "--listener-arn", newListenerArn);
        Assert.Equal("ListenerNotFound", await cli.Elbv2ErrorAsync("describe-listeners", "--listener-arns", newListenerArn));
        await UntilRefusedAsync(endpoint8082);
    }

    [Fact]
    public async Task TagsAttributesAndErrors()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var env = await StartAsync(web);
        var cli = new AwsCli(env.Server.AdminUri!);
        using var client = env.CreateClient(8080);
        var model = env.Server.Runtime.Current;
        var lbArn = model.LoadBalancers[0].Identifiers.LoadBalancerArn;
        var groupArn = model.TargetGroups["web"].Arn;

        await cli.Elbv2Async("add-tags", "--resource-arns", lbArn, groupArn, "--tags", "Key=project,Value=lima", "Key=owner,Value=me");
        await cli.Elbv2Async("remove-tags", "--resource-arns", lbArn, "--tag-keys", "owner");
        var descriptions = (await cli.Elbv2Async("describe-tags", "--resource-arns", lbArn, groupArn, model.Listeners[0].Arn))!.Value.GetProperty("TagDescriptions").EnumerateArray().ToArray();
        Assert.Equal([lbArn, groupArn, model.Listeners[0].Arn], descriptions.Select(d => Text(d, "ResourceArn")));
        Assert.Equal(["project=lima"], Tags(descriptions[0]));
        Assert.Equal(["project=lima", "owner=me"], Tags(descriptions[1]));
        Assert.Empty(Tags(descriptions[2]));

        // routing.http.xff_header_processing.mode=remove: targets no longer see X-Forwarded-For.
        Assert.NotNull(await EchoHeaderAsync(client, "X-Forwarded-For"));
        var attributes = Attributes(await cli.Elbv2Async("modify-load-balancer-attributes", "--load-balancer-arn", lbArn, "--attributes", "Key=routing.http.xff_header_processing.mode,Value=remove"));
        Assert.Equal(AttributeCatalog.LoadBalancer.Count, attributes.Count);
        Assert.Equal("remove", attributes["routing.http.xff_header_processing.mode"]);
        Assert.Null(await EchoHeaderAsync(client, "X-Forwarded-For"));

        Assert.Equal("ValidationError", await cli.Elbv2ErrorAsync("modify-load-balancer-attributes", "--load-balancer-arn", lbArn, "--attributes", "Key=waf.fail_open.enabledx,Value=true"));
        Assert.Equal("LoadBalancerNotFound", await cli.Elbv2ErrorAsync("describe-load-balancers", "--names", "other"));

        // Not through the CLI: an unknown Action, and the error envelope as it is on the wire.
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        using var response = await admin.PostAsync("/", new StringContent("Action=CreateLoadBalancerX&Version=2015-12-01", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Type>Sender</Type><Code>InvalidAction</Code>", body, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task ListenerChangesThatCannotBeBound_RejectedAndNothingChanges()
    {
        await using var web = await TestBackend.StartAsync("web");
        using var occupied = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var occupiedPort = ((IPEndPoint)occupied.LocalEndpoint).Port;
        await using var env = await AlbTestEnvironment.StartAsync(Config(web), configure: options =>
        {
            options.HealthChecks.Automatic = false;
            options.ListenerPortOverride = port => port == 8090 ? occupiedPort : 0;
        });
        var cli = new AwsCli(env.Server.AdminUri!);
        using var client = env.CreateClient(8080);
        var before = env.Server.Runtime.Current;

        Assert.Equal("InvalidConfigurationRequest", await cli.Elbv2ErrorAsync("create-listener", "--load-balancer-arn", before.LoadBalancers[0].Identifiers.LoadBalancerArn, "--protocol", "HTTP", "--port", "8090", "--default-actions", Fixed("200", "x")));

        // A listener bound at start keeps its protocol and TLS settings until a restart.
        Assert.Equal("InvalidConfigurationRequest", await cli.Elbv2ErrorAsync("modify-listener", "--listener-arn", before.Listeners[0].Arn, "--protocol", "HTTPS", "--certificates", "CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"));
        Assert.Same(before, env.Server.Runtime.Current);
        Assert.Equal("web", await BackendOfAsync(client, "/"));
    }

    internal static string Fixed(string status, string body) =>
        $"Type=fixed-response,FixedResponseConfig={{StatusCode={status},ContentType=text/plain,MessageBody={body}}}";

    internal static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static Dictionary<string, string> Attributes(JsonElement? output) =>
        output!.Value.GetProperty("Attributes").EnumerateArray().ToDictionary(a => Text(a, "Key"), a => Text(a, "Value"));

    private static string[] Tags(JsonElement description) =>
        description.GetProperty("Tags").EnumerateArray().Select(t => $"{Text(t, "Key")}={Text(t, "Value")}").ToArray();

    internal static async Task<(string Status, string Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
    }

    private static async Task<string?> EchoHeaderAsync(HttpClient client, string name)
    {
        using var response = await client.GetAsync("/");
        return EchoedRequest.Parse(await response.Content.ReadAsStringAsync()).Header(name);
    }

    /// <summary>Runs health-check rounds until every target of the group is healthy.</summary>
    internal static async Task UntilHealthyAsync(AlbTestEnvironment env, string group)
    {
        await Eventually.UntilAsync(
            async () =>
            {
                if (env.Server.Targets.DescribeTargetHealth(group).All(t => t.TargetHealth.State == TargetHealthState.Healthy))
                {
                    return true;
                }

                await env.Server.RunHealthChecksAsync(group);
                return false;
            },
            $"the targets of '{group}' to become healthy",
            TimeSpan.FromSeconds(15));
    }

    /// <summary>Polls until a new connection to <paramref name="endpoint"/> fails (the port was closed).</summary>
    internal static Task UntilRefusedAsync(Uri endpoint) =>
        Eventually.UntilAsync(
            async () =>
            {
                using var handler = new SocketsHttpHandler { UseProxy = false };
                using var probe = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
                try
                {
                    using var response = await probe.GetAsync(endpoint);
                    return false;
                }
                catch (HttpRequestException)
                {
                    return true;
                }
            },
            $"{endpoint} to refuse connections");
}
