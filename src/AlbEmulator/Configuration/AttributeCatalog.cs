using System.Collections.Frozen;

namespace AlbEmulator.Configuration;

/// <summary>
/// The ELBv2 attribute keys an Application Load Balancer accepts, with AWS defaults and ranges
/// (spec: alb-observability-api.md §4.9, alb-data-plane.md §12.1 and TG-70). Unknown keys are a
/// validation error, as in AWS. This is the only table of attribute keys in the code base.
/// </summary>
public static class AttributeCatalog
{
    public static readonly IReadOnlyList<AttributeDefinition> LoadBalancer =
    [
        new("access_logs.s3.enabled", "false", AttributeKind.Boolean),
        new("access_logs.s3.bucket", "", AttributeKind.Text),
        new("access_logs.s3.prefix", "", AttributeKind.Text),
        new("connection_logs.s3.enabled", "false", AttributeKind.Boolean),
        new("connection_logs.s3.bucket", "", AttributeKind.Text),
        new("connection_logs.s3.prefix", "", AttributeKind.Text),
        new("health_check_logs.s3.enabled", "false", AttributeKind.Boolean),
        new("health_check_logs.s3.bucket", "", AttributeKind.Text),
        new("health_check_logs.s3.prefix", "", AttributeKind.Text),
        new("client_keep_alive.seconds", "3600", AttributeKind.Integer, 60, 604800),
        new("deletion_protection.enabled", "false", AttributeKind.Boolean),
        new("idle_timeout.timeout_seconds", "60", AttributeKind.Integer, 1, 4000),
        new("ipv6.deny_all_igw_traffic", "false", AttributeKind.Boolean),
        new("load_balancing.cross_zone.enabled", "true", AttributeKind.Enumeration, AllowedValues: ["true"]),
        new("routing.http.desync_mitigation_mode", "defensive", AttributeKind.Enumeration, AllowedValues: ["monitor", "defensive", "strictest"]),
        new("routing.http.drop_invalid_header_fields.enabled", "false", AttributeKind.Boolean),
        new("routing.http.preserve_host_header.enabled", "false", AttributeKind.Boolean),
        new("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false", AttributeKind.Boolean),
        new("routing.http.xff_client_port.enabled", "false", AttributeKind.Boolean),
        new("routing.http.xff_header_processing.mode", "append", AttributeKind.Enumeration, AllowedValues: ["append", "preserve", "remove"]),
        new("routing.http2.enabled", "true", AttributeKind.Boolean),
        new("waf.fail_open.enabled", "false", AttributeKind.Boolean),
        new("zonal_shift.config.enabled", "false", AttributeKind.Boolean),
    ];

    public static readonly IReadOnlyList<AttributeDefinition> TargetGroup =
    [
        new("deregistration_delay.timeout_seconds", "300", AttributeKind.Integer, 0, 3600, NotForLambda: true),
        new("stickiness.enabled", "false", AttributeKind.Boolean),
        new("stickiness.type", "lb_cookie", AttributeKind.Enumeration, AllowedValues: ["lb_cookie", "app_cookie"]),
        new("stickiness.lb_cookie.duration_seconds", "86400", AttributeKind.Integer, 1, 604800, NotForLambda: true),
        new("stickiness.app_cookie.cookie_name", "", AttributeKind.Text, NotForLambda: true),
        new("stickiness.app_cookie.duration_seconds", "86400", AttributeKind.Integer, 1, 604800, NotForLambda: true),
        new("load_balancing.algorithm.type", "round_robin", AttributeKind.Enumeration, AllowedValues: ["round_robin", "least_outstanding_requests", "weighted_random"], NotForLambda: true),
        new("load_balancing.algorithm.anomaly_mitigation", "off", AttributeKind.Enumeration, AllowedValues: ["on", "off"], NotForLambda: true),
        new("load_balancing.cross_zone.enabled", "use_load_balancer_configuration", AttributeKind.Enumeration, AllowedValues: ["true", "false", "use_load_balancer_configuration"]),
        new("slow_start.duration_seconds", "0", AttributeKind.ZeroOrInteger, 30, 900, NotForLambda: true),
        new("target_group_health.dns_failover.minimum_healthy_targets.count", "1", AttributeKind.OffOrInteger, 1, int.MaxValue, NotForLambda: true),
        new("target_group_health.dns_failover.minimum_healthy_targets.percentage", "off", AttributeKind.OffOrInteger, 1, 100, NotForLambda: true),
        new("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1", AttributeKind.Integer, 1, int.MaxValue, NotForLambda: true),
        new("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off", AttributeKind.OffOrInteger, 1, 100, NotForLambda: true),
        new("lambda.multi_value_headers.enabled", "false", AttributeKind.Boolean, LambdaOnly: true),
    ];

