namespace AlbEmulator.Tests.Configuration;

public sealed class TargetGroupValidatorTests
{
    private const string Web = "TargetGroup 'web'";

    [Theory]
    [InlineData(""" "HealthCheckIntervalSeconds": 5, "HealthCheckTimeoutSeconds": 2, "HealthyThresholdCount": 10, "UnhealthyThresholdCount": 2, """)]
    [InlineData(""" "HealthCheckPath": "/health?full=1", "HealthCheckPort": "8081", "HealthCheckProtocol": "HTTPS", "Matcher": { "HttpCode": "200,202,300-399" }, """)]
    [InlineData(""" "TargetType": "instance", "HealthCheckEnabled": true, """)]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "stickiness.enabled", "Value": "true" }, { "Key": "stickiness.type", "Value": "app_cookie" }, { "Key": "stickiness.app_cookie.cookie_name", "Value": "SESSION" } ], """)]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "load_balancing.algorithm.type", "Value": "weighted_random" }, { "Key": "load_balancing.algorithm.anomaly_mitigation", "Value": "on" } ], """)]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "slow_start.duration_seconds", "Value": "30" }, { "Key": "deregistration_delay.timeout_seconds", "Value": "0" } ], """)]
    public void Valid_target_groups(string extra)
    {
        Assert.Empty(ConfigTestData.Validate(ConfigTestData.Document(targetGroupExtra: extra)));
    }

    [Theory]
    [InlineData(""" "TargetType": "alb", """, "TargetType: Target type 'alb' must be one of 'ip', 'instance', 'lambda'")]
    [InlineData(""" "ProtocolVersion": "HTTP3", """, "ProtocolVersion: Protocol version 'HTTP3' must be one of 'HTTP1', 'HTTP2', 'GRPC'")]
    [InlineData(""" "HealthCheckEnabled": false, """, "HealthCheckEnabled: Health checks cannot be disabled for target groups with target type 'ip'")]
    [InlineData(""" "HealthCheckIntervalSeconds": 301, """, "HealthCheckIntervalSeconds: HealthCheckIntervalSeconds '301' must be between 5 and 300")]
    [InlineData(""" "HealthCheckTimeoutSeconds": 1, """, "HealthCheckTimeoutSeconds: HealthCheckTimeoutSeconds '1' must be between 2 and 120")]
    [InlineData(""" "HealthCheckIntervalSeconds": 5, """, "HealthCheckTimeoutSeconds: Health check timeout '5' must be smaller than the interval '5'")]
    [InlineData(""" "HealthyThresholdCount": 1, """, "HealthyThresholdCount: HealthyThresholdCount '1' must be between 2 and 10")]
    [InlineData(""" "UnhealthyThresholdCount": 11, """, "UnhealthyThresholdCount: UnhealthyThresholdCount '11' must be between 2 and 10")]
    [InlineData(""" "HealthCheckPath": "health", """, "HealthCheckPath: Health check path 'health' must start with '/' and be 1 to 1024 characters long")]
    [InlineData(""" "HealthCheckPort": "0", """, "HealthCheckPort: Health check port '0' must be 'traffic-port' or between 1 and 65535")]
    [InlineData(""" "HealthCheckProtocol": "TCP", """, "HealthCheckProtocol: Health check protocol 'TCP' must be one of 'HTTP', 'HTTPS'")]
    [InlineData(""" "Matcher": { "HttpCode": "500" }, """, "Matcher.HttpCode: HTTP code '500' must be a list or range of codes between 200 and 499, such as '200,202' or '200-299'")]
    [InlineData(""" "Matcher": { "HttpCode": "299-200" }, """, "Matcher.HttpCode: HTTP code '299-200' must be a list or range of codes between 200 and 499, such as '200,202' or '200-299'")]
    [InlineData(""" "Matcher": { "GrpcCode": "0" }, """, "Matcher.GrpcCode: GrpcCode is only supported for target groups with the protocol-version 'GRPC'")]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "stickiness.cookie", "Value": "x" } ], """, "TargetGroupAttributes[0]: Target group attribute key 'stickiness.cookie' is not recognized")]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "lambda.multi_value_headers.enabled", "Value": "true" } ], """, "TargetGroupAttributes[0]: Target group attribute key 'lambda.multi_value_headers.enabled' is only supported for target groups with the target type 'lambda'")]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "slow_start.duration_seconds", "Value": "10" } ], """, "TargetGroupAttributes[0]: Target group attribute 'slow_start.duration_seconds' value '10' is not valid: must be 0 or an integer between 30 and 900")]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "stickiness.enabled", "Value": "true" }, { "Key": "stickiness.type", "Value": "app_cookie" } ], """, "TargetGroupAttributes: 'stickiness.app_cookie.cookie_name' is required when 'stickiness.type' is 'app_cookie'")]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "stickiness.enabled", "Value": "true" }, { "Key": "stickiness.type", "Value": "app_cookie" }, { "Key": "stickiness.app_cookie.cookie_name", "Value": "AWSALBAPP-0" } ], """, "TargetGroupAttributes: Cookie name 'AWSALBAPP-0' cannot start with 'AWSALB', 'AWSALBAPP' or 'AWSALBTG'")]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "stickiness.enabled", "Value": "true" }, { "Key": "load_balancing.algorithm.type", "Value": "weighted_random" } ], """, "TargetGroupAttributes: 'weighted_random' load balancing cannot be combined with stickiness")]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "slow_start.duration_seconds", "Value": "60" }, { "Key": "load_balancing.algorithm.type", "Value": "least_outstanding_requests" } ], """, "TargetGroupAttributes: Slow start is only supported with the 'round_robin' load balancing algorithm, not 'least_outstanding_requests'")]
    [InlineData(""" "TargetGroupAttributes": [ { "Key": "load_balancing.algorithm.anomaly_mitigation", "Value": "on" } ], """, "TargetGroupAttributes: 'load_balancing.algorithm.anomaly_mitigation' can only be 'on' with the 'weighted_random' load balancing algorithm")]
    public void Invalid_target_group_settings(string extra, string expected)
    {
        Assert.Equal([$"{Web}: {expected}"], ConfigTestData.Validate(ConfigTestData.Document(targetGroupExtra: extra)));
    }

    [Theory]
    [InlineData("""[ { "Id": "10.0.0.1", "Port": 8080 }, { "Id": "::1" }, { "Id": "web-2" }, { "Id": "api.internal.example" } ]""", new string[0])]
    [InlineData("""[ { "Port": 80 } ]""", new[] { "Targets[0].Id: Id is required" })]
    [InlineData("""[ { "Id": "-bad-" } ]""", new[] { "Targets[0].Id: Target '-bad-' is neither an IP address nor a valid DNS host name" })]
    [InlineData("""[ { "Id": "10.0.0.1", "Port": 0 } ]""", new[] { "Targets[0].Port: Port '0' must be between 1 and 65535" })]
    [InlineData("""[ { "Id": "10.0.0.1", "LambdaEndpoint": "http://x" } ]""", new[] { "Targets[0].LambdaEndpoint: LambdaEndpoint is only allowed for targets of a 'lambda' target group" })]
    public void Targets(string targets, string[] expected)
    {
        Assert.Equal(expected.Select(e => $"{Web}: {e}"), ConfigTestData.Validate(ConfigTestData.Document(targets: targets)));
    }

    [Fact]
    public void Names_must_be_present_valid_and_unique()
    {
        var extra = """, { "Protocol": "HTTP", "Port": 80 }, { "Name": "WEB", "Protocol": "HTTP", "Port": 80 }, { "Name": "a.b", "Protocol": "HTTP", "Port": 80 }""";

        Assert.Equal(
            [
                "TargetGroups[2]: Name: Name is required",
                "TargetGroup 'WEB': Name: A target group with the name 'WEB' is already defined",
                "TargetGroup 'a.b': Name: Target group name 'a.b' can only contain characters that are alphanumeric characters or hyphens(-)",
            ],
            ConfigTestData.Validate(ConfigTestData.Document(extraTargetGroups: extra)));
    }

    [Fact]
    public void Ip_groups_need_protocol_and_port()
    {
        var extra = """, { "Name": "bare" }, { "Name": "odd", "Protocol": "TCP", "Port": 70000 }""";

        Assert.Equal(
            [
                "TargetGroup 'bare': Protocol: Protocol is required",
                "TargetGroup 'bare': Port: Port is required",
                "TargetGroup 'odd': Protocol: Target group protocol 'TCP' must be one of 'HTTP', 'HTTPS'",
                "TargetGroup 'odd': Port: Port '70000' must be between 1 and 65535",
            ],
            ConfigTestData.Validate(ConfigTestData.Document(extraTargetGroups: extra)));
    }

    [Fact]
    public void Grpc_matcher_accepts_grpc_codes_only()
    {
        var extra = """, { "Name": "g2", "Protocol": "HTTP", "ProtocolVersion": "GRPC", "Port": 1, "Matcher": { "GrpcCode": "0,12-15,100" } }""";

        Assert.Equal(
            ["TargetGroup 'g2': Matcher.GrpcCode: gRPC code '0,12-15,100' must be a list or range of codes between 0 and 99, such as '0' or '0-99'"],
            ConfigTestData.Validate(ConfigTestData.Document(extraTargetGroups: extra)));
    }

    [Fact]
    public void Lambda_groups()
    {
        var extra = """
            , { "Name": "fn", "TargetType": "lambda", "HealthCheckEnabled": true, "Matcher": { "HttpCode": "200" },
                "TargetGroupAttributes": [ { "Key": "lambda.multi_value_headers.enabled", "Value": "true" } ],
                "Targets": [ { "Id": "arn:aws:lambda:us-east-1:123456789012:function:my-fn:live", "LambdaEndpoint": "http://127.0.0.1:9000" } ] }
            , { "Name": "bad-fn", "TargetType": "lambda", "Protocol": "HTTP", "Port": 80, "ProtocolVersion": "HTTP1",
                "TargetGroupAttributes": [ { "Key": "deregistration_delay.timeout_seconds", "Value": "10" } ],
                "Targets": [ { "Id": "my fn", "Port": 80, "LambdaEndpoint": "ftp://x" }, { "Id": "other" } ] }
            """;

        Assert.Equal(
            [
                "TargetGroup 'bad-fn': Protocol: Protocol cannot be specified for target groups with target type 'lambda'",
                "TargetGroup 'bad-fn': Port: Port cannot be specified for target groups with target type 'lambda'",
                "TargetGroup 'bad-fn': ProtocolVersion: ProtocolVersion cannot be specified for target groups with target type 'lambda'",
                "TargetGroup 'bad-fn': TargetGroupAttributes[0]: Target group attribute key 'deregistration_delay.timeout_seconds' is not supported for target groups with the target type 'lambda'",
                "TargetGroup 'bad-fn': Targets: A target group with target type 'lambda' can have at most one target",
                "TargetGroup 'bad-fn': Targets[0].Id: Target 'my fn' is not a Lambda function name or ARN",
                "TargetGroup 'bad-fn': Targets[0].Port: Port cannot be specified for a lambda target",
                "TargetGroup 'bad-fn': Targets[0].LambdaEndpoint: LambdaEndpoint 'ftp://x' must be an absolute http or https URL",
                "TargetGroup 'bad-fn': Targets[1].LambdaEndpoint: LambdaEndpoint is required for a lambda target",
            ],
            ConfigTestData.Validate(ConfigTestData.Document(extraTargetGroups: extra)));
    }
}
