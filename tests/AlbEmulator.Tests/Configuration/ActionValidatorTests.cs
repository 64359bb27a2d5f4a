namespace AlbEmulator.Tests.Configuration;

public sealed class ActionValidatorTests
{
    private const string L = "Listener 8080";
    private const string Arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067";

    [Theory]
    [InlineData("""[ { "Type": "forward", "TargetGroupArn": "ARN" } ]""")]
    [InlineData("""[ { "Type": "forward", "TargetGroupArn": "ARN", "ForwardConfig": { "TargetGroups": [ { "TargetGroupArn": "ARN" } ] } } ]""")]
    [InlineData("""[ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ { "TargetGroupName": "web", "Weight": 0 }, { "TargetGroupName": "other", "Weight": 999 } ], "TargetGroupStickinessConfig": { "Enabled": true, "DurationSeconds": 604800 } } } ]""")]
    [InlineData("""[ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ { "TargetGroupName": "WEB" } ], "TargetGroupStickinessConfig": { "Enabled": false } } } ]""")]
    [InlineData("""[ { "Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301" } } ]""")]
    [InlineData("""[ { "Type": "redirect", "RedirectConfig": { "Path": "/new/#{path}", "Query": "", "StatusCode": "HTTP_302" } } ]""")]
    [InlineData("""[ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404", "ContentType": "application/json", "MessageBody": "{}" } } ]""")]
    [InlineData("""[ { "Type": "fixed-response", "Order": 2, "FixedResponseConfig": { "StatusCode": "200" } } ]""")]
    public void Valid_default_actions(string actions)
    {
        var json = ConfigTestData.Document(defaultActions: actions.Replace("ARN", Arn, StringComparison.Ordinal),
            extraTargetGroups: """, { "Name": "other", "Protocol": "HTTP", "Port": 81 }""");

        Assert.Empty(ConfigTestData.Validate(json));
    }

