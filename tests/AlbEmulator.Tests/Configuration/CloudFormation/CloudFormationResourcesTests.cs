using System.Text.Json.Nodes;
using AlbEmulator.Configuration;
using AlbEmulator.Configuration.CloudFormation;

namespace AlbEmulator.Tests.Configuration.CloudFormation;

/// <summary>Trust stores, AWS WAF, Lambda targets and several load balancers in a CloudFormation template.</summary>
public sealed class CloudFormationResourcesTests
{
    private const string Template = """
        Resources:
          Public:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: { Name: public }
          Internal:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: { Name: internal, Scheme: internal }
          Hello:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: hello
              Runtime: nodejs24.x
              Handler: index.handler
              Code: { ZipFile: 'exports.handler = async () => ({ statusCode: 200 })' }
          HelloTargets:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties:
              TargetType: lambda
              Targets: [{ Id: !GetAtt Hello.Arn }]
          Clients:
            Type: AWS::ElasticLoadBalancingV2::TrustStore
            Properties: { Name: clients, CaCertificatesBundleS3Bucket: pki, CaCertificatesBundleS3Key: ca.pem }
          Revocations:
            Type: AWS::ElasticLoadBalancingV2::TrustStoreRevocation
            Properties: { TrustStoreArn: !Ref Clients }
          Office:
            Type: AWS::WAFv2::IPSet
            Properties: { Name: office, Scope: REGIONAL, IPAddressVersion: IPV4, Addresses: [198.51.100.0/24] }
          Scanners:
            Type: AWS::WAFv2::RegexPatternSet
            Properties: { Scope: REGIONAL, RegularExpressionList: ['(?i)sqlmap'] }
          Acl:
            Type: AWS::WAFv2::WebACL
            Properties:
              Name: shop-acl
              Scope: REGIONAL
              DefaultAction: { Allow: {} }
              VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: shop-acl }
              Rules:
                - Name: office-only
                  Priority: 1
                  Action: { Block: {} }
                  Statement: { NotStatement: { Statement: { IPSetReferenceStatement: { Arn: !GetAtt Office.Arn } } } }
                  VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: office-only }
                - Name: scanners
                  Priority: 2
                  Action: { Block: {} }
                  Statement: { RegexPatternSetReferenceStatement: { Arn: !GetAtt Scanners.Arn, FieldToMatch: { SingleHeader: { Name: user-agent } }, TextTransformations: [{ Priority: 0, Type: NONE }] } }
                  VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: scanners }
          Edge:
            Type: AWS::WAFv2::WebACL
            Properties: { Scope: CLOUDFRONT, DefaultAction: { Allow: {} } }
          Association:
            Type: AWS::WAFv2::WebACLAssociation
            Properties: { ResourceArn: !Ref Internal, WebACLArn: !GetAtt Acl.Arn }
          PublicHttp:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: !Ref Public
              Port: 80
              Protocol: HTTP
              DefaultActions: [{ Type: forward, TargetGroupArn: !Ref HelloTargets }]
          InternalHttps:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: !Ref Internal
              Port: 8443
              Protocol: HTTPS
              MutualAuthentication: { Mode: verify, TrustStoreArn: !Ref Clients }
              DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '200' } }]
        """;

    private static readonly TemplateOverrides Overrides = new()
    {
        Functions = JsonNode.Parse("""{ "Hello": { "LambdaEndpoint": "http://127.0.0.1:9000" } }""")!.AsObject(),
        TrustStores = JsonNode.Parse("""{ "clients": { "CaCertificatesBundleFile": "ca.pem", "RevocationFiles": [ "crl.pem" ] } }""")!.AsObject(),
        BaseDirectory = "/work/local",
    };

    private static TemplateTranslation Translate(TemplateOverrides? overrides = null) =>
        CloudFormationTemplate.Translate(Template, "shop.yaml", overrides ?? Overrides, new Dictionary<string, string>(), "/tmp");

