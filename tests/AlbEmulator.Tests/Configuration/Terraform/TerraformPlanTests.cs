using System.Text.Json.Nodes;
using AlbEmulator.Configuration;
using AlbEmulator.Configuration.CloudFormation;
using AlbEmulator.Configuration.Terraform;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Configuration.Terraform;

/// <summary>
/// The hand-written <c>terraform show -json</c> documents of samples/terraform (a plan with values unknown until apply,
/// a child module and two load balancers, and the state after apply) through <see cref="TerraformPlan"/>.
/// </summary>
public sealed class TerraformPlanTests
{
    private static readonly string Samples = Path.Combine(RepositoryPaths.Root, "samples", "terraform");

    private static string Plan => File.ReadAllText(Path.Combine(Samples, "plan.json"));

    private static string State => File.ReadAllText(Path.Combine(Samples, "state.json"));

    private static readonly TemplateOverrides Functions = new()
    {
        Functions = new JsonObject { ["aws_lambda_function.hello"] = new JsonObject { ["LambdaEndpoint"] = "http://127.0.0.1:9000" } },
    };

    private static TemplateTranslation Translate(string text, TemplateOverrides? overrides = null) =>
        TerraformPlan.Translate(text, overrides ?? Functions, "/tmp");

    private static JsonObject LoadBalancer(TemplateTranslation translation, string name) =>
        translation.Document!["LoadBalancers"]!.AsArray().OfType<JsonObject>().Single(l => (string?)l["Name"] == name);

    private static JsonObject Listener(JsonObject loadBalancer, int port) =>
        loadBalancer["Listeners"]!.AsArray().OfType<JsonObject>().Single(l => (int?)l["Port"] == port);

    private static JsonObject Rule(JsonObject listener, int priority) =>
        listener["Rules"]!.AsArray().OfType<JsonObject>().Single(r => (long?)r["Priority"] == priority);

    private static JsonObject Group(TemplateTranslation translation, string name) =>
        translation.Document!["TargetGroups"]!.AsArray().OfType<JsonObject>().Single(g => (string?)g["Name"] == name);

    [Theory]
    [InlineData("plan.json")]
    [InlineData("state.json")]
    public void Both_documents_become_two_load_balancers_with_their_listeners(string file)
    {
        var result = Translate(File.ReadAllText(Path.Combine(Samples, file)));

        var names = result.Document!["LoadBalancers"]!.AsArray().Select(l => (string)l!["Name"]!).ToArray();
        Assert.Equal(["public", "internal"], names);
        Assert.Equal([80, 443], LoadBalancer(result, "public")["Listeners"]!.AsArray().Select(l => (int)l!["Port"]!).ToArray());
        Assert.Equal([8443], LoadBalancer(result, "internal")["Listeners"]!.AsArray().Select(l => (int)l!["Port"]!).ToArray());
        Assert.Equal(["web", "api-blue", "api-green", "hello", "reports"], result.Document["TargetGroups"]!.AsArray().Select(g => (string)g!["Name"]!).ToArray());
    }

    [Theory]
    [InlineData("plan.json")]
    [InlineData("state.json")]
    public void References_resolve_to_the_resources_they_name(string file)
    {
        var result = Translate(File.ReadAllText(Path.Combine(Samples, file)));
        var https = Listener(LoadBalancer(result, "public"), 443);

        Assert.Equal("""[{"Type":"forward","TargetGroupName":"web"}]""", https["DefaultActions"]!.ToJsonString());
        // A set of blocks: the weights pick the configuration element whose reference names the group.
        var forward = Rule(https, 10)["Actions"]![0]!["ForwardConfig"]!;
        Assert.Equal("""[{"TargetGroupName":"api-blue","Weight":80},{"TargetGroupName":"api-green","Weight":20}]""", forward["TargetGroups"]!.ToJsonString());
        Assert.Equal("""{"Enabled":false,"DurationSeconds":3600}""", forward["TargetGroupStickinessConfig"]!.ToJsonString());
        Assert.Equal("hello", (string?)Rule(https, 30)["Actions"]![0]!["TargetGroupName"]);
        Assert.Equal("shop-acl", (string?)LoadBalancer(result, "public")["WebACLName"]);
        Assert.Null(LoadBalancer(result, "internal")["WebACLName"]);

        var mutual = Listener(LoadBalancer(result, "internal"), 8443)["MutualAuthentication"]!;
        Assert.Equal("""{"Mode":"verify","IgnoreClientCertificateExpiry":false,"AdvertiseTrustStoreCaNames":"off","TrustStoreName":"clients"}""", mutual.ToJsonString());
        Assert.Equal("reports", (string?)Listener(LoadBalancer(result, "internal"), 8443)["DefaultActions"]![0]!["TargetGroupName"]);
    }