    /// <summary>The action rules: types (ACT-1), Order 1 to 50,000 and unique (ACT-2), forward to one or up to five weighted groups (ACT-10), redirect (ACT-20), fixed-response (ACT-30).</summary>
    [Theory]
    [InlineData("""[]""", "DefaultActions: At least one default action is required")]
    [InlineData("""[ { "TargetGroupName": "web" } ]""", "DefaultActions[0].Type: Type is required", "DefaultActions: Exactly one action of type 'forward', 'redirect' or 'fixed-response' is required (found 0)")]
    [InlineData("""[ { "Type": "drop" } ]""", "DefaultActions[0].Type: Action type 'drop' must be one of 'forward', 'redirect', 'fixed-response', 'authenticate-oidc', 'authenticate-cognito', 'jwt-validation'", "DefaultActions: Exactly one action of type 'forward', 'redirect' or 'fixed-response' is required (found 0)")]
    [InlineData("""[ { "Type": "authenticate-oidc", "Order": 1 }, { "Type": "forward", "Order": 2, "TargetGroupName": "web" } ]""",
        "DefaultActions[0].Type: Action type 'authenticate-oidc' is only supported on HTTPS listeners", "DefaultActions[0].AuthenticateOidcConfig: AuthenticateOidcConfig is required for Type 'authenticate-oidc'")]
    [InlineData("""[ { "Type": "forward", "TargetGroupName": "web" }, { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ]""",
        "DefaultActions[0].Order: Order is required when there are several actions", "DefaultActions[1].Order: Order is required when there are several actions",
        "DefaultActions: Exactly one action of type 'forward', 'redirect' or 'fixed-response' is required (found 2)")]
    [InlineData("""[ { "Type": "forward", "Order": 2, "TargetGroupName": "web" }, { "Type": "jwt-validation", "Order": 3 } ]""",
        "DefaultActions[1].Type: Action type 'jwt-validation' is only supported on HTTPS listeners", "DefaultActions[1].JwtValidationConfig: JwtValidationConfig is required for Type 'jwt-validation'",
        "DefaultActions: The 'forward' action must be the last action (highest Order)")]
    [InlineData("""[ { "Type": "authenticate-cognito", "Order": 0 }, { "Type": "forward", "Order": 0, "TargetGroupName": "web" } ]""",
        "DefaultActions[0].Order: Order '0' must be between 1 and 50000", "DefaultActions[0].Type: Action type 'authenticate-cognito' is only supported on HTTPS listeners",
        "DefaultActions[0].AuthenticateCognitoConfig: AuthenticateCognitoConfig is required for Type 'authenticate-cognito'",
        "DefaultActions[1].Order: Order '0' must be between 1 and 50000")]
    [InlineData("""[ { "Type": "authenticate-cognito", "Order": 5 }, { "Type": "forward", "Order": 5, "TargetGroupName": "web" } ]""",
        "DefaultActions[0].Type: Action type 'authenticate-cognito' is only supported on HTTPS listeners",
        "DefaultActions[0].AuthenticateCognitoConfig: AuthenticateCognitoConfig is required for Type 'authenticate-cognito'", "DefaultActions[1].Order: Order '5' is used by more than one action")]
    [InlineData("""[ { "Type": "forward" } ]""", "DefaultActions[0]: A forward action needs one of TargetGroupName, TargetGroupArn or ForwardConfig")]
    [InlineData("""[ { "Type": "forward", "TargetGroupName": "nope" } ]""", "DefaultActions[0].TargetGroupName: Target group 'nope' not found; defined target groups: 'web', 'grpc', 'h2'")]
    [InlineData("""[ { "Type": "forward", "TargetGroupName": "web", "TargetGroupArn": "ARN" } ]""", "DefaultActions[0].TargetGroupName: TargetGroupName cannot be combined with TargetGroupArn or ForwardConfig")]
    [InlineData("""[ { "Type": "forward", "TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1" } ]""", "DefaultActions[0].TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1' is not a valid target group ARN")]
    [InlineData("""[ { "Type": "forward", "TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/nope/1" } ]""", "DefaultActions[0].TargetGroupArn: Target group 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/nope/1' not found; defined target groups: 'web', 'grpc', 'h2'")]
    [InlineData("""[ { "Type": "forward", "TargetGroupArn": "ARN", "ForwardConfig": { "TargetGroups": [ { "TargetGroupName": "web" } ] } } ]""", "DefaultActions[0].TargetGroupArn: TargetGroupArn can be combined with ForwardConfig only when ForwardConfig has one target group with the same ARN")]
    [InlineData("""[ { "Type": "forward", "ForwardConfig": { "TargetGroups": [] } } ]""", "DefaultActions[0].ForwardConfig.TargetGroups: TargetGroups must contain between 1 and 5 target groups")]
    [InlineData("""[ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ { "TargetGroupName": "web" }, { "TargetGroupArn": "ARN" } ] } } ]""", "DefaultActions[0].ForwardConfig.TargetGroups[1].TargetGroupArn: Target group 'web' is specified more than once")]
    [InlineData("""[ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ { "TargetGroupName": "web", "Weight": 1000 } ] } } ]""", "DefaultActions[0].ForwardConfig.TargetGroups[0].Weight: Weight '1000' must be between 0 and 999")]
    [InlineData("""[ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ { } ] } } ]""", "DefaultActions[0].ForwardConfig.TargetGroups[0]: Specify exactly one of TargetGroupName or TargetGroupArn")]
    [InlineData("""[ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ { "TargetGroupName": "web" } ], "TargetGroupStickinessConfig": { "Enabled": true } } } ]""", "DefaultActions[0].ForwardConfig.TargetGroupStickinessConfig.DurationSeconds: DurationSeconds is required when target group stickiness is enabled")]
    [InlineData("""[ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ { "TargetGroupName": "web" } ], "TargetGroupStickinessConfig": { "Enabled": true, "DurationSeconds": 604801 } } } ]""", "DefaultActions[0].ForwardConfig.TargetGroupStickinessConfig.DurationSeconds: DurationSeconds '604801' must be between 1 and 604800")]
    [InlineData("""[ { "Type": "forward", "TargetGroupName": "grpc" } ]""", "DefaultActions[0].TargetGroupName: Listener protocol 'HTTP' is not supported with a target group with the protocol-version 'GRPC'")]
    [InlineData("""[ { "Type": "forward", "TargetGroupName": "h2" } ]""", "DefaultActions[0].TargetGroupName: Listener protocol 'HTTP' is not supported with a target group with the protocol-version 'HTTP2'")]
    [InlineData("""[ { "Type": "redirect", "TargetGroupName": "web", "RedirectConfig": { "Host": "x", "StatusCode": "HTTP_301" } } ]""", "DefaultActions[0].TargetGroupName: TargetGroupName is only allowed with Type 'forward'")]
    [InlineData("""[ { "Type": "redirect" } ]""", "DefaultActions[0].RedirectConfig: RedirectConfig is required for Type 'redirect'")]
    [InlineData("""[ { "Type": "redirect", "RedirectConfig": { "Host": "x" } } ]""", "DefaultActions[0].RedirectConfig.StatusCode: StatusCode is required")]
    [InlineData("""[ { "Type": "redirect", "RedirectConfig": { "Host": "x", "StatusCode": "301" } } ]""", "DefaultActions[0].RedirectConfig.StatusCode: Status code '301' must be one of 'HTTP_301', 'HTTP_302'")]
    [InlineData("""[ { "Type": "redirect", "RedirectConfig": { "Protocol": "https", "StatusCode": "HTTP_301" } } ]""", "DefaultActions[0].RedirectConfig.Protocol: Protocol 'https' must match '^(HTTPS?|#\\{protocol\\})$'")]
    [InlineData("""[ { "Type": "redirect", "RedirectConfig": { "Port": "0", "StatusCode": "HTTP_301" } } ]""", "DefaultActions[0].RedirectConfig.Port: Port '0' must be between 1 and 65535 or '#{port}'")]
    [InlineData("""[ { "Type": "redirect", "RedirectConfig": { "Path": "new", "StatusCode": "HTTP_301" } } ]""", "DefaultActions[0].RedirectConfig.Path: Path 'new' must start with '/'")]
    [InlineData("""[ { "Type": "redirect", "RedirectConfig": { "Host": "", "StatusCode": "HTTP_301" } } ]""", "DefaultActions[0].RedirectConfig.Host: Host must be between 1 and 128 characters long")]
    [InlineData("""[ { "Type": "redirect", "RedirectConfig": { "Protocol": "#{protocol}", "Host": "#{host}", "Port": "#{port}", "Path": "/#{path}", "Query": "x=1", "StatusCode": "HTTP_301" } } ]""", "DefaultActions[0].RedirectConfig: The redirect must change at least one of protocol, host, port or path, otherwise it would redirect to itself")]
    [InlineData("""[ { "Type": "fixed-response" } ]""", "DefaultActions[0].FixedResponseConfig: FixedResponseConfig is required for Type 'fixed-response'")]
    [InlineData("""[ { "Type": "fixed-response", "FixedResponseConfig": { } } ]""", "DefaultActions[0].FixedResponseConfig.StatusCode: StatusCode is required")]
    [InlineData("""[ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "600" } } ]""", "DefaultActions[0].FixedResponseConfig.StatusCode: Status code '600' must match '^(2|4|5)\\d\\d$'")]
    [InlineData("""[ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/xml" } } ]""", "DefaultActions[0].FixedResponseConfig.ContentType: Content type 'text/xml' must be one of 'text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'")]
    public void Invalid_default_actions(string actions, params string[] expected)
    {
        var errors = ConfigTestData.Validate(ConfigTestData.Document(defaultActions: actions.Replace("ARN", Arn, StringComparison.Ordinal),
            extraTargetGroups: """, { "Name": "h2", "Protocol": "HTTPS", "ProtocolVersion": "HTTP2", "Port": 443 }"""));

        Assert.Equal(expected.Select(e => $"{L}: {e}"), errors);
    }

