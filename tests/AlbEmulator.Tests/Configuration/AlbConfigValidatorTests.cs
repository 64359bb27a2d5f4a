using AlbEmulator.Configuration;
using AlbEmulator.Utilities;

namespace AlbEmulator.Tests.Configuration;

public sealed class AlbConfigValidatorTests
{
    [Fact]
    public void Sample_document_from_the_spec_has_no_errors()
    {
        var read = AlbConfigReader.ReadFile(ConfigTestData.SamplePath);

        Assert.Empty(read.Errors);
        Assert.Empty(AlbConfigValidator.Validate(read.Config!));
    }

    [Fact]
    public void Base_test_document_has_no_errors()
    {
        Assert.Empty(ConfigTestData.Validate(ConfigTestData.Document()));
    }

    [Fact]
    public void Empty_config_is_valid_a_load_balancer_may_have_no_listener()
    {
        Assert.Empty(AlbConfigValidator.Validate(new AlbConfig()));
    }

    [Fact]
    public void Every_mistake_is_reported_in_a_stable_order()
    {
        var json = """
            {
              "LoadBalancer": {
                "Name": "-my-alb",
                "LoadBalancerAttributes": [ { "Key": "idle_timeout.timeout_second", "Value": "60" } ]
              },
              "Listeners": [
                {
                  "Port": 80, "Protocol": "HTTP", "SslPolicy": "ELBSecurityPolicy-2016-08",
                  "DefaultActions": [ { "Type": "forward", "TargetGroupName": "missing" } ],
                  "Rules": [
                    {
                      "Priority": 10,
                      "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/api/*", "" ] } } ],
                      "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "302" } } ]
                    },
                    {
                      "Priority": 10,
                      "Conditions": [ { "Field": "host-header", "HostHeaderConfig": { "Values": [ "a.example.com" ] } } ],
                      "Actions": [ { "Type": "forward", "TargetGroupName": "grpc" } ]
                    }
                  ]
                },
                { "Port": 80, "Protocol": "TCP", "DefaultActions": [ { "Type": "redirect", "RedirectConfig": { "StatusCode": "HTTP_301" } } ] }
              ],
              "TargetGroups": [
                { "Name": "a-very-long-target-group-name-that-aws-rejects", "Protocol": "HTTP", "Port": 80, "HealthCheckTimeoutSeconds": 40 },
                { "Name": "grpc", "Protocol": "HTTP", "ProtocolVersion": "GRPC", "Port": 50051,
                  "Matcher": { "HttpCode": "200" },
                  "TargetGroupAttributes": [ { "Key": "stickiness.enabled", "Value": "yes" } ],
                  "Targets": [ { "Id": "not_a host", "Port": 70000 } ] }
              ]
            }
            """;

        var errors = ConfigTestData.Validate(json);

        Assert.Equal(
            [
                "LoadBalancer '-my-alb': Name: Load balancer name '-my-alb' cannot begin or end with '-'",
                "LoadBalancer '-my-alb': LoadBalancerAttributes[0]: Load balancer attribute key 'idle_timeout.timeout_second' is not recognized",
                "Listener 80: SslPolicy: SslPolicy is only allowed on HTTPS listeners",
                "Listener 80: DefaultActions[0].TargetGroupName: Target group 'missing' not found; defined target groups: 'a-very-long-target-group-name-that-aws-rejects', 'grpc'",
                "Listener 80 rule 10: Conditions[0].PathPatternConfig.Values[1]: A condition value cannot be empty",
                "Listener 80 rule 10: Actions[0].FixedResponseConfig.StatusCode: Status code '302' must match '^(2|4|5)\\d\\d$'",
                "Listener 80 rule 10: Priority: Priority '10' is currently in use by Rules[0] of this listener (path-pattern /api/* -> fixed-response)",
                "Listener 80 rule 10: Actions[0].TargetGroupName: Listener protocol 'HTTP' is not supported with a target group with the protocol-version 'GRPC'",
                "Listener 80: Port: A listener already exists on this port for this load balancer",
                "Listener 80: Protocol: Listener protocol 'TCP' must be one of 'HTTP', 'HTTPS'",
                "Listener 80: DefaultActions[0].RedirectConfig: The redirect must change at least one of protocol, host, port or path, otherwise it would redirect to itself",
                "TargetGroup 'a-very-long-target-group-name-that-aws-rejects': Name: Target group name 'a-very-long-target-group-name-that-aws-rejects' cannot be longer than '32' characters",
                "TargetGroup 'a-very-long-target-group-name-that-aws-rejects': HealthCheckTimeoutSeconds: Health check timeout '40' must be smaller than the interval '30'",
                "TargetGroup 'grpc': Matcher.HttpCode: HttpCode is not supported for target groups with the protocol-version 'GRPC'; use GrpcCode",
                "TargetGroup 'grpc': TargetGroupAttributes[0]: Target group attribute 'stickiness.enabled' value 'yes' is not valid: must be 'true' or 'false'",
                "TargetGroup 'grpc': Targets[0].Id: Target 'not_a host' is neither an IP address nor a valid DNS host name",
                "TargetGroup 'grpc': Targets[0].Port: Port '70000' must be between 1 and 65535",
            ],
            errors);
    }

    [Fact]
    public void Validator_works_on_records_built_in_code()
    {
        var config = new AlbConfig
        {
            LoadBalancers = ValueList.Of(new LoadBalancerConfig
            {
                Listeners = ValueList.Of(new ListenerConfig
                {
                    Port = 8080,
                    Protocol = "HTTP",
                    DefaultActions = ValueList.Of(new ActionConfig { Type = "forward", TargetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef" }),
                }),
            }),
            TargetGroups = ValueList.Of(new TargetGroupConfig { Name = "web", Protocol = "HTTP", Port = 80 }),
        };

        Assert.Empty(AlbConfigValidator.Validate(config));
    }

    [Fact]
    public void Config_error_omits_an_empty_field()
    {
        Assert.Equal("Listener 80: Port: bad", new ConfigError("Listener 80", "Port", "bad").ToString());
        Assert.Equal("Config: bad", new ConfigError("Config", "", "bad").ToString());
    }
}