    [Fact]
    public void Rules_conditions_and_actions_use_the_cloudformation_vocabulary()
    {
        var result = Translate(Plan);
        var https = Listener(LoadBalancer(result, "public"), 443);
        var http = Listener(LoadBalancer(result, "public"), 80);

        Assert.Equal(
            """[{"Type":"redirect","RedirectConfig":{"Host":"#{host}","Path":"/#{path}","Port":"443","Protocol":"HTTPS","Query":"#{query}","StatusCode":"HTTP_301"}}]""",
            http["DefaultActions"]!.ToJsonString());
        Assert.Equal(
            """[{"Field":"host-header","HostHeaderConfig":{"Values":["admin.example.com"]}},{"Field":"http-request-method","HttpRequestMethodConfig":{"Values":["GET","HEAD"]}}]""",
            Rule(https, 20)["Conditions"]!.ToJsonString());
        Assert.Equal(
            """[{"Type":"fixed-response","FixedResponseConfig":{"ContentType":"text/plain","MessageBody":"admin is internal","StatusCode":"403"}}]""",
            Rule(https, 20)["Actions"]!.ToJsonString());
        Assert.Equal(
            """[{"Field":"query-string","QueryStringConfig":{"Values":[{"Key":"q","Value":"*"}]}},{"Field":"http-header","HttpHeaderConfig":{"HttpHeaderName":"X-Client","Values":["app-*"]}}]""",
            Rule(https, 40)["Conditions"]!.ToJsonString());
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", (string?)https["SslPolicy"]);
    }

    [Fact]
    public void Load_balancer_arguments_and_target_group_blocks_become_attributes()
    {
        var result = Translate(Plan);

        var attributes = LoadBalancer(result, "public")["LoadBalancerAttributes"]!.AsArray().ToDictionary(a => (string)a!["Key"]!, a => (string?)a!["Value"]);
        Assert.Equal("60", attributes["idle_timeout.timeout_seconds"]);
        Assert.Equal("defensive", attributes["routing.http.desync_mitigation_mode"]);
        Assert.Equal("true", attributes["routing.http2.enabled"]);
        Assert.Equal("append", attributes["routing.http.xff_header_processing.mode"]);

        var web = Group(result, "web");
        Assert.Equal("/health", (string?)web["HealthCheckPath"]);
        Assert.Equal(5, (int?)web["HealthCheckIntervalSeconds"]);
        Assert.Equal("""{"HttpCode":"200-299"}""", web["Matcher"]!.ToJsonString());
        var groupAttributes = web["TargetGroupAttributes"]!.AsArray().ToDictionary(a => (string)a!["Key"]!, a => (string?)a!["Value"]);
        Assert.Equal("300", groupAttributes["deregistration_delay.timeout_seconds"]);
        Assert.Equal("lb_cookie", groupAttributes["stickiness.type"]);
        Assert.Equal("86400", groupAttributes["stickiness.lb_cookie.duration_seconds"]);

        var hello = Group(result, "hello");
        Assert.Equal("lambda", (string?)hello["TargetType"]);
        Assert.Null(hello["Port"]);
        Assert.Equal(false, (bool?)hello["HealthCheckEnabled"]);
    }

