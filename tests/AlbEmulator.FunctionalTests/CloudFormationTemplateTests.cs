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
                "  ElasticLoadBalancingV2::LoadBalancer 'Alb' as load balancer 'shop'",
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
        await Eventually.UntilAsync(async () => await BodyAsync(client, "/else") == "nothing here", "the template edit to apply", TimeSpan.FromSeconds(15));

        // The overrides file: the group's targets move to another server.
        Replace(overrides, File.ReadAllText(overrides).Replace($"\"Port\": {web.Port}", $"\"Port\": {other.Port}", StringComparison.Ordinal));
        // A moved target is checked before it gets traffic (503 until then, as a new ALB target).
        await Eventually.UntilAsync(async () => await BodyAsync(client, "/api/x") is var body && body.StartsWith('{') && EchoedRequest.Parse(body).Backend == "other", "the overrides edit to apply", TimeSpan.FromSeconds(15));
        Assert.Equal(2, run.Server.ConfigWatcher!.Applied);
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
