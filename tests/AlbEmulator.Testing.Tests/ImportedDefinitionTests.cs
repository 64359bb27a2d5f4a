using System.Net;
using System.Text.Json.Nodes;

namespace AlbEmulator.Testing.Tests;

/// <summary><see cref="AlbEmulatorFixture.FromCloudFormation"/> and <see cref="AlbEmulatorFixture.FromTerraformPlan"/>: a test suite behind the team's real template or plan.</summary>
public sealed class ImportedDefinitionTests : IDisposable
{
    private const string Template = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          ApiPath: { Type: String, Default: /api/* }
        Resources:
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: { Name: shop }
          Web:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties: { Name: web, Protocol: HTTP, Port: 80, TargetType: ip }
          Api:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties: { Name: api, Protocol: HTTP, Port: 80, TargetType: ip }
          Http:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: !Ref Alb
              Port: 8080
              Protocol: HTTP
              DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Web }]
          ApiRule:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Properties:
              ListenerArn: !Ref Http
              Priority: 10
              Conditions: [{ Field: path-pattern, PathPatternConfig: { Values: [!Ref ApiPath] } }]
              Actions: [{ Type: forward, TargetGroupArn: !GetAtt Api.TargetGroupArn }]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("alb-testing-iac-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task A_CloudFormation_template_runs_with_test_targets_behind_its_target_groups()
    {
        await using var web = await Backend.StartAsync("web");
        await using var api = await Backend.StartAsync("api");
        var template = Write("shop.yaml", Template);

        await using var alb = await AlbEmulatorFixture.FromCloudFormation(template, parameters: new Dictionary<string, string> { ["ApiPath"] = "/v2/*" })
            .WithTargetUrls("web", web.Url)
            .WithTargetUrls("api", api.Url)
            .StartAsync();
        using var client = alb.CreateClient(8080);

        Assert.Equal("api /v2/orders", await client.GetStringAsync("/v2/orders"));
        Assert.Equal("web /api/orders", await client.GetStringAsync("/api/orders"));
        var line = await alb.WaitForAccessLogAsync(e => e.RequestUrl.EndsWith("/v2/orders", StringComparison.Ordinal));
        Assert.Equal(10, line.MatchedRulePriority);
        Assert.Contains("app/shop/", line.Elb, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_template_throws_with_the_logical_id_named()
    {
        var template = Write("broken.yaml", Template.Replace("TargetGroupArn: !Ref Web", "TargetGroupArn: !Ref Nowhere", StringComparison.Ordinal));

        var error = Assert.Throws<AlbConfigException>(() => AlbEmulatorFixture.FromCloudFormation(template));

        Assert.Contains(error.Errors, e => e.ToString().Contains("Listener 'Http'", StringComparison.Ordinal) && e.ToString().Contains("Ref 'Nowhere'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Terraform_plan_runs_both_its_load_balancers_with_test_targets_behind_their_target_groups()
    {
        await using var web = await Backend.StartAsync("web");
        await using var green = await Backend.StartAsync("api-green");
        await using var reports = await Backend.StartAsync("reports");
        using var client = AlbEmulator.Tests.Common.TestCertificates.WriteClientCa(Path.Combine(_directory, "certs"), "clients-ca", "reporting-job");
        var planPath = Write("plan.json", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples", "terraform", "plan.json")));
        var overrides = Write("overrides.json", """
            {
              "Functions": { "hello": { "LambdaEndpoint": "http://127.0.0.1:9" } },
              "TrustStores": { "module.internal.aws_lb_trust_store.clients": { "CaCertificatesBundleFile": "certs/clients-ca.pem" } }
            }
            """);

        await using var alb = await AlbEmulatorFixture.FromTerraformPlan(planPath, overrides)
            .WithTargetUrls("web", web.Url)
            .WithTargetUrls("api-green", green.Url)
            .WithTargetUrls("reports", reports.Url)
            .StartAsync();
        using var https = alb.CreateClient(443);
        using var http = alb.CreateClient(80);
        using var inside = alb.CreateClient(8443, new AlbClientOptions { ClientCertificate = client });

        Assert.Equal("web /", await https.GetStringAsync("/"));
        using var search = new HttpRequestMessage(HttpMethod.Get, "/find?q=shoes");
        search.Headers.Add("X-Client", "app-ios");
        using var searchResponse = await https.SendAsync(search);
        Assert.Equal("api-green /find", await searchResponse.Content.ReadAsStringAsync());
        using var redirect = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);

        // module.internal's load balancer: its own listener (mutual TLS with the plan's trust store) and default action.
        Assert.Equal("reports /find", await inside.GetStringAsync("/find?q=shoes"));
        var publicLine = await alb.WaitForAccessLogAsync(e => e.RequestUrl.EndsWith("/find?q=shoes", StringComparison.Ordinal) && e.Elb.StartsWith("app/public/", StringComparison.Ordinal));
        var internalLine = await alb.WaitForAccessLogAsync(e => e.RequestUrl.EndsWith("/find?q=shoes", StringComparison.Ordinal) && e.Elb.StartsWith("app/internal/", StringComparison.Ordinal));
        Assert.NotEqual(publicLine.Target, internalLine.Target);
    }

    [Fact]
    public void A_plan_whose_target_group_is_unknown_throws_with_the_address_named()
    {
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples", "terraform", "plan.json")))!.AsObject();
        plan["planned_values"]!["root_module"]!.AsObject().Remove("child_modules");
        plan["configuration"]!["root_module"]!["resources"]!.AsArray().Single(r => (string?)r!["address"] == "aws_lb_listener.https")!["expressions"]!["default_action"]![0]!["target_group_arn"] =
            JsonNode.Parse("""{ "references": [ "var.web_group_arn" ] }""");
        var planPath = Write("plan.json", plan.ToJsonString());

        var error = Assert.Throws<AlbConfigException>(() => AlbEmulatorFixture.FromTerraformPlan(planPath));

        Assert.Contains(error.Errors, e => e.ToString().StartsWith("aws_lb_listener.https: default_action[0].target_group_arn:", StringComparison.Ordinal));
    }
}