    [Fact]
    public void Web_acl_blocks_become_the_wafv2_vocabulary_with_set_references_by_name()
    {
        var result = Translate(Plan);

        var acl = result.Document!["WebACLs"]!.AsArray().Single()!;
        Assert.Equal("shop-acl", (string?)acl["Name"]);
        Assert.Equal("""{"Allow":{}}""", acl["DefaultAction"]!.ToJsonString());
        Assert.Equal("""{"denied":{"Content":"{\u0022error\u0022:\u0022admin only from the office\u0022}","ContentType":"APPLICATION_JSON"}}""", acl["CustomResponseBodies"]!.ToJsonString());
        var rule = acl["Rules"]!.AsArray().Single()!;
        Assert.Equal("""{"Block":{"CustomResponse":{"ResponseCode":403,"CustomResponseBodyKey":"denied"}}}""", rule["Action"]!.ToJsonString());
        var statements = rule["Statement"]!["AndStatement"]!["Statements"]!.AsArray();
        Assert.Equal(
            """{"ByteMatchStatement":{"SearchString":"/admin","PositionalConstraint":"STARTS_WITH","FieldToMatch":{"UriPath":{}},"TextTransformations":[{"Priority":0,"Type":"LOWERCASE"}]}}""",
            statements[0]!.ToJsonString());
        Assert.Equal("""{"NotStatement":{"Statement":{"IPSetReferenceStatement":{"ARN":"office"}}}}""", statements[1]!.ToJsonString());
        Assert.Equal("""{"CloudWatchMetricsEnabled":true,"MetricName":"admin-from-office-only","SampledRequestsEnabled":true}""", rule["VisibilityConfig"]!.ToJsonString());
        Assert.Equal("""[{"Name":"office","IPAddressVersion":"IPV4","Addresses":["198.51.100.0/24"]}]""", result.Document["IPSets"]!.ToJsonString());
    }

    [Fact]
    public void Plan_lists_what_is_known_only_after_apply_with_the_override_key()
    {
        var result = Translate(Plan, new TemplateOverrides());

        Assert.Equal(
            [
                "aws_lb_target_group_attachment.api_blue: target known only after apply (aws_instance.api) has no local address; map the group in the overrides file under TargetGroups.\"aws_lb_target_group.api_blue\".Targets",
                "aws_lb_target_group_attachment.hello: Lambda function 'aws_lambda_function.hello' has no local endpoint; give one as Functions.\"aws_lambda_function.hello\".LambdaEndpoint in the overrides file",
                "aws_lb_target_group.api_green: no aws_lb_target_group_attachment (targets registered elsewhere, e.g. by an ECS service); map them in the overrides file under TargetGroups.\"aws_lb_target_group.api_green\".Targets",
                "module.internal.aws_lb_trust_store.clients: the CA bundle is in S3; give it as TrustStores.\"module.internal.aws_lb_trust_store.clients\".CaCertificatesBundleFile in the overrides file",
                "aws_lb_listener.https certificate_arn: known only after apply has no local PEM files; give them as Certificates.\"aws_acm_certificate.site\" in the overrides file (a generated certificate is served until then)",
                "module.internal.aws_lb_listener.this certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/internal' has no local PEM files; give them as Certificates.\"arn:aws:acm:us-east-1:123456789012:certificate/internal\" in the overrides file (a generated certificate is served until then)",
            ],
            result.Unmapped);
        Assert.Equal("""[{"Id":"10.0.1.10","Port":8080}]""", Group(result, "web")["Targets"]!.ToJsonString());
        Assert.Equal("[]", Group(result, "api-blue")["Targets"]!.ToJsonString());
        Assert.Equal(["3 other resources not run locally: aws_acm_certificate, aws_iam_role, aws_instance"], result.Skipped);
    }

