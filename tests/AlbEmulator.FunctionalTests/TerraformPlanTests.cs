using System.Net;
using System.Text.Json.Nodes;
using AlbEmulator.Hosting;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The sample <c>terraform show -json</c> plan (samples/terraform) run by <c>alb-emulator --config plan.json --overrides
/// overrides.json</c> (config-format.md §6): <c>--validate</c> output pinned, then real traffic through every rule, the
/// WAF rule and the Lambda target.
/// </summary>
public sealed class TerraformPlanTests : IDisposable
{
    private static readonly string Samples = Path.Combine(RepositoryPaths.Root, "samples", "terraform");

    private readonly string _directory = Directory.CreateTempSubdirectory("alb-func-tf-").FullName;

    public TerraformPlanTests()
    {
        foreach (var file in Directory.GetFiles(Samples, "*.json"))
        {
            File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
        }

        var certs = Path.Combine(_directory, "certs");
        TestCertificates.WritePem(certs, "shop");
        TestCertificates.WritePem(certs, "clients-ca");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The plan without its child module: one load balancer (the public one).</summary>
    private string PublicOnlyPlan()
    {
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, "plan.json")))!.AsObject();
        plan["planned_values"]!["root_module"]!.AsObject().Remove("child_modules");
        var path = Path.Combine(_directory, "public-plan.json");
        File.WriteAllText(path, plan.ToJsonString());
        return path;
    }

    [Fact]
    public async Task Validate_lists_what_runs_what_is_skipped_and_what_is_unmapped()
    {
        var plan = PublicOnlyPlan();
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await AlbEmulatorCommand.RunAsync(["--config", plan, "--overrides", Path.Combine(_directory, "overrides.json"), "--validate"], output, error, CancellationToken.None);

        Assert.Equal("", error.ToString());
        Assert.Equal(0, exitCode);
        Assert.Equal(
            [
                "Will run (15):",
                "  aws_lb_target_group.web as target group 'web' with 1 target from the overrides",
                "  aws_lb_target_group.api_blue as target group 'api-blue' with 1 target from the overrides",
                "  aws_lb_target_group.api_green as target group 'api-green' with 1 target from the overrides",
                "  aws_lb_target_group.hello as target group 'hello' with 1 target",
                "  aws_lambda_function.hello as Lambda function 'hello' served at http://127.0.0.1:9000 (overrides)",
                "  aws_wafv2_ip_set.office as IP set 'office'",
                "  aws_wafv2_web_acl.shop as web ACL 'shop-acl'",
                "  aws_lb.public as load balancer 'public' (internet-facing, ipv4)",
                "  aws_wafv2_web_acl_association.public: web ACL 'shop-acl' on load balancer 'public'",
                "  aws_lb_listener.http as listener 18080 (planned port 80, moved by the overrides)",
                "  aws_lb_listener.https as listener 18443 (planned port 443, moved by the overrides)",
                "  aws_lb_listener_rule.api as rule 10",
                "  aws_lb_listener_rule.admin as rule 20",
                "  aws_lb_listener_rule.hello as rule 30",
                "  aws_lb_listener_rule.search as rule 40",
                "Skipped (1):",
                "  3 other resources not run locally: aws_acm_certificate, aws_iam_role, aws_instance",
                "Unmapped (a target group without targets answers 503; a listener without PEM files serves a generated certificate) (1):",
                "  aws_lb_listener.https certificate_arn: known only after apply has no local PEM files; give them as Certificates.\"aws_acm_certificate.site\" in the overrides file (a generated certificate is served until then)",
                $"The configuration in the Terraform plan {plan} is valid.",
            ],
            output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Validate_runs_both_load_balancers_of_the_sample_plan()
    {
        var plan = Path.Combine(_directory, "plan.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await AlbEmulatorCommand.RunAsync(["--config", plan, "--overrides", Path.Combine(_directory, "overrides.json"), "--validate"], output, error, CancellationToken.None);

        Assert.Equal("", error.ToString());
        Assert.Equal(0, exitCode);
        var lines = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("Will run (19):", lines[0]);
        Assert.Contains("  aws_lb.public as load balancer 'public' (internet-facing, ipv4)", lines);
        Assert.Contains("  module.internal.aws_lb.this as load balancer 'internal' (internal, ipv4)", lines);
        Assert.Contains("  module.internal.aws_lb_trust_store.clients as trust store 'clients' with the CA bundle from the overrides", lines);
        Assert.Contains("  module.internal.aws_lb_listener.this as listener 18444 (planned port 8443, moved by the overrides)", lines);
        Assert.Equal($"The configuration in the Terraform plan {plan} is valid.", lines[^1]);
    }

    [Fact]
    public async Task Plan_with_overrides_serves_traffic_through_every_rule_of_both_load_balancers()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var blue = await TestBackend.StartAsync("api-blue");
        await using var green = await TestBackend.StartAsync("api-green");
        await using var reports = await TestBackend.StartAsync("reports");
        await using var hello = await LambdaTestFunction.StartAsync();
        using var client = TestCertificates.WriteClientCa(Path.Combine(_directory, "certs"), "clients-ca", "reporting-job");
        int httpPort = CommandRun.FreePort(), httpsPort = CommandRun.FreePort(), internalPort = CommandRun.FreePort();
        var overrides = Path.Combine(_directory, "local.json");
        File.WriteAllText(overrides, $$"""
            {
              "LoadBalancers": {
                "public": { "Listeners": { "80": { "Port": {{httpPort}} }, "443": { "Port": {{httpsPort}} } } },
                "module.internal.aws_lb.this": { "Listeners": { "8443": { "Port": {{internalPort}} } } }
              },
              "TargetGroups": {
                "aws_lb_target_group.web": { "Targets": [ { "Id": "127.0.0.1", "Port": {{web.Port}} } ] },
                "api-blue": { "Targets": [ { "Id": "127.0.0.1", "Port": {{blue.Port}} } ] },
                "api-green": { "Targets": [ { "Id": "127.0.0.1", "Port": {{green.Port}} } ] },
                "module.internal.aws_lb_target_group.reports": { "Targets": [ { "Id": "127.0.0.1", "Port": {{reports.Port}} } ] }
              },
              "Functions": { "hello": { "LambdaEndpoint": "{{hello.Endpoint}}" } },
              "Certificates": { "aws_acm_certificate.site": { "CertificateFile": "certs/shop.pem", "PrivateKeyFile": "certs/shop-key.pem" } },
              "TrustStores": { "module.internal.aws_lb_trust_store.clients": { "CaCertificatesBundleFile": "certs/clients-ca.pem" } }
            }
            """);

        await using var run = await CommandRun.StartAsync("--config", Path.Combine(_directory, "plan.json"), "--overrides", overrides);
        using var http = run.Client(httpPort);
        using var https = run.Client(httpsPort);
        using var inside = run.Client(internalPort, client);

        using var redirect = await http.GetAsync("/cart?item=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal(new Uri("https://127.0.0.1:443/cart?item=1"), redirect.Headers.Location);

        Assert.Equal("web", EchoedRequest.Parse(await https.GetStringAsync("/")).Backend);

        var seen = new HashSet<string>();
        for (var i = 0; i < 60 && seen.Count < 2; i++)
        {
            seen.Add(EchoedRequest.Parse(await https.GetStringAsync("/api/orders")).Backend);
        }

        Assert.Equal(["api-blue", "api-green"], seen.Order());

        using var admin = new HttpRequestMessage(HttpMethod.Get, "/");
        admin.Headers.Host = "admin.example.com";
        using var adminResponse = await https.SendAsync(admin);
        Assert.Equal(HttpStatusCode.Forbidden, adminResponse.StatusCode);
        Assert.Equal("admin is internal", await adminResponse.Content.ReadAsStringAsync());

        using var lambda = await https.GetAsync("/hello");
        Assert.Equal(HttpStatusCode.OK, lambda.StatusCode);
        var invocation = await hello.WaitForInvocationAsync();
        Assert.Equal("hello", invocation.FunctionName);
        Assert.Equal("/hello", invocation.Event.GetProperty("path").GetString());

        using var search = new HttpRequestMessage(HttpMethod.Get, "/find?q=shoes");
        search.Headers.Add("X-Client", "app-ios");
        using var searchResponse = await https.SendAsync(search);
        Assert.Equal("api-green", EchoedRequest.Parse(await searchResponse.Content.ReadAsStringAsync()).Backend);

        // The web ACL: /admin from outside the office IP set is blocked with the custom response body.
        using var blocked = await https.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("""{"error":"admin only from the office"}""", await blocked.Content.ReadAsStringAsync());

        // The second load balancer (module.internal): its own listener, trust store and default action; the public
        // one's rules and web ACL do not apply there.
        var report = EchoedRequest.Parse(await inside.GetStringAsync("/api/monthly?web=1"));
        Assert.Equal("reports", report.Backend);
        Assert.Equal("CN=reporting-job", report.Header("X-Amzn-Mtls-Clientcert-Subject"));
        Assert.Equal("reports", EchoedRequest.Parse(await inside.GetStringAsync("/admin/users")).Backend);
        Assert.Equal(1, web.RequestCount);

        // Each access-log line names the load balancer that answered.
        var publicLine = await run.WaitForAccessLogAsync(l => l.RequestUrl.Contains("/find?q=shoes", StringComparison.Ordinal), "the public search");
        var internalLine = await run.WaitForAccessLogAsync(l => l.RequestUrl.Contains("/api/monthly?web=1", StringComparison.Ordinal), "the internal report");
        Assert.StartsWith("app/public/", publicLine.Elb, StringComparison.Ordinal);
        Assert.StartsWith("app/internal/", internalLine.Elb, StringComparison.Ordinal);
        Assert.Equal($"127.0.0.1:{reports.Port}", $"{internalLine.TargetIp}:{internalLine.TargetPort}");

        // DescribeLoadBalancers: the plan's internal = true is the internal scheme, with its internal- DNS name.
        var described = await LoadBalancerDescriptions.DescribeAsync(run.Server.AdminUri!);
        Assert.Equal(("internet-facing", "ipv4"), (described["public"].Scheme, described["public"].IpAddressType));
        Assert.Equal(("internal", "ipv4"), (described["internal"].Scheme, described["internal"].IpAddressType));
        Assert.StartsWith("internal-internal-", described["internal"].DnsName, StringComparison.Ordinal);
        Assert.StartsWith("public-", described["public"].DnsName, StringComparison.Ordinal);
    }
}
