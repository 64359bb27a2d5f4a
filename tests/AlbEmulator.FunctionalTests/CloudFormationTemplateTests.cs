using System.Net;
using AlbEmulator.Hosting;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// A CloudFormation template run by <c>alb-emulator --config template.yaml --overrides overrides.json</c>
/// (config-format.md §6): <c>--validate</c> output pinned, then real traffic through the template's rules.
/// </summary>
public sealed class CloudFormationTemplateTests : IDisposable
{
    private const string Template = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          ApiPath:
            Type: String
            Default: /api/*
        Resources:
          Instance:
            Type: AWS::EC2::Instance
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties:
              Name: shop
          Web:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties:
              Name: web
              Protocol: HTTP
              Port: 80
              Targets: [{ Id: !Ref Instance }]
          Orphan:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties:
              Protocol: HTTP
              Port: 80
              TargetType: ip
          Http:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: !Ref Alb
              Port: 80
              Protocol: HTTP
              DefaultActions:
                - Type: fixed-response
                  FixedResponseConfig: { StatusCode: '404', ContentType: text/plain, MessageBody: !Sub 'no route in ${AWS::StackName}' }
          ApiRule:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Properties:
              ListenerArn: !Ref Http
              Priority: 10
              Conditions: [{ Field: path-pattern, PathPatternConfig: { Values: [!Ref ApiPath] } }]
              Actions: [{ Type: forward, TargetGroupArn: !Ref Web }]
          OrphanRule:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Properties:
              ListenerArn: !Ref Http
              Priority: 20
              Conditions: [{ Field: path-pattern, PathPatternConfig: { Values: [/orphan] } }]
              Actions: [{ Type: forward, TargetGroupArn: !Ref Orphan }]
        """;

    /// <summary>Two load balancers, both listening on port 80 in AWS (moved apart by the overrides), each with its own rules.</summary>
    private const string TwoLoadBalancers = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          BackScheme: { Type: String, AllowedValues: [internet-facing, internal], Default: internal }
        Conditions:
          BackIsInternal: !Equals [!Ref BackScheme, internal]
        Resources:
          Front:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: { Name: front }
          Back:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: { Name: back, Scheme: !Ref BackScheme, IpAddressType: !If [BackIsInternal, dualstack-without-public-ipv4, dualstack] }
          Shop:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties: { Name: shop, Protocol: HTTP, Port: 80, TargetType: ip }
          Reports:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties: { Name: reports, Protocol: HTTP, Port: 80, TargetType: ip }
          FrontHttp:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: !Ref Front
              Port: 80
              Protocol: HTTP
              DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404', MessageBody: 'front: no route' } }]
          BackHttp:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: !Ref Back
              Port: 80
              Protocol: HTTP
              DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404', MessageBody: 'back: no route' } }]
          FrontShop:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Properties:
              ListenerArn: !Ref FrontHttp
              Priority: 10
              Conditions: [{ Field: path-pattern, PathPatternConfig: { Values: [/shop/*] } }]
              Actions: [{ Type: forward, TargetGroupArn: !Ref Shop }]
          BackShop:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Properties:
              ListenerArn: !Ref BackHttp
              Priority: 10
              Conditions: [{ Field: path-pattern, PathPatternConfig: { Values: [/shop/*] } }]
              Actions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '403', MessageBody: 'back: the shop is on front' } }]
          BackReports:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Properties:
              ListenerArn: !Ref BackHttp
              Priority: 20
              Conditions: [{ Field: path-pattern, PathPatternConfig: { Values: [/reports/*] } }]
              Actions: [{ Type: forward, TargetGroupArn: !GetAtt Reports.TargetGroupArn }]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("alb-func-cfn-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string Overrides(int listenerPort, int targetPort) => Write("overrides.json", $$"""
        {
          "LoadBalancers": { "Alb": { "Listeners": { "80": { "Port": {{listenerPort}} } } } },
          "TargetGroups": { "Web": { "Targets": [ { "Id": "127.0.0.1", "Port": {{targetPort}} } ] } }
        }
        """);

    [Fact]
    public async Task Validate_lists_what_runs_what_is_skipped_and_unmapped_targets()
    {
        var template = Write("shop.yaml", Template);
        var overrides = Overrides(18080, 5001);

        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await AlbEmulatorCommand.RunAsync(["--config", template, "--overrides", overrides, "--validate"], output, error, CancellationToken.None);

        Assert.Equal("", error.ToString());
        Assert.Equal(0, exitCode);
        Assert.Equal(
            [
                "Will run (6):",
                "  ElasticLoadBalancingV2::TargetGroup 'Web' as target group 'web' with 1 target from the overrides",
                "  ElasticLoadBalancingV2::TargetGroup 'Orphan' as target group 'Orphan' with 0 targets",
                "  ElasticLoadBalancingV2::LoadBalancer 'Alb' as load balancer 'shop' (internet-facing, ipv4)",
                "  ElasticLoadBalancingV2::Listener 'Http' as listener 18080 (template port 80, moved by the overrides)",
                "  ElasticLoadBalancingV2::ListenerRule 'ApiRule' as rule 10",
                "  ElasticLoadBalancingV2::ListenerRule 'OrphanRule' as rule 20",
                "Skipped (1):",
                "  1 other resource not run locally: AWS::EC2::Instance",
                "Unmapped (a target group without targets answers 503; a listener without PEM files serves a generated certificate) (1):",
                "  ElasticLoadBalancingV2::TargetGroup 'Orphan': no targets in the template (attached elsewhere, e.g. by an ECS service); map them in the overrides file under TargetGroups.Orphan.Targets",
                $"The configuration in the template {template} is valid.",
            ],
            output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Template_with_overrides_serves_traffic_through_its_rules()
    {
        await using var backend = await TestBackend.StartAsync("web");
        var template = Write("shop.yaml", Template);
        var overrides = Overrides(CommandRun.FreePort(), backend.Port);
        await using var run = await CommandRun.StartAsync("--config", template, "--overrides", overrides);
        using var client = run.Client(run.Server.Runtime.Current.Listeners.Single().Port);

        using var api = await client.GetAsync("/api/orders");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal("web", EchoedRequest.Parse(await api.Content.ReadAsStringAsync()).Backend);
        Assert.Equal(1, backend.RequestCount);

        using var other = await client.GetAsync("/else");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("no route in shop", await other.Content.ReadAsStringAsync());

        using var orphan = await client.GetAsync("/orphan");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, orphan.StatusCode);
        Assert.Equal(1, backend.RequestCount);
    }

    [Fact]
    public async Task Two_load_balancers_of_one_template_each_answer_by_their_own_rules_and_targets()
    {
        await using var shop = await TestBackend.StartAsync("shop");
        await using var reports = await TestBackend.StartAsync("reports");
        int frontPort = CommandRun.FreePort(), backPort = CommandRun.FreePort();
        var template = Write("two.yaml", TwoLoadBalancers);
        var overrides = Write("two-overrides.json", $$"""
            {
              "LoadBalancers": { "Front": { "Listeners": { "80": { "Port": {{frontPort}} } } }, "back": { "Listeners": { "80": { "Port": {{backPort}} } } } },
              "TargetGroups": {
                "Shop": { "Targets": [ { "Id": "127.0.0.1", "Port": {{shop.Port}} } ] },
                "reports": { "Targets": [ { "Id": "127.0.0.1", "Port": {{reports.Port}} } ] }
              }
            }
            """);
        await using var run = await CommandRun.StartAsync("--config", template, "--overrides", overrides);
        using var front = run.Client(frontPort);
        using var back = run.Client(backPort);

        Assert.Equal("shop", EchoedRequest.Parse(await front.GetStringAsync("/shop/cart")).Backend);
        Assert.Equal((HttpStatusCode.NotFound, "front: no route"), await AnswerAsync(front, "/reports/june"));
        Assert.Equal((HttpStatusCode.Forbidden, "back: the shop is on front"), await AnswerAsync(back, "/shop/cart"));
        Assert.Equal("reports", EchoedRequest.Parse(await back.GetStringAsync("/reports/june")).Backend);
        Assert.Equal((HttpStatusCode.NotFound, "back: no route"), await AnswerAsync(back, "/else"));
        Assert.Equal(1, shop.RequestCount);
        Assert.Equal(1, reports.RequestCount);

        // Each access-log line names the load balancer that answered, with its own rule.
        var shopLine = await run.WaitForAccessLogAsync(l => l.RequestUrl.EndsWith($":{frontPort}/shop/cart", StringComparison.Ordinal), "front's /shop/cart");
        var refused = await run.WaitForAccessLogAsync(l => l.RequestUrl.EndsWith($":{backPort}/shop/cart", StringComparison.Ordinal), "back's /shop/cart");
        var reportLine = await run.WaitForAccessLogAsync(l => l.RequestUrl.EndsWith($":{backPort}/reports/june", StringComparison.Ordinal), "back's /reports/june");
        Assert.StartsWith("app/front/", shopLine.Elb, StringComparison.Ordinal);
        Assert.Equal(("app/back/", "403", "10"), (refused.Elb[..9], refused.ElbStatusCode, refused.MatchedRulePriority));
        Assert.Equal(("app/back/", "20", $"127.0.0.1:{reports.Port}"), (reportLine.Elb[..9], reportLine.MatchedRulePriority, $"{reportLine.TargetIp}:{reportLine.TargetPort}"));

        // Scheme and IpAddressType from the parameter and the condition, as DescribeLoadBalancers reports them.
        var described = await LoadBalancerDescriptions.DescribeAsync(run.Server.AdminUri!);
        Assert.Equal(("internet-facing", "ipv4"), (described["front"].Scheme, described["front"].IpAddressType));
        Assert.Equal(("internal", "dualstack-without-public-ipv4"), (described["back"].Scheme, described["back"].IpAddressType));
        Assert.StartsWith("internal-back-", described["back"].DnsName, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> AnswerAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Template_and_overrides_edits_are_applied_while_running()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var other = await TestBackend.StartAsync("other");
        var template = Write("shop.yaml", Template);
        var overrides = Overrides(CommandRun.FreePort(), web.Port);
        await using var run = await CommandRun.StartAsync("--config", template, "--overrides", overrides);
        using var client = run.Client(run.Server.Runtime.Current.Listeners.Single().Port);
        Assert.Equal("no route in shop", await BodyAsync(client, "/else"));

        // The template: a new body for the default action.
        Replace(template, Template.Replace("no route in ${AWS::StackName}", "nothing here", StringComparison.Ordinal));
        await Eventually.UntilAsync(async () => await BodyAsync(client, "/else") == "nothing here", "the template edit to apply");

        // The overrides file: the group's targets move to another server.
        Replace(overrides, File.ReadAllText(overrides).Replace($"\"Port\": {web.Port}", $"\"Port\": {other.Port}", StringComparison.Ordinal));
        // A moved target is checked before it gets traffic (503 until then, as a new ALB target).
        await Eventually.UntilAsync(async () => await BodyAsync(client, "/api/x") is var body && body.StartsWith('{') && EchoedRequest.Parse(body).Backend == "other", "the overrides edit to apply");
        // The watcher counts an edit after the control plane has applied it: traffic may see the edit first.
        await Eventually.ValueAsync(() => run.Server.ConfigWatcher!.Applied, applied => applied == 2, "both edits counted as applied");
    }

    /// <summary>Replaces a file in one step (an editor's save), so the watcher never reads half of it.</summary>
    private static void Replace(string path, string content)
    {
        File.WriteAllText(path + ".tmp", content);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static async Task<string> BodyAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }
}