    [Theory]
    [InlineData("plan.json")]
    [InlineData("state.json")]
    public void Internal_and_ip_address_type_become_scheme_and_ip_address_type(string file)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(Samples, file)))!;
        var lbs = document.ToJsonString().Contains("\"planned_values\"", StringComparison.Ordinal) ? document["planned_values"]! : document["values"]!;
        var internalLb = lbs["root_module"]!["child_modules"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["address"] == "module.internal.aws_lb.this")!;
        internalLb["values"]!["ip_address_type"] = "dualstack-without-public-ipv4";

        var result = Translate(document.ToJsonString());

        Assert.Equal("internet-facing", (string?)LoadBalancer(result, "public")["Scheme"]);
        Assert.Equal("ipv4", (string?)LoadBalancer(result, "public")["IpAddressType"]);
        Assert.Equal("internal", (string?)LoadBalancer(result, "internal")["Scheme"]);
        Assert.Equal("dualstack-without-public-ipv4", (string?)LoadBalancer(result, "internal")["IpAddressType"]);
        Assert.Contains("aws_lb.public as load balancer 'public' (internet-facing, ipv4)", result.Running);
        Assert.Contains("module.internal.aws_lb.this as load balancer 'internal' (internal, dualstack-without-public-ipv4)", result.Running);
        var config = result.Read.Config!.LoadBalancers.Single(l => l.Name == "internal");
        Assert.Equal(("internal", "dualstack-without-public-ipv4"), (config.Scheme, config.IpAddressType));
    }

    [Fact]
    public void Internal_known_only_after_apply_is_listed_with_its_override_key_and_the_override_applies()
    {
        var plan = JsonNode.Parse(Plan)!.AsObject();
        var change = plan["resource_changes"]!.AsArray().Single(r => (string?)r!["address"] == "aws_lb.public")!["change"]!;
        change["after"]!.AsObject().Remove("internal");
        change["after_unknown"]!["internal"] = true;
        plan["planned_values"]!["root_module"]!["resources"]!.AsArray().Single(r => (string?)r!["address"] == "aws_lb.public")!["values"]!.AsObject().Remove("internal");

        var unknown = Translate(plan.ToJsonString());

        Assert.Null(LoadBalancer(unknown, "public")["Scheme"]);
        Assert.Contains("aws_lb.public internal: known only after apply; give it as LoadBalancers.\"aws_lb.public\".Scheme in the overrides file (internet-facing until then)", unknown.Unmapped);

        var mapped = Translate(plan.ToJsonString(), Functions with { LoadBalancers = JsonNode.Parse("""{ "aws_lb.public": { "Scheme": "internal" } }""")!.AsObject() });

        Assert.Equal("internal", (string?)LoadBalancer(mapped, "public")["Scheme"]);
        Assert.DoesNotContain(mapped.Unmapped, u => u.StartsWith("aws_lb.public internal", StringComparison.Ordinal));
        Assert.Contains("aws_lb.public as load balancer 'public' (internal, ipv4)", mapped.Running);
    }

    [Fact]
    public void State_knows_every_value_and_maps_the_lambda_function_by_its_arn()
    {
        var result = Translate(State);

        Assert.Equal("""[{"Id":"hello","LambdaEndpoint":"http://127.0.0.1:9000"}]""", Group(result, "hello")["Targets"]!.ToJsonString());
        Assert.Contains(result.Unmapped, u => u.StartsWith("aws_lb_target_group_attachment.api_blue: target 'i-0abc' has no local address", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Unmapped, u => u.Contains("known only after apply", StringComparison.Ordinal));
    }

    [Fact]
    public void Overrides_by_address_or_name_move_listeners_and_replace_targets()
    {
        var overrides = new TemplateOverrides
        {
            LoadBalancers = JsonNode.Parse("""{ "aws_lb.public": { "Listeners": { "443": { "Port": 18443 } } }, "internal": { "Listeners": { "8443": { "Port": 18444 } }, "LoadBalancerAttributes": [ { "Key": "idle_timeout.timeout_seconds", "Value": "5" } ] } }""")!.AsObject(),
            TargetGroups = JsonNode.Parse("""{ "api-blue": { "Targets": [ { "Id": "127.0.0.1", "Port": 5002 } ] } }""")!.AsObject(),
        };

        var result = Translate(Plan, overrides);

        Assert.Equal([80, 18443], LoadBalancer(result, "public")["Listeners"]!.AsArray().Select(l => (int)l!["Port"]!).ToArray());
        Assert.Equal([18444], LoadBalancer(result, "internal")["Listeners"]!.AsArray().Select(l => (int)l!["Port"]!).ToArray());
        Assert.Contains(LoadBalancer(result, "internal")["LoadBalancerAttributes"]!.AsArray(), a => (string?)a!["Key"] == "idle_timeout.timeout_seconds" && (string?)a["Value"] == "5");
        Assert.Equal("""[{"Id":"127.0.0.1","Port":5002}]""", Group(result, "api-blue")["Targets"]!.ToJsonString());
        Assert.Contains("aws_lb_target_group.api_blue as target group 'api-blue' with 1 target from the overrides", result.Running);
    }

    [Fact]
    public void The_sample_plan_with_its_overrides_is_a_valid_config_of_two_load_balancers()
    {
        var errors = new List<ConfigError>();
        var overrides = TemplateOverrides.Read(Path.Combine(Samples, "overrides.json"), errors);

        var result = Translate(Plan, overrides);

        Assert.Empty(errors);
        Assert.Empty(AlbConfigValidator.Validate(result.Read));
        var loadBalancers = result.Read.Config!.LoadBalancers;
        Assert.Equal(["public", "internal"], loadBalancers.Select(l => l.Name!).ToArray());
        Assert.Equal("shop-acl", loadBalancers[0].WebACLName);
        Assert.Equal([18080, 18443], loadBalancers[0].Listeners.Select(l => l.Port!.Value).ToArray());
        Assert.Equal([18444], loadBalancers[1].Listeners.Select(l => l.Port!.Value).ToArray());
    }

    [Fact]
    public void An_unknown_target_group_that_no_reference_names_is_an_error_naming_the_address()
    {
        var plan = JsonNode.Parse(Plan)!.AsObject();
        var configuration = plan["configuration"]!["root_module"]!["resources"]!.AsArray().Single(r => (string?)r!["address"] == "aws_lb_listener_rule.hello")!;
        configuration["expressions"]!["action"]![0]!["target_group_arn"] = JsonNode.Parse("""{ "references": [ "var.hello_group_arn" ] }""");

        var result = Translate(plan.ToJsonString());

        Assert.Contains(result.Read.Errors, e => e.ToString().Contains("aws_lb_listener_rule.hello", StringComparison.Ordinal) && e.ToString().Contains("action[0].target_group_arn", StringComparison.Ordinal));
    }

    [Fact]
    public void Format_version_two_is_refused()
    {
        var result = Translate("""{ "format_version": "2.0", "planned_values": { "root_module": {} } }""");

        Assert.Equal("Terraform: format_version: Format version '2.0' is not supported; AlbEmulator reads the JSON output format 1.x of terraform show -json", Assert.Single(result.Read.Errors).ToString());
    }

    [Fact]
    public void Detects_terraform_json_and_nothing_else()
    {
        Assert.True(TerraformPlan.IsTerraformJson(Plan));
        Assert.True(TerraformPlan.IsTerraformJson(State));
        Assert.False(TerraformPlan.IsTerraformJson("""{ "Resources": {} }"""));
        Assert.False(TerraformPlan.IsTerraformJson("""{ "Listeners": [] }"""));
        Assert.False(TerraformPlan.IsTerraformJson("Listeners: []"));
    }
}