    /// <summary>ACT-30: the fixed-response body is bounded.</summary>
    [Fact]
    public void Message_body_is_limited_to_1024_characters()
    {
        var body = new string('x', 1025);
        var errors = ConfigTestData.Validate(ConfigTestData.Document(
            defaultActions: $$"""[ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "MessageBody": "{{body}}" } } ]"""));

        Assert.Equal([$"{L}: DefaultActions[0].FixedResponseConfig.MessageBody: MessageBody cannot be longer than 1024 characters"], errors);
    }

    [Fact]
    public void Https_listener_cannot_redirect_to_http_but_may_forward_to_grpc()
    {
        var errors = ConfigTestData.Validate(ConfigTestData.Document(
            protocol: "HTTPS",
            defaultActions: """[ { "Type": "redirect", "RedirectConfig": { "Protocol": "HTTP", "StatusCode": "HTTP_301" } } ]""",
            rules: ConfigTestData.Rule("""[ { "Field": "path-pattern", "Values": [ "/pkg.Svc/*" ] } ]""", """[ { "Type": "forward", "TargetGroupName": "grpc" } ]""")));

        Assert.Equal([$"{L}: DefaultActions[0].RedirectConfig.Protocol: Redirects from HTTPS to HTTP are not allowed"], errors);
    }

    /// <summary>ACT-3: a rule that forwards to a gRPC group may only forward.</summary>
    [Fact]
    public void Grpc_rule_allows_only_forward_actions()
    {
        var errors = ConfigTestData.Validate(ConfigTestData.Document(
            protocol: "HTTPS",
            rules: ConfigTestData.Rule(
                """[ { "Field": "path-pattern", "Values": [ "/pkg.Svc/*" ] } ]""",
                """[ { "Type": "authenticate-oidc", "Order": 1 }, { "Type": "forward", "Order": 2, "TargetGroupName": "grpc" } ]""")));

        Assert.Equal(
            [
                $"{L} rule 10: Actions[0].AuthenticateOidcConfig: AuthenticateOidcConfig is required for Type 'authenticate-oidc'",
                $"{L} rule 10: Actions[1].TargetGroupName: Only forward actions are allowed with a target group with the protocol-version 'GRPC'",
            ],
            errors);
    }

    /// <summary>RULE-1: a rule priority is 1 to 50,000.</summary>
    [Fact]
    public void Rules_need_a_unique_priority_in_range_and_actions()
    {
        var rule = """{ "Conditions": [ { "Field": "path-pattern", "Values": [ "/a" ] } ], "Actions": [] }""";
        var outOfRange = """{ "Priority": 50001, "Conditions": [ { "Field": "path-pattern", "Values": [ "/a" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "web" } ] }""";

        var errors = ConfigTestData.Validate(ConfigTestData.Document(rules: $"{rule}, {outOfRange}"));

        Assert.Equal(
            [
                $"{L} Rules[0]: Priority: Priority is required",
                $"{L} Rules[0]: Actions: At least one action is required",
                $"{L} rule 50001: Priority: Priority '50001' must be between 1 and 50000",
            ],
            errors);
    }
}
