using AlbEmulator.Configuration;

namespace AlbEmulator.Tests.Configuration;

public sealed class AlbConfigReaderTests
{
    [Fact]
    public void Sample_document_reads_without_errors()
    {
        var result = AlbConfigReader.ReadFile(ConfigTestData.SamplePath);

        Assert.Empty(result.Errors);
        var config = Assert.IsType<AlbConfig>(result.Config);
        Assert.Equal(Path.GetDirectoryName(ConfigTestData.SamplePath), config.BaseDirectory);
        Assert.Equal("local-alb", config.LoadBalancers[0].Name);
        Assert.Equal(4, config.LoadBalancers[0].LoadBalancerAttributes.Count);
        Assert.Equal(2, config.LoadBalancers[0].Listeners.Count);
        var rules = config.LoadBalancers[0].Listeners[0].Rules;
        Assert.Equal([10, 20, 30], rules.Select(r => r.Priority!.Value));
        var forward = rules[0].Actions[0].ForwardConfig!;
        Assert.Equal([80, 20], forward.TargetGroups.Select(t => t.Weight!.Value));
        Assert.Equal(true, forward.TargetGroupStickinessConfig!.Enabled);
        Assert.Equal(["/api/*"], rules[0].Conditions[0].PathPatternConfig!.Values);
        Assert.Equal("HTTP_301", rules[1].Actions[0].RedirectConfig!.StatusCode);
        Assert.Equal("certs/local.pem", config.LoadBalancers[0].Listeners[1].Certificates[0].CertificateFile);
        Assert.Equal("0-99", config.TargetGroups[1].Matcher!.GrpcCode);
        Assert.Equal(5001, config.TargetGroups[0].Targets[0].Port);
        Assert.Null(config.TargetGroups[1].Targets[0].Port);
    }