    [Fact]
    public void Several_load_balancers_each_keep_their_listeners()
    {
        var document = Translate().Document!;

        var loadBalancers = document["LoadBalancers"]!.AsArray();
        Assert.Equal(["public", "internal"], loadBalancers.Select(l => (string)l!["Name"]!).ToArray());
        Assert.Equal([80], loadBalancers[0]!["Listeners"]!.AsArray().Select(l => int.Parse(l!["Port"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        Assert.Equal([8443], loadBalancers[1]!["Listeners"]!.AsArray().Select(l => int.Parse(l!["Port"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        Assert.Equal("shop-acl", (string?)loadBalancers[1]!["WebACLName"]);
        Assert.Null(loadBalancers[0]!["WebACLName"]);
    }

    [Fact]
    public void A_lambda_function_target_is_served_at_its_override_endpoint()
    {
        var result = Translate();

        var group = result.Document!["TargetGroups"]!.AsArray().Single()!;
        Assert.Equal("""[{"Id":"hello","LambdaEndpoint":"http://127.0.0.1:9000"}]""", group["Targets"]!.ToJsonString());
        Assert.Contains("Lambda::Function 'Hello' as Lambda function 'hello' served at http://127.0.0.1:9000 (overrides)", result.Running);
    }

    [Fact]
    public void An_unmapped_lambda_function_is_reported_and_its_group_runs_empty()
    {
        var result = Translate(new TemplateOverrides());

        Assert.Equal("[]", result.Document!["TargetGroups"]![0]!["Targets"]!.ToJsonString());
        Assert.Contains("Lambda::Function 'Hello': no local endpoint; give one as Functions.Hello.LambdaEndpoint in the overrides file", result.Unmapped);
        Assert.Contains("ElasticLoadBalancingV2::TargetGroup 'HelloTargets' Targets[0]: Lambda function 'Hello' has no local endpoint; give one as Functions.Hello.LambdaEndpoint in the overrides file", result.Unmapped);
        Assert.Contains("ElasticLoadBalancingV2::TrustStore 'Clients': the CA bundle is in S3; give it as TrustStores.Clients.CaCertificatesBundleFile in the overrides file", result.Unmapped);
    }

    [Fact]
    public void Trust_store_takes_its_files_from_the_overrides_and_the_listener_names_it()
    {
        var document = Translate().Document!;

        Assert.Equal("""[{"Name":"clients","CaCertificatesBundleFile":"/work/local/ca.pem","RevocationFiles":["/work/local/crl.pem"]}]""", document["TrustStores"]!.ToJsonString());
        var mutual = document["LoadBalancers"]![1]!["Listeners"]![0]!["MutualAuthentication"]!;
        Assert.Equal("""{"Mode":"verify","TrustStoreName":"clients"}""", mutual.ToJsonString());
    }

    [Fact]
    public void Certificates_keyed_by_ARN_in_the_overrides_become_the_configs_local_certificates()
    {
        const string arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000001";
        var overrides = Overrides with
        {
            Certificates = JsonNode.Parse($$"""{ "{{arn}}": { "CertificateFile": "api.pem", "PrivateKeyFile": "api-key.pem" }, "aws_acm_certificate.api": { "CertificateFile": "x.pem", "PrivateKeyFile": "x-key.pem" } }""")!.AsObject(),
        };

        var result = Translate(overrides);

        // Served when the ELBv2 API names the ARN later; a Terraform address is no ARN and stays a template-only key.
        Assert.Equal($$$"""{"{{{arn}}}":{"CertificateFile":"/work/local/api.pem","PrivateKeyFile":"/work/local/api-key.pem"}}""", result.Document!["Certificates"]!.ToJsonString());
        Assert.Equal("/work/local/api.pem", result.Read.Config!.LocalCertificate(arn)!.CertificateFile);
    }

    [Fact]
    public void Waf_resources_keep_their_vocabulary_and_references_become_set_names()
    {
        var result = Translate();
        var document = result.Document!;

        Assert.Equal("""[{"IPAddressVersion":"IPV4","Addresses":["198.51.100.0/24"],"Name":"office"}]""", document["IPSets"]!.ToJsonString());
        Assert.Equal("""[{"RegularExpressionList":["(?i)sqlmap"],"Name":"Scanners"}]""", document["RegexPatternSets"]!.ToJsonString());
        var acl = document["WebACLs"]!.AsArray().Single()!;
        Assert.Equal("office", (string?)acl["Rules"]![0]!["Statement"]!["NotStatement"]!["Statement"]!["IPSetReferenceStatement"]!["ARN"]);
        Assert.Equal("Scanners", (string?)acl["Rules"]![1]!["Statement"]!["RegexPatternSetReferenceStatement"]!["ARN"]);
        Assert.Contains("WAFv2::WebACL 'Edge': a CLOUDFRONT web ACL, not one for a load balancer", result.Skipped);
        Assert.Contains("WAFv2::WebACLAssociation 'Association': web ACL 'shop-acl' on load balancer 'internal'", result.Running);
        Assert.Contains("ElasticLoadBalancingV2::TrustStoreRevocation 'Revocations': revocation lists live in S3; give them as TrustStores.<id>.RevocationFiles in the overrides file", result.Skipped);
    }

    private const string PlacementTemplate = """
        Parameters:
          Exposure: { Type: String, AllowedValues: [internet-facing, internal], Default: internal }
          Dual: { Type: String, Default: 'false' }
        Conditions:
          IsDual: !Equals [!Ref Dual, 'true']
        Resources:
          Front:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: { Name: front, Scheme: !Ref Exposure, IpAddressType: !If [IsDual, dualstack, !Ref 'AWS::NoValue'] }
          Back:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: { Name: back, Scheme: internal, IpAddressType: dualstack-without-public-ipv4 }
          BackHttp:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: !Ref Back
              Port: 80
              Protocol: HTTP
              DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '200', MessageBody: !GetAtt Back.DNSName } }]
          FrontHttp:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: !Ref Front
              Port: 81
              Protocol: HTTP
              DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '200', MessageBody: !GetAtt Front.DNSName } }]
        """;

    private static TemplateTranslation TranslatePlacement(Dictionary<string, string>? parameters = null, string? overrides = null) =>
        CloudFormationTemplate.Translate(
            PlacementTemplate, "placement.yaml", new TemplateOverrides { LoadBalancers = JsonNode.Parse(overrides ?? "{}")!.AsObject() }, parameters ?? [], "/tmp");

    private static (string? Scheme, string? IpAddressType) Placement(TemplateTranslation result, string name)
    {
        var lb = result.Read.Config!.LoadBalancers.Single(l => l.Name == name);
        return (lb.Scheme, lb.IpAddressType);
    }

    [Fact]
    public void Scheme_and_ip_address_type_are_carried_from_properties_parameters_and_conditions()
    {
        var result = TranslatePlacement();

        Assert.Empty(AlbConfigValidator.Validate(result.Read));
        Assert.Equal(("internal", null), Placement(result, "front"));
        Assert.Equal(("internal", "dualstack-without-public-ipv4"), Placement(result, "back"));
        Assert.Contains("ElasticLoadBalancingV2::LoadBalancer 'Front' as load balancer 'front' (internal, ipv4)", result.Running);
        Assert.Contains("ElasticLoadBalancingV2::LoadBalancer 'Back' as load balancer 'back' (internal, dualstack-without-public-ipv4)", result.Running);
        Assert.DoesNotContain(result.Skipped, s => s.Contains("Scheme", StringComparison.Ordinal) || s.Contains("IpAddressType", StringComparison.Ordinal));

        var chosen = TranslatePlacement(new() { ["Exposure"] = "internet-facing", ["Dual"] = "true" });

        Assert.Equal(("internet-facing", "dualstack"), Placement(chosen, "front"));
        Assert.Contains("ElasticLoadBalancingV2::LoadBalancer 'Front' as load balancer 'front' (internet-facing, dualstack)", chosen.Running);
    }

    [Fact]
    public void Get_att_dns_name_is_the_running_load_balancers_internal_or_not()
    {
        var result = TranslatePlacement(new() { ["Exposure"] = "internet-facing" });

        string Body(string name) =>
            (string)result.Document!["LoadBalancers"]!.AsArray().Single(l => (string?)l!["Name"] == name)!["Listeners"]![0]!["DefaultActions"]![0]!["FixedResponseConfig"]!["MessageBody"]!;
        // The names the running emulator reports (DescribeLoadBalancers), so a template that uses them sees the same.
        var loadBalancers = result.Read.Config!.LoadBalancers;
        Assert.Equal(AlbEmulator.Model.AwsIdentifiers.Of(loadBalancers.Single(l => l.Name == "back")).DnsName, Body("back"));
        Assert.Equal(AlbEmulator.Model.AwsIdentifiers.Of(loadBalancers.Single(l => l.Name == "front")).DnsName, Body("front"));
        Assert.Matches(@"^internal-back-[0-9]{10}\.us-east-1\.elb\.amazonaws\.com$", Body("back"));
        Assert.Matches(@"^front-[0-9]{10}\.us-east-1\.elb\.amazonaws\.com$", Body("front"));
    }

    [Fact]
    public void The_overrides_entry_replaces_the_templates_scheme_and_ip_address_type_and_the_validator_checks_them()
    {
        var result = TranslatePlacement(overrides: """{ "Front": { "Scheme": "internet-facing" }, "back": { "IpAddressType": "ipv6" } }""");

        Assert.Equal(("internet-facing", null), Placement(result, "front"));
        Assert.Contains(AlbConfigValidator.Validate(result.Read), e => e.ToString().Contains("IpAddressType", StringComparison.Ordinal) && e.ToString().Contains("back", StringComparison.Ordinal));
    }
}
