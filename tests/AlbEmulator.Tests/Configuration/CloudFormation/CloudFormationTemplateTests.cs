using AlbEmulator.Configuration;
using AlbEmulator.Configuration.CloudFormation;

namespace AlbEmulator.Tests.Configuration.CloudFormation;

/// <summary>Hand-written templates through <see cref="CloudFormationTemplate"/>: every intrinsic function, YAML short form and JSON long form.</summary>
public sealed class CloudFormationTemplateTests
{
    private const string ShortFormYaml = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          Env:
            Type: String
            Default: dev
            AllowedValues: [dev, prod]
          Addresses:
            Type: CommaDelimitedList
            Default: 127.0.0.1,127.0.0.2
        Mappings:
          PortMap:
            dev: { Port: 8080 }
            prod: { Port: 80 }
        Conditions:
          IsDev: !Equals [!Ref Env, dev]
          IsProd: !Not [!Condition IsDev]
          Both: !And [!Condition IsDev, !Or [!Condition IsProd, !Equals [a, a]]]
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
          Server:
            Type: AWS::EC2::Instance
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties:
              Name: !Sub '${Env}-alb'
              Subnets: [!Ref Vpc]
          Web:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties:
              Name: !Sub '${Env}-web'
              Protocol: HTTP
              Port: !FindInMap [PortMap, !Ref Env, Port]
              VpcId: !Ref Vpc
              TargetType: ip
              HealthCheckEnabled: !If [IsDev, true, false]
              HealthCheckPath: !Join ['/', ['', health, !Select [1, !Split [',', 'a,check,c']]]]
              Targets:
                - Id: !Select [0, !Ref Addresses]
                  Port: 5001
                  AvailabilityZone: !Select [0, !GetAZs '']
          Api:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties:
              Protocol: HTTP
              Port: 80
              Targets:
                - Id: !Ref Server
          Http:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: !Ref Alb
              Port: 80
              Protocol: HTTP
              DefaultActions:
                - Type: forward
                  TargetGroupArn: !Ref Web
          ApiRule:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Properties:
              ListenerArn: !Ref Http
              Priority: 10
              Conditions:
                - Field: host-header
                  HostHeaderConfig:
                    Values: [!Sub ['${Sub}.${AWS::Region}.example.com', { Sub: api }]]
              Actions:
                - Type: forward
                  ForwardConfig:
                    TargetGroups:
                      - TargetGroupArn: !GetAtt Api.TargetGroupArn
                        Weight: 1
          InfoRule:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Condition: Both
            Properties:
              ListenerArn: !Ref Http
              Priority: '20'
              Conditions:
                - Field: path-pattern
                  Values: [/info]
              Actions:
                - Type: fixed-response
                  FixedResponseConfig:
                    StatusCode: 200
                    ContentType: !If [IsProd, text/html, !Ref AWS::NoValue]
                    MessageBody: !Sub '${Alb.LoadBalancerFullName} ${AWS::AccountId}/${AWS::StackName}/${AWS::Partition} ${!Literal} ${Web.TargetGroupName}'
          MovedRule:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Properties:
              ListenerArn: !Ref Http
              Priority: 30
              Conditions:
                - Field: path-pattern
                  Values: [/old]
              Actions:
                - Type: redirect
                  RedirectConfig:
                    Host: !ImportValue SharedHost
                    Port: 443
                    StatusCode: HTTP_301
          ProdRule:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Condition: IsProd
            Properties:
              ListenerArn: !Ref Http
              Priority: 40
              Conditions: [{ Field: path-pattern, Values: [/p] }]
              Actions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '503', MessageBody: !Base64 hi } }]
        """;

    private static readonly TemplateOverrides Imports = new() { Imports = new() { ["SharedHost"] = "shared.example.com" } };

    private static TemplateTranslation Translate(string text, string fileName = "stack.yaml", TemplateOverrides? overrides = null, Dictionary<string, string>? parameters = null) =>
        CloudFormationTemplate.Translate(text, fileName, overrides ?? Imports, parameters ?? [], "/tmp");

    [Fact]
    public void Short_form_yaml_resolves_every_intrinsic()
    {
        var result = Translate(ShortFormYaml);

        Assert.Empty(result.Read.Errors);
        var config = result.Read.Config!;
        Assert.Equal("dev-alb", config.LoadBalancers[0].Name);
        var web = config.TargetGroups.Single(g => g.Name == "dev-web");
        Assert.Equal(8080, web.Port);
        Assert.True(web.HealthCheckEnabled);
        Assert.Equal("/health/check", web.HealthCheckPath);
        Assert.Equal("127.0.0.1", web.Targets[0].Id);
        Assert.Equal("us-east-1a", web.Targets[0].AvailabilityZone);
        Assert.Null(web.VpcId);

        var listener = Assert.Single(config.LoadBalancers[0].Listeners);
        Assert.Equal(80, listener.Port);
        Assert.True(TargetGroupReference.TryGetName(listener.DefaultActions[0].TargetGroupArn, out var defaultGroup));
        Assert.Equal("dev-web", defaultGroup);

        Assert.Equal([10, 20, 30], listener.Rules.Select(r => r.Priority!.Value).Order());
        var api = listener.Rules.Single(r => r.Priority == 10);
        Assert.Equal(["api.us-east-1.example.com"], api.Conditions[0].HostHeaderConfig!.Values);
        Assert.True(TargetGroupReference.TryGetName(api.Actions[0].ForwardConfig!.TargetGroups[0].TargetGroupArn, out var apiGroup));
        Assert.Equal("Api", apiGroup);

        var info = listener.Rules.Single(r => r.Priority == 20).Actions[0].FixedResponseConfig!;
        Assert.Equal("200", info.StatusCode);
        Assert.Null(info.ContentType);
        Assert.Matches(@"^app/dev-alb/[0-9a-f]{16} 123456789012/stack/aws \$\{Literal\} dev-web$", info.MessageBody);

        var redirect = listener.Rules.Single(r => r.Priority == 30).Actions[0].RedirectConfig!;
        Assert.Equal("shared.example.com", redirect.Host);
        Assert.Equal("443", redirect.Port);

        Assert.Contains("ElasticLoadBalancingV2::ListenerRule 'ProdRule': condition 'IsProd' is false", result.Skipped);
        Assert.Contains("2 other resources not run locally: AWS::EC2::Instance, AWS::EC2::VPC", result.Skipped);
        var unmapped = Assert.Single(result.Unmapped);
        Assert.Equal("ElasticLoadBalancingV2::TargetGroup 'Api' Targets[0]: Ref 'Server' (AWS::EC2::Instance) has no local value; map the group in the overrides file under TargetGroups.Api.Targets", unmapped);
        Assert.Empty(config.TargetGroups.Single(g => g.Name == "Api").Targets);
        Assert.Equal("instance", config.TargetGroups.Single(g => g.Name == "Api").TargetType);
    }

    [Fact]
    public void Parameter_from_the_command_line_switches_conditions_and_mappings()
    {
        var result = Translate(ShortFormYaml, parameters: new() { ["Env"] = "prod" });

        Assert.Empty(result.Read.Errors);
        var config = result.Read.Config!;
        Assert.Equal(80, config.TargetGroups.Single(g => g.Name == "prod-web").Port);
        Assert.Equal(false, config.TargetGroups.Single(g => g.Name == "prod-web").HealthCheckEnabled);
        var prod = config.LoadBalancers[0].Listeners[0].Rules.Single(r => r.Priority == 40).Actions[0].FixedResponseConfig!;
        Assert.Equal("aGk=", prod.MessageBody);
        Assert.Contains(result.Skipped, s => s.Contains("'InfoRule': condition 'Both' is false", StringComparison.Ordinal));
    }

    [Fact]
    public void Parameter_errors_name_the_parameter()
    {
        var result = Translate(ShortFormYaml, parameters: new() { ["Env"] = "qa", ["Nope"] = "1" });

        var messages = result.Read.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("Parameter 'Nope': --parameter Nope: the template has no such parameter; it declares 'Env', 'Addresses'", messages);
        Assert.Contains("Parameter 'Env': AllowedValues: Value 'qa' is not one of 'dev', 'prod'", messages);
    }

    [Fact]
    public void Overrides_map_targets_by_logical_id_and_move_listener_ports()
    {
        var overrides = Imports with
        {
            TargetGroups = new() { ["Api"] = new System.Text.Json.Nodes.JsonObject { ["Targets"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["Id"] = "127.0.0.1", ["Port"] = 5002 }) } },
            LoadBalancers = new() { ["Alb"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "Listeners": { "80": { "Port": 18080 } } }""") },
        };

        var result = Translate(ShortFormYaml, overrides: overrides);

        Assert.Empty(result.Read.Errors);
        Assert.Empty(result.Unmapped);
        Assert.Equal(18080, result.Read.Config!.LoadBalancers[0].Listeners[0].Port);
        var api = result.Read.Config.TargetGroups.Single(g => g.Name == "Api");
        Assert.Equal(5002, api.Targets.Single().Port);
        Assert.Contains("ElasticLoadBalancingV2::Listener 'Http' as listener 18080 (template port 80, moved by the overrides)", result.Running);
    }

    [Fact]
    public void Json_long_form_template_is_detected_and_read()
    {
        const string json = """
            {
              "AWSTemplateFormatVersion": "2010-09-09",
              "Resources": {
                "Lb": { "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": { "LoadBalancerAttributes": [ { "Key": "idle_timeout.timeout_seconds", "Value": 30 } ] } },
                "Group": { "Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": { "Protocol": "HTTP", "Port": "8080", "TargetType": "ip", "Targets": [ { "Id": { "Fn::Join": [ ".", [ "127", "0", "0", "1" ] ] } } ] } },
                "Listener": { "Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": { "LoadBalancerArn": { "Ref": "Lb" }, "Port": 80, "Protocol": "HTTP",
                  "DefaultActions": [ { "Type": "forward", "TargetGroupArn": { "Fn::GetAtt": [ "Group", "TargetGroupArn" ] } } ] } }
              }
            }
            """;

        Assert.True(CloudFormationTemplate.IsTemplate(json, "stack.template.json"));
        Assert.False(CloudFormationTemplate.IsTemplate("""{ "Listeners": [] }""", "alb.json"));
        Assert.False(CloudFormationTemplate.IsTemplate("Listeners: []\n", "alb.yaml"));
        var result = Translate(json, "stack.template.json", new TemplateOverrides());

        Assert.Empty(result.Read.Errors);
        var config = result.Read.Config!;
        Assert.Equal("Lb", config.LoadBalancers[0].Name);
        Assert.Equal("30", config.LoadBalancers[0].LoadBalancerAttributes[0].Value);
        Assert.Equal(8080, config.TargetGroups[0].Port);
        Assert.Equal("127.0.0.1", config.TargetGroups[0].Targets[0].Id);
        Assert.Empty(AlbConfigValidator.Validate(result.Read));
    }

    [Fact]
    public void Unresolvable_values_are_errors_with_the_logical_id()
    {
        const string yaml = """
            Resources:
              Lb: { Type: AWS::ElasticLoadBalancingV2::LoadBalancer }
              Listener:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties:
                  LoadBalancerArn: !Ref Lb
                  Port: !ImportValue ListenerPort
                  Protocol: HTTP
                  DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: !GetAtt Lb.Bogus } }]
            """;

        var result = Translate(yaml, overrides: new TemplateOverrides());

        var messages = result.Read.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("ElasticLoadBalancingV2::Listener 'Listener': Properties.Port: Fn::ImportValue 'ListenerPort' comes from another stack; give its value in the overrides file under \"Imports\"", messages);
        Assert.Contains("ElasticLoadBalancingV2::Listener 'Listener': Properties.DefaultActions: Fn::GetAtt Lb.Bogus (AWS::ElasticLoadBalancingV2::LoadBalancer) has no local value", messages);
    }
}