    [Fact]
    public void Missing_file_is_an_error_not_an_exception()
    {
        var result = AlbConfigReader.ReadFile("/nonexistent/alb.json");

        Assert.Null(result.Config);
        Assert.Equal("Config: Config file '/nonexistent/alb.json' not found", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("{ \"Listeners\": [ }", "Config: Invalid JSON at line 1, position 18: '}' is an invalid start of a value.")]
    [InlineData("{\n  \"Listeners\": []\n  \"TargetGroups\": []\n}", "Config: Invalid JSON at line 3, position 3: '\"' is invalid after a value. Expected either ',', '}', or ']'.")]
    [InlineData("[]", "Config: Expected an Object but found an Array")]
    [InlineData(" \n", "Config: The config is empty")]
    public void Invalid_json_names_line_and_position(string json, string expected)
    {
        var result = AlbConfigReader.ReadJson(json, "/base");

        Assert.Null(result.Config);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Duplicate_properties_are_invalid()
    {
        var result = AlbConfigReader.ReadJson("""{ "Listeners": [ { "Port": 80, "Port": 81 } ] }""", "/base");

        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors).ToString();
        Assert.StartsWith("Config: Invalid JSON", error, StringComparison.Ordinal);
        Assert.Contains("Port", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var json = """
            {
              // a comment
              "LoadBalancer": { "Name": "x", /* another */ },
              "Listeners": [],
            }
            """;

        var result = AlbConfigReader.ReadJson(json, "/base");

        Assert.Empty(result.Errors);
        Assert.Equal("x", result.Config!.LoadBalancers[0].Name);
        Assert.Equal("/base", result.Config.BaseDirectory);
    }

    [Theory]
    [InlineData("""{ "Bogus": 1 }""", "Config: Bogus: Encountered unsupported property Bogus")]
    [InlineData("""{ "loadBalancer": {} }""", "Config: loadBalancer: Encountered unsupported property loadBalancer (did you mean LoadBalancer?)")]
    [InlineData("""{ "LoadBalancer": { "Name": "lb", "Subnets": [] } }""", "LoadBalancer 'lb': Subnets: Encountered unsupported property Subnets")]
    [InlineData("""{ "Listeners": [ { "Port": 8080, "port": 1 } ] }""", "Listener 8080: port: Encountered unsupported property port (did you mean Port?)")]
    [InlineData("""{ "Listeners": [ { "Port": 8080, "Rules": [ { "Priority": 5, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [], "Patterns": [] } } ] } ] } ] }""",
        "Listener 8080 rule 5: Conditions[0].PathPatternConfig.Patterns: Encountered unsupported property Patterns")]
    [InlineData("""{ "Listeners": [ { "Port": 8080, "DefaultActions": [ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ { "TargetGroupName": "a", "weight": 1 } ] } } ] } ] }""",
        "Listener 8080: DefaultActions[0].ForwardConfig.TargetGroups[0].weight: Encountered unsupported property weight (did you mean Weight?)")]
    [InlineData("""{ "TargetGroups": [ { "Name": "web", "Targets": [ { "Id": "a", "Weight": 1 } ] } ] }""", "TargetGroup 'web': Targets[0].Weight: Encountered unsupported property Weight")]
    [InlineData("""{ "TargetGroups": [ { "HealthCheck": {} } ] }""", "TargetGroups[0]: HealthCheck: Encountered unsupported property HealthCheck (did you mean HealthCheckPath?)")]
    public void Unknown_properties_are_reported_with_their_path(string json, string expected)
    {
        var result = AlbConfigReader.ReadJson(json, "/base");

        Assert.NotNull(result.Config);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("""{ "Listeners": [ { "Port": "http" } ] }""", "Listeners[0]: Port: Expected an Integer but found the String \"http\"")]
    [InlineData("""{ "Listeners": [ { "Port": 80.5 } ] }""", "Listeners[0]: Port: Expected an Integer but found the Number 80.5")]
    [InlineData("""{ "Listeners": {} }""", "Config: Listeners: Expected an Array but found an Object")]
    [InlineData("""{ "Listeners": [ 8080 ] }""", "Config: Listeners[0]: Expected an Object but found the Number 8080")]
    [InlineData("""{ "LoadBalancer": { "Name": [ "a" ] } }""", "LoadBalancer 'local-alb': Name: Expected a String but found an Array")]
    [InlineData("""{ "Listeners": [ { "Port": 80, "Rules": [ { "Priority": 1, "Conditions": "x" } ] } ] }""", "Listener 80 rule 1: Conditions: Expected an Array but found the String \"x\"")]
    [InlineData("""{ "TargetGroups": [ { "Name": "t", "HealthCheckEnabled": "yes" } ] }""", "TargetGroup 't': HealthCheckEnabled: Expected a Boolean but found the String \"yes\"")]
    [InlineData("""{ "TargetGroups": [ { "Name": "t", "Matcher": { "HttpCode": {} } } ] }""", "TargetGroup 't': Matcher.HttpCode: Expected a String but found an Object")]
    public void Wrong_types_name_the_path_and_the_expected_type(string json, string expected)
    {
        var result = AlbConfigReader.ReadJson(json, "/base");

        Assert.NotNull(result.Config);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Numbers_and_booleans_may_be_strings_and_strings_may_be_numbers()
    {
        var json = """
            {
              "Listeners": [ { "Port": "8080", "DefaultActions": [ { "Type": "fixed-response", "Order": "1", "FixedResponseConfig": { "StatusCode": 503 } } ] } ],
              "TargetGroups": [ { "Name": "t", "Port": 80, "HealthCheckEnabled": "false", "HealthCheckPort": 8081,
                                  "TargetGroupAttributes": [ { "Key": "stickiness.enabled", "Value": true } ] } ]
            }
            """;

        var result = AlbConfigReader.ReadJson(json, "/base");

        Assert.Empty(result.Errors);
        var config = result.Config!;
        Assert.Equal(8080, config.LoadBalancers[0].Listeners[0].Port);
        Assert.Equal(1, config.LoadBalancers[0].Listeners[0].DefaultActions[0].Order);
        Assert.Equal("503", config.LoadBalancers[0].Listeners[0].DefaultActions[0].FixedResponseConfig!.StatusCode);
        Assert.Equal(false, config.TargetGroups[0].HealthCheckEnabled);
        Assert.Equal("8081", config.TargetGroups[0].HealthCheckPort);
        Assert.Equal(new AttributeConfig("stickiness.enabled", "true"), config.TargetGroups[0].TargetGroupAttributes[0]);
    }

    [Fact]
    public void All_problems_are_collected_and_the_rest_is_still_read()
    {
        var json = """
            {
              "LoadBalancer": { "Name": "lb", "Extra": 1 },
              "Listeners": [ { "Port": 8080, "Protocol": 5, "SslPolicy": [] }, { "Port": 8081, "Protocol": "HTTP" } ],
              "TargetGroups": [ { "Name": "t", "Port": "x" } ]
            }
            """;

        var result = AlbConfigReader.ReadJson(json, "/base");

        Assert.Equal(
            [
                "LoadBalancer 'lb': Extra: Encountered unsupported property Extra",
                "Listener 8080: SslPolicy: Expected a String but found an Array",
                "TargetGroup 't': Port: Expected an Integer but found the String \"x\"",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal("5", result.Config!.LoadBalancers[0].Listeners[0].Protocol);
        Assert.Equal("HTTP", result.Config.LoadBalancers[0].Listeners[1].Protocol);
    }

    [Fact]
    public void Null_values_read_as_omitted()
    {
        var result = AlbConfigReader.ReadJson("""{ "LoadBalancer": { "Name": null }, "Listeners": null }""", "/base");

        Assert.Empty(result.Errors);
        Assert.Null(result.Config!.LoadBalancers[0].Name);
        Assert.Empty(result.Config.LoadBalancers[0].Listeners);
    }
}