    /// <summary>Listener attributes of an ALB listener (LST-50, alb-observability-api.md §4.9).</summary>
    public static readonly IReadOnlyList<AttributeDefinition> Listener =
    [
        new("routing.http.request.x_amzn_mtls_clientcert_serial_number.header_name", "X-Amzn-Mtls-Clientcert-Serial-Number", AttributeKind.HeaderName),
        new("routing.http.request.x_amzn_mtls_clientcert_issuer.header_name", "X-Amzn-Mtls-Clientcert-Issuer", AttributeKind.HeaderName),
        new("routing.http.request.x_amzn_mtls_clientcert_subject.header_name", "X-Amzn-Mtls-Clientcert-Subject", AttributeKind.HeaderName),
        new("routing.http.request.x_amzn_mtls_clientcert_validity.header_name", "X-Amzn-Mtls-Clientcert-Validity", AttributeKind.HeaderName),
        new("routing.http.request.x_amzn_mtls_clientcert_leaf.header_name", "X-Amzn-Mtls-Clientcert-Leaf", AttributeKind.HeaderName),
        new("routing.http.request.x_amzn_mtls_clientcert.header_name", "X-Amzn-Mtls-Clientcert", AttributeKind.HeaderName),
        new("routing.http.request.x_amzn_tls_version.header_name", "X-Amzn-Tls-Version", AttributeKind.HeaderName),
        new("routing.http.request.x_amzn_tls_cipher_suite.header_name", "X-Amzn-Tls-Cipher-Suite", AttributeKind.HeaderName),
        new("routing.http.response.server.enabled", "true", AttributeKind.Boolean),
        new("routing.http.response.strict_transport_security.header_value", "", AttributeKind.HeaderValue),
        new("routing.http.response.access_control_allow_origin.header_value", "", AttributeKind.HeaderValue),
        new("routing.http.response.access_control_allow_methods.header_value", "", AttributeKind.HeaderValue),
        new("routing.http.response.access_control_allow_headers.header_value", "", AttributeKind.HeaderValue),
        new("routing.http.response.access_control_allow_credentials.header_value", "", AttributeKind.HeaderValue),
        new("routing.http.response.access_control_expose_headers.header_value", "", AttributeKind.HeaderValue),
        new("routing.http.response.access_control_max_age.header_value", "", AttributeKind.HeaderValue),
        new("routing.http.response.content_security_policy.header_value", "", AttributeKind.HeaderValue),
        new("routing.http.response.x_content_type_options.header_value", "", AttributeKind.HeaderValue),
        new("routing.http.response.x_frame_options.header_value", "", AttributeKind.HeaderValue),
    ];

    private static readonly FrozenDictionary<string, AttributeDefinition> ListenerByKey =
        Listener.ToFrozenDictionary(d => d.Key, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, AttributeDefinition> LoadBalancerByKey =
        LoadBalancer.ToFrozenDictionary(d => d.Key, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, AttributeDefinition> TargetGroupByKey =
        TargetGroup.ToFrozenDictionary(d => d.Key, StringComparer.Ordinal);

    public static AttributeDefinition? FindLoadBalancer(string key) => LoadBalancerByKey.GetValueOrDefault(key);

    public static AttributeDefinition? FindTargetGroup(string key) => TargetGroupByKey.GetValueOrDefault(key);

    public static AttributeDefinition? FindListener(string key) => ListenerByKey.GetValueOrDefault(key);

    /// <summary>Longest response-header value (LST-51: 1 K bytes).</summary>
    public const int MaxHeaderValueBytes = 1024;

    /// <summary>LST-51: the characters a response-header value may contain besides letters and digits.</summary>
    public const string HeaderValueSpecials = "_ :;.,\\/'?!(){}[]@<>=-+*#&`|~^%";

    /// <summary>
    /// Checks one value against its definition; returns null when valid, else the reason (AWS wording where AWS has one).
    /// </summary>
    public static string? CheckValue(AttributeDefinition definition, string value)
    {
        switch (definition.Kind)
        {
            case AttributeKind.Boolean:
                return value is "true" or "false" ? null : $"must be 'true' or 'false'";
            case AttributeKind.Integer:
                return IsIntegerInRange(value, definition.Min, definition.Max) ? null : $"must be an integer between {definition.Min} and {definition.Max}";
            case AttributeKind.ZeroOrInteger:
                return value == "0" || IsIntegerInRange(value, definition.Min, definition.Max) ? null : $"must be 0 or an integer between {definition.Min} and {definition.Max}";
            case AttributeKind.OffOrInteger:
                return value == "off" || IsIntegerInRange(value, definition.Min, definition.Max)
                    ? null
                    : definition.Max == int.MaxValue
                        ? $"must be 'off' or an integer of at least {definition.Min}"
                        : $"must be 'off' or an integer between {definition.Min} and {definition.Max}";
            case AttributeKind.HeaderName:
                return value.Length == 0 || (value.Length <= 256 && value.All(IsTokenChar)) ? null : "must be a valid HTTP header name";
            case AttributeKind.HeaderValue:
                return System.Text.Encoding.UTF8.GetByteCount(value) > MaxHeaderValueBytes
                    ? $"cannot be longer than {MaxHeaderValueBytes} bytes"
                    : value.All(c => char.IsAsciiLetterOrDigit(c) || HeaderValueSpecials.Contains(c)) ? null
                    : $"can only contain the characters a-z A-Z 0-9 and {HeaderValueSpecials}";
            case AttributeKind.Enumeration:
                return Array.IndexOf(definition.AllowedValues!, value) >= 0 ? null : $"must be one of: {string.Join(", ", definition.AllowedValues!)}";
            default:
                return null;
        }
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    private static bool IsIntegerInRange(string value, long min, long max) =>
        long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max;

    /// <summary>The value of the definition's key in <paramref name="attributes"/> (the last one wins), or its default.</summary>
    public static string GetOrDefault(IEnumerable<AttributeConfig> attributes, AttributeDefinition definition)
    {
        string? found = null;
        foreach (var attribute in attributes)
        {
            if (attribute.Key == definition.Key)
            {
                found = attribute.Value;
            }
        }

        return found ?? definition.Default;
    }
}
