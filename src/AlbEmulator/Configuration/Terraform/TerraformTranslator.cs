using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlbEmulator.Configuration.CloudFormation;

namespace AlbEmulator.Configuration.Terraform;

/// <summary>
/// Maps the AWS provider's resources of a plan or state onto the emulator's config document. A value a plan knows only
/// after apply (an ARN, say) is followed through the configuration's references to the resource it comes from; what
/// still cannot be known locally (an instance's address, an ACM certificate, an S3 bundle) is listed as unmapped with the
/// overrides key (Terraform address or name) that supplies it.
/// </summary>
internal sealed partial class TerraformTranslator
{
    private static readonly string[] LoadBalancerTypes = ["aws_lb", "aws_alb"];
    private static readonly string[] ListenerTypes = ["aws_lb_listener", "aws_alb_listener"];
    private static readonly string[] RuleTypes = ["aws_lb_listener_rule", "aws_alb_listener_rule"];
    private static readonly string[] ListenerCertificateTypes = ["aws_lb_listener_certificate", "aws_alb_listener_certificate"];
    private static readonly string[] TargetGroupTypes = ["aws_lb_target_group", "aws_alb_target_group"];
    private static readonly string[] AttachmentTypes = ["aws_lb_target_group_attachment", "aws_alb_target_group_attachment"];
    private const string TrustStoreType = "aws_lb_trust_store";
    private const string TrustStoreRevocationType = "aws_lb_trust_store_revocation";
    private const string WebAclType = "aws_wafv2_web_acl";
    private const string WebAclAssociationType = "aws_wafv2_web_acl_association";
    private const string IpSetType = "aws_wafv2_ip_set";
    private const string RegexPatternSetType = "aws_wafv2_regex_pattern_set";
    private const string FunctionType = "aws_lambda_function";

    /// <summary><c>aws_lb</c> arguments and the load balancer attribute each one sets.</summary>
    private static readonly (string Argument, string Attribute)[] LoadBalancerAttributes =
    [
        ("idle_timeout", "idle_timeout.timeout_seconds"),
        ("enable_http2", "routing.http2.enabled"),
        ("drop_invalid_header_fields", "routing.http.drop_invalid_header_fields.enabled"),
        ("desync_mitigation_mode", "routing.http.desync_mitigation_mode"),
        ("preserve_host_header", "routing.http.preserve_host_header.enabled"),
        ("enable_xff_client_port", "routing.http.xff_client_port.enabled"),
        ("xff_header_processing_mode", "routing.http.xff_header_processing.mode"),
        ("enable_waf_fail_open", "waf.fail_open.enabled"),
        ("client_keep_alive", "client_keep_alive.seconds"),
        ("enable_tls_version_and_cipher_suite_headers", "routing.http.x_amzn_tls_version_and_cipher_suite.enabled"),
        ("enable_deletion_protection", "deletion_protection.enabled"),
        ("enable_zonal_shift", "zonal_shift.config.enabled"),
    ];

    private readonly List<TerraformResource> _resources;
    private readonly TemplateOverrides _overrides;
    private readonly string _baseDirectory;
    private readonly bool _isPlan;
    private readonly List<ConfigError> _errors = [];
    private readonly List<string> _running = [];
    private readonly List<string> _skipped = [];
    private readonly List<string> _unmapped = [];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public TerraformTranslator(List<TerraformResource> resources, TemplateOverrides overrides, string baseDirectory, bool isPlan)
    {
        _resources = resources;
        _overrides = overrides;
        _baseDirectory = baseDirectory;
        _isPlan = isPlan;
    }

    private IEnumerable<TerraformResource> OfType(params string[] types) => _resources.Where(r => types.Contains(r.Type));

    public TemplateTranslation Run()
    {
        var document = new TemplateDocument();
        document.AddLocalCertificates(_overrides);
        var others = new SortedDictionary<string, int>(StringComparer.Ordinal);
        string[] handled =
        [
            .. LoadBalancerTypes, .. ListenerTypes, .. RuleTypes, .. ListenerCertificateTypes, .. TargetGroupTypes, .. AttachmentTypes,
            TrustStoreType, TrustStoreRevocationType, WebAclType, WebAclAssociationType, IpSetType, RegexPatternSetType, FunctionType,
        ];
        foreach (var resource in _resources.Where(r => !handled.Contains(r.Type)))
        {
            others[resource.Type] = others.GetValueOrDefault(resource.Type) + 1;
        }

        var groups = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var resource in OfType(TargetGroupTypes))
        {
            groups[resource.Address] = TargetGroup(resource);
            document.TargetGroups.Add((JsonNode)groups[resource.Address]);
        }

        Attachments(groups);
        foreach (var resource in OfType(FunctionType))
        {
            if (_overrides.LambdaEndpoint(resource.Address, NameOf(resource)) is { } endpoint)
            {
                _running.Add($"{resource.Label} as Lambda function '{NameOf(resource)}' served at {endpoint} (overrides)");
            }
        }

        foreach (var resource in OfType(TrustStoreType))
        {
            document.TrustStores.Add((JsonNode)TrustStore(resource));
        }

        foreach (var resource in OfType(TrustStoreRevocationType))
        {
            _skipped.Add($"{resource.Label}: revocation lists live in S3; give them as TrustStores.<address>.RevocationFiles in the overrides file");
        }

        foreach (var resource in OfType(IpSetType))
        {
            document.IPSets.Add((JsonNode)Waf(resource, new JsonObject
            {
                ["Name"] = NameOf(resource),
                ["IPAddressVersion"] = resource.Text("ip_address_version"),
                ["Addresses"] = resource.Value("addresses")?.DeepClone() ?? new JsonArray(),
            }, "IP set"));
        }

        foreach (var resource in OfType(RegexPatternSetType))
        {
            var expressions = resource.Blocks("regular_expression").Select(b => b["regex_string"]?.DeepClone()).ToArray();
            document.RegexPatternSets.Add((JsonNode)Waf(resource, new JsonObject { ["Name"] = NameOf(resource), ["RegularExpressionList"] = new JsonArray(expressions) }, "regex pattern set"));
        }

        foreach (var resource in OfType(WebAclType))
        {
            if (resource.Text("scope") is { } scope && scope != "REGIONAL")
            {
                _skipped.Add($"{resource.Label}: a {scope} web ACL, not one for a load balancer");
                continue;
            }

            document.WebACLs.Add((JsonNode)Waf(resource, WebAcl(resource), "web ACL"));
        }

        var listenersOf = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        var loadBalancers = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var resource in OfType(LoadBalancerTypes))
        {
            if (resource.Text("load_balancer_type") is { } lbType && lbType != "application")
            {
                _skipped.Add($"{resource.Label}: a {lbType} load balancer, not an Application Load Balancer");
                continue;
            }

            var lb = LoadBalancer(resource);
            loadBalancers[resource.Address] = lb;
            listenersOf[resource.Address] = document.AddLoadBalancer(lb);
        }

        foreach (var resource in OfType(WebAclAssociationType))
        {
            var lb = Referenced(resource, "resource_arn");
            var acl = Referenced(resource, "web_acl_arn");
            if (lb is null || !loadBalancers.TryGetValue(lb.Address, out var lbObject))
            {
                _skipped.Add($"{resource.Label}: associates a resource that is not an Application Load Balancer of this {Kind}");
            }
            else if (acl is null || acl.Type != WebAclType)
            {
                _errors.Add(new ConfigError(resource.Label, "web_acl_arn", $"Must refer to an aws_wafv2_web_acl of this {Kind}"));
            }
            else
            {
                lbObject["WebACLName"] = NameOf(acl);
                _running.Add($"{resource.Label}: web ACL '{NameOf(acl)}' on load balancer '{lbObject["Name"]}'");
            }
        }

        var listeners = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var resource in OfType(ListenerTypes))
        {
            var lb = Referenced(resource, "load_balancer_arn") ?? (listenersOf.Count == 1 && resource.Text("load_balancer_arn") is null ? _resources.First(r => r.Address == listenersOf.Keys.First()) : null);
            if (lb is null || !listenersOf.TryGetValue(lb.Address, out var list))
            {
                if (lb is not null && LoadBalancerTypes.Contains(lb.Type))
                {
                    _skipped.Add($"{resource.Label}: belongs to skipped load balancer '{lb.Address}'");
                }
                else
                {
                    _errors.Add(new ConfigError(resource.Label, "load_balancer_arn", $"Must refer to an aws_lb of this {Kind}"));
                }

                continue;
            }

            var listener = Listener(resource, lb);
            list.Add((JsonNode)listener);
            listeners[resource.Address] = listener;
        }

        foreach (var resource in OfType(ListenerCertificateTypes))
        {
            if (ListenerOf(resource, listeners) is { } listener)
            {
                if (listener["Certificates"] is not JsonArray certificates)
                {
                    listener["Certificates"] = certificates = [];
                }

                if (Certificate(resource, "certificate_arn") is { } certificate)
                {
                    certificates.Add((JsonNode)certificate);
                }

                _running.Add($"{resource.Label} (1 certificate)");
            }
        }

        foreach (var resource in OfType(RuleTypes))
        {
            if (ListenerOf(resource, listeners) is { } listener)
            {
                ((JsonArray)listener["Rules"]!).Add((JsonNode)Rule(resource));
                _running.Add($"{resource.Label} as rule {resource.Text("priority") ?? "(priority assigned at apply)"}");
            }
        }

        if (others.Count > 0)
        {
            var count = others.Values.Sum();
            _skipped.Add($"{count} other resource{(count == 1 ? "" : "s")} not run locally: {string.Join(", ", others.Select(o => o.Value == 1 ? o.Key : $"{o.Key} x{o.Value}"))}");
        }

        return document.Read(_baseDirectory, _errors, _running, _skipped, _unmapped);
    }

    private string Kind => _isPlan ? "plan" : "state";

    // ----- load balancers, listeners, rules -----

    private JsonObject LoadBalancer(TerraformResource resource)
    {
        var name = NameOf(resource);
        var attributes = new JsonArray();
        foreach (var (argument, attribute) in LoadBalancerAttributes)
        {
            if (resource.Text(argument) is { } value)
            {
                attributes.Add((JsonNode)Attribute(attribute, value));
            }
        }

        foreach (var (block, prefix) in new[] { ("access_logs", "access_logs.s3"), ("connection_logs", "connection_logs.s3") })
        {
            if (resource.Blocks(block).FirstOrDefault() is { } logs && logs["enabled"] is JsonValue on && on.GetValueKind() == JsonValueKind.True)
            {
                // [ext] the bucket names a local directory (relative to the plan file), as in the config (config-format.md §2).
                attributes.Add((JsonNode)Attribute(prefix + ".enabled", "true"));
                attributes.Add((JsonNode)Attribute(prefix + ".bucket", logs["bucket"]?.GetValue<string>() ?? "alb-logs"));
                if (logs["prefix"] is JsonValue p && p.GetValue<string>() is { Length: > 0 } text)
                {
                    attributes.Add((JsonNode)Attribute(prefix + ".prefix", text));
                }
            }
        }

        var lb = new JsonObject { ["Name"] = name };
        var lbOverride = TemplateOverrides.Find(_overrides.LoadBalancers, resource.Address, name);
        var merged = TemplateOverrides.MergeAttributes(attributes, lbOverride);
        if (merged.Count > 0)
        {
            lb["LoadBalancerAttributes"] = merged;
        }

        var placement = TemplateOverrides.Placement(lb, lbOverride, key => Placement(resource, key));
        _running.Add($"{resource.Label} as load balancer '{name}' ({placement})");
        return lb;
    }

    /// <summary>
    /// <c>Scheme</c> from <c>internal</c>, <c>IpAddressType</c> from <c>ip_address_type</c>; one known only after apply is
    /// listed as unmapped with its overrides key (ALB's default applies until then).
    /// </summary>
    private string? Placement(TerraformResource resource, string key)
    {
        var (argument, fallback) = key == "Scheme" ? ("internal", "internet-facing") : ("ip_address_type", "ipv4");
        if (resource.IsUnknown(argument))
        {
            _unmapped.Add($"{resource.Label} {argument}: known only after apply; give it as LoadBalancers.\"{resource.Address}\".{key} in the overrides file ({fallback} until then)");
            return null;
        }

        return key == "Scheme"
            ? resource.Value(argument) is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? (flag.GetValue<bool>() ? "internal" : "internet-facing") : null
            : resource.Text(argument);
    }

    private JsonObject Listener(TerraformResource resource, TerraformResource loadBalancer)
    {
        var listener = new JsonObject
        {
            ["Port"] = resource.Value("port")?.DeepClone(),
            ["Protocol"] = resource.Text("protocol") ?? "HTTP",
            ["Rules"] = new JsonArray(),
        };
        if (resource.Text("protocol") == "HTTPS" && resource.Text("ssl_policy") is { } policy)
        {
            listener["SslPolicy"] = policy;
        }

        if ((resource.Text("certificate_arn") is not null || resource.References("certificate_arn").Count > 0) && Certificate(resource, "certificate_arn") is { } certificate)
        {
            listener["Certificates"] = new JsonArray(certificate);
        }

        listener["DefaultActions"] = Actions(resource, "default_action");
        if (resource.Blocks("mutual_authentication").FirstOrDefault() is { } mutual)
        {
            var config = TerraformBlocks.Convert(mutual, ["mutual_authentication", 0]);
            if (Referenced(resource, "mutual_authentication", 0, "trust_store_arn") is { Type: TrustStoreType } store)
            {
                config.Remove("TrustStoreArn");
                config["TrustStoreName"] = NameOf(store);
            }

            listener["MutualAuthentication"] = config;
        }

        var port = resource.Text("port");
        var lbOverride = TemplateOverrides.Find(_overrides.LoadBalancers, loadBalancer.Address, NameOf(loadBalancer));
        if (port is not null && lbOverride?["Listeners"]?[port]?["Port"] is { } moved)
        {
            listener["Port"] = moved.DeepClone();
            _running.Add($"{resource.Label} as listener {moved.ToJsonString()} (planned port {port}, moved by the overrides)");
        }
        else
        {
            _running.Add($"{resource.Label} as listener {port ?? "(no port)"}");
        }

        return listener;
    }

    private JsonObject Rule(TerraformResource resource)
    {
        var rule = new JsonObject();
        if (resource.Value("priority") is { } priority)
        {
            rule["Priority"] = priority.DeepClone();
        }
        else
        {
            _errors.Add(new ConfigError(resource.Label, "priority", "The priority is assigned at apply; give the rule a priority"));
        }

        var conditions = new JsonArray();
        var conditionBlocks = resource.Blocks("condition");
        for (var i = 0; i < conditionBlocks.Count; i++)
        {
            foreach (var (field, config) in Conditions(conditionBlocks[i]))
            {
                var condition = new JsonObject { ["Field"] = field };
                foreach (var (key, value) in config)
                {
                    condition[key] = value?.DeepClone();
                }

                conditions.Add((JsonNode)condition);
            }
        }

        rule["Conditions"] = conditions;
        rule["Actions"] = Actions(resource, "action");
        if (resource.Blocks("transform") is { Count: > 0 } transforms)
        {
            rule["Transforms"] = new JsonArray([.. transforms.Select((t, i) => (JsonNode)TerraformBlocks.Convert(t, ["transform", i]))]);
        }

        return rule;
    }

    /// <summary>One <c>condition</c> block holds one condition type (query_string may repeat: its blocks are the values).</summary>
    private static IEnumerable<(string Field, JsonObject Config)> Conditions(JsonObject block)
    {
        static JsonArray Values(JsonObject config) => (JsonArray?)config["values"]?.DeepClone() ?? [];

        foreach (var (key, value) in block)
        {
            var configs = (value as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            if (configs.Count == 0)
            {
                continue;
            }

            var first = configs[0];
            switch (key)
            {
                case "host_header" or "path_pattern" or "http_request_method" or "source_ip":
                    var config = new JsonObject();
                    if (first["values"] is JsonArray { Count: > 0 })
                    {
                        config["Values"] = Values(first);
                    }

                    if (first["regex_values"] is JsonArray { Count: > 0 } regex)
                    {
                        config["RegexValues"] = regex.DeepClone();
                    }

                    var (field, member) = key switch
                    {
                        "host_header" => ("host-header", "HostHeaderConfig"),
                        "path_pattern" => ("path-pattern", "PathPatternConfig"),
                        "http_request_method" => ("http-request-method", "HttpRequestMethodConfig"),
                        _ => ("source-ip", "SourceIpConfig"),
                    };
                    yield return (field, new JsonObject { [member] = config });
                    break;
                case "http_header":
                    var header = new JsonObject { ["HttpHeaderName"] = first["http_header_name"]?.DeepClone() };
                    if (first["values"] is JsonArray { Count: > 0 })
                    {
                        header["Values"] = Values(first);
                    }

                    if (first["regex_values"] is JsonArray { Count: > 0 } headerRegex)
                    {
                        header["RegexValues"] = headerRegex.DeepClone();
                    }

                    yield return ("http-header", new JsonObject { ["HttpHeaderConfig"] = header });
                    break;
                case "query_string":
                    var pairs = new JsonArray();
                    foreach (var pair in configs)
                    {
                        var entry = new JsonObject();
                        if (pair["key"] is JsonValue k && k.GetValue<string>() is { Length: > 0 })
                        {
                            entry["Key"] = k.DeepClone();
                        }

                        entry["Value"] = pair["value"]?.DeepClone();
                        pairs.Add((JsonNode)entry);
                    }

                    yield return ("query-string", new JsonObject { ["QueryStringConfig"] = new JsonObject { ["Values"] = pairs } });
                    break;
            }
        }
    }

    private JsonArray Actions(TerraformResource resource, string block)
    {
        var actions = new JsonArray();
        var blocks = resource.Blocks(block);
        for (var i = 0; i < blocks.Count; i++)
        {
            var source = blocks[i];
            var action = new JsonObject { ["Type"] = source["type"]?.DeepClone() };
            if (source["order"] is JsonValue order && order.GetValueKind() == JsonValueKind.Number)
            {
                action["Order"] = order.DeepClone();
            }

            var type = source["type"]?.GetValue<string>();
            switch (type)
            {
                case "forward" when resource.Blocks(block, i, "forward") is { Count: > 0 } forwards:
                    var groups = new JsonArray();
                    var targetGroups = resource.Blocks(block, i, "forward", 0, "target_group");
                    for (var j = 0; j < targetGroups.Count; j++)
                    {
                        var entry = TargetGroupReference(resource, block, i, "forward", 0, "target_group", j, "arn");
                        if (targetGroups[j]["weight"] is { } weight)
                        {
                            entry["Weight"] = weight.DeepClone();
                        }

                        groups.Add((JsonNode)entry);
                    }

                    var forward = new JsonObject { ["TargetGroups"] = groups };
                    if (forwards[0]["stickiness"] is JsonArray { Count: > 0 } stickiness && stickiness[0] is JsonObject sticky)
                    {
                        forward["TargetGroupStickinessConfig"] = new JsonObject { ["Enabled"] = sticky["enabled"]?.DeepClone(), ["DurationSeconds"] = sticky["duration"]?.DeepClone() };
                    }

                    action["ForwardConfig"] = forward;
                    break;
                case "forward":
                    foreach (var (key, value) in TargetGroupReference(resource, block, i, "target_group_arn"))
                    {
                        action[key] = value?.DeepClone();
                    }

                    break;
                case "redirect" or "fixed-response" or "authenticate-oidc" or "authenticate-cognito" or "jwt-validation":
                    var member = type.Replace('-', '_');
                    if (resource.Blocks(block, i, member).FirstOrDefault() is { } config)
                    {
                        action[TerraformBlocks.Pascal(member) + "Config"] = TerraformBlocks.Convert(config, [block, i, member, 0]);
                    }

                    break;
            }

            actions.Add((JsonNode)action);
        }

        return actions;
    }

    /// <summary><c>TargetGroupName</c> of the group an action names (by reference or ARN), or the ARN as written.</summary>
    private JsonObject TargetGroupReference(TerraformResource resource, params object[] path)
    {
        if (Referenced(resource, resource.Value(path), path) is { } group && TargetGroupTypes.Contains(group.Type))
        {
            return new JsonObject { ["TargetGroupName"] = NameOf(group) };
        }

        if (resource.Text(path) is { } arn)
        {
            return new JsonObject { ["TargetGroupArn"] = arn };
        }

        _errors.Add(new ConfigError(resource.Label, PathText(path), $"The target group is known only after apply and is not an aws_lb_target_group of this {Kind}"));
        return [];
    }

    private JsonObject? ListenerOf(TerraformResource resource, Dictionary<string, JsonObject> listeners)
    {
        if (Referenced(resource, "listener_arn") is { } listener)
        {
            if (listeners.TryGetValue(listener.Address, out var found))
            {
                return found;
            }

            _skipped.Add($"{resource.Label}: belongs to skipped listener '{listener.Address}'");
            return null;
        }

        _errors.Add(new ConfigError(resource.Label, "listener_arn", $"Must refer to an aws_lb_listener of this {Kind}"));
        return null;
    }

    /// <summary>
    /// A certificate: PEM files from <c>Certificates.&lt;ARN or address&gt;</c> of the overrides, else the ARN (accepted and
    /// ignored: a generated certificate is served), or null when even the ARN is known only after apply.
    /// </summary>
    private JsonObject? Certificate(TerraformResource resource, string argument)
    {
        var arn = resource.Text(argument);
        var source = Referenced(resource, argument);
        if (_overrides.LocalCertificate(arn, source?.Address) is { } local)
        {
            return local;
        }

        var key = arn ?? source?.Address ?? resource.Address;
        _unmapped.Add($"{resource.Label} {argument}: {(arn is null ? "known only after apply" : $"'{arn}'")} has no local PEM files; give them as Certificates.\"{key}\" in the overrides file (a generated certificate is served until then)");
        return arn is null ? null : new JsonObject { ["CertificateArn"] = arn };
    }

    // ----- target groups and targets -----

    private JsonObject TargetGroup(TerraformResource resource)
    {
        var name = NameOf(resource);
        var targetType = resource.Text("target_type") ?? TargetTypes.Instance;
        var group = new JsonObject { ["Name"] = name, ["TargetType"] = targetType };
        foreach (var (argument, member) in new[] { ("protocol", "Protocol"), ("port", "Port"), ("protocol_version", "ProtocolVersion") })
        {
            if (targetType != TargetTypes.Lambda && resource.Value(argument) is JsonValue value && resource.Text(argument) is not null)
            {
                group[member] = value.DeepClone();
            }
        }

        if (resource.Blocks("health_check").FirstOrDefault() is { } health)
        {
            var enabled = health["enabled"] is JsonValue e && e.GetValueKind() == JsonValueKind.True;
            group["HealthCheckEnabled"] = enabled;
            if (enabled || targetType != TargetTypes.Lambda)
            {
                foreach (var (argument, member) in new[]
                {
                    ("path", "HealthCheckPath"), ("port", "HealthCheckPort"), ("protocol", "HealthCheckProtocol"), ("interval", "HealthCheckIntervalSeconds"),
                    ("timeout", "HealthCheckTimeoutSeconds"), ("healthy_threshold", "HealthyThresholdCount"), ("unhealthy_threshold", "UnhealthyThresholdCount"),
                })
                {
                    if (health[argument] is JsonValue value && !(value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0))
                    {
                        group[member] = value.DeepClone();
                    }
                }

                if (health["matcher"] is JsonValue matcher && matcher.GetValue<string>() is { Length: > 0 } codes)
                {
                    group["Matcher"] = new JsonObject { [resource.Text("protocol_version") == "GRPC" ? "GrpcCode" : "HttpCode"] = codes };
                }
            }
        }

        var attributes = new JsonArray();
        void Add(string attribute, string? value)
        {
            if (value is not null)
            {
                attributes.Add((JsonNode)Attribute(attribute, value));
            }
        }

        if (targetType == TargetTypes.Lambda)
        {
            Add("lambda.multi_value_headers.enabled", resource.Text("lambda_multi_value_headers_enabled"));
        }
        else
        {
            Add("deregistration_delay.timeout_seconds", resource.Text("deregistration_delay"));
            Add("slow_start.duration_seconds", resource.Text("slow_start"));
            var algorithm = resource.Text("load_balancing_algorithm_type");
            Add("load_balancing.algorithm.type", algorithm);
            if (algorithm == "weighted_random")
            {
                Add("load_balancing.algorithm.anomaly_mitigation", resource.Text("load_balancing_anomaly_mitigation"));
            }

            Add("load_balancing.cross_zone.enabled", resource.Text("load_balancing_cross_zone_enabled"));
            if (resource.Blocks("stickiness").FirstOrDefault() is { } stickiness)
            {
                var type = stickiness["type"]?.GetValue<string>();
                Add("stickiness.enabled", stickiness["enabled"]?.ToJsonString());
                Add("stickiness.type", type is { Length: > 0 } ? type : null);
                if (type is "lb_cookie" or "app_cookie" && stickiness["cookie_duration"] is JsonValue duration)
                {
                    Add($"stickiness.{type}.duration_seconds", duration.ToJsonString().Trim('"'));
                }

                if (type == "app_cookie" && stickiness["cookie_name"] is JsonValue cookie)
                {
                    Add("stickiness.app_cookie.cookie_name", cookie.GetValue<string>());
                }
            }
        }

        if (attributes.Count > 0)
        {
            group["TargetGroupAttributes"] = attributes;
        }

        group["Targets"] = new JsonArray();
        if (TemplateOverrides.Find(_overrides.TargetGroups, resource.Address, name)?["Targets"] is JsonArray mapped)
        {
            group["Targets"] = mapped.DeepClone();
            group["MappedByOverrides"] = true;
            _running.Add($"{resource.Label} as target group '{name}' with {mapped.Count} target{(mapped.Count == 1 ? "" : "s")} from the overrides");
        }

        return group;
    }

    private void Attachments(Dictionary<string, JsonObject> groups)
    {
        var attached = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var resource in OfType(AttachmentTypes))
        {
            var owner = Referenced(resource, "target_group_arn");
            if (owner is null || !groups.TryGetValue(owner.Address, out var group))
            {
                _errors.Add(new ConfigError(resource.Label, "target_group_arn", $"Must refer to an aws_lb_target_group of this {Kind}"));
                continue;
            }

            if (group["MappedByOverrides"] is not null)
            {
                continue;
            }

            attached[owner.Address] = attached.GetValueOrDefault(owner.Address) + 1;
            if (Target(resource, owner, group["TargetType"]?.GetValue<string>()) is { } target)
            {
                ((JsonArray)group["Targets"]!).Add((JsonNode)target);
            }
        }

        foreach (var resource in OfType(TargetGroupTypes))
        {
            var group = groups[resource.Address];
            if (group.Remove("MappedByOverrides"))
            {
                continue;
            }

            var count = ((JsonArray)group["Targets"]!).Count;
            if (!attached.ContainsKey(resource.Address))
            {
                _unmapped.Add($"{resource.Label}: no aws_lb_target_group_attachment (targets registered elsewhere, e.g. by an ECS service); map them in the overrides file under TargetGroups.\"{resource.Address}\".Targets");
            }

            _running.Add($"{resource.Label} as target group '{NameOf(resource)}' with {count} target{(count == 1 ? "" : "s")}");
        }
    }

    /// <summary>An attachment's target: an address as planned, a Lambda function through its <c>Functions</c> override, else unmapped.</summary>
    private JsonObject? Target(TerraformResource resource, TerraformResource group, string? targetType)
    {
        var id = resource.Text("target_id");
        var source = Referenced(resource, "target_id");
        var function = source is { Type: FunctionType } ? source : null;
        var functionName = function is not null ? NameOf(function) : id is not null && LambdaArn().Match(id) is { Success: true } m ? m.Groups[1].Value : null;
        if (functionName is not null || targetType == TargetTypes.Lambda)
        {
            if (_overrides.LambdaEndpoint(function?.Address, functionName, id) is { } endpoint)
            {
                return new JsonObject { ["Id"] = functionName ?? id, ["LambdaEndpoint"] = endpoint };
            }

            var key = function?.Address ?? functionName ?? id ?? "<function>";
            _unmapped.Add($"{resource.Label}: Lambda function {(function is not null ? $"'{function.Address}'" : $"'{id}'")} has no local endpoint; give one as Functions.\"{key}\".LambdaEndpoint in the overrides file");
            return null;
        }

        if (id is not null && (IPAddress.TryParse(id, out _) || (!id.StartsWith("i-", StringComparison.Ordinal) && !id.StartsWith("arn:", StringComparison.Ordinal) && Uri.CheckHostName(id) == UriHostNameType.Dns)))
        {
            var target = new JsonObject { ["Id"] = id };
            if (resource.Value("port") is JsonValue port && port.GetValueKind() == JsonValueKind.Number)
            {
                target["Port"] = port.DeepClone();
            }

            return target;
        }

        var what = id is not null ? $"'{id}'" : source is not null ? $"known only after apply ({source.Address})" : "known only after apply";
        _unmapped.Add($"{resource.Label}: target {what} has no local address; map the group in the overrides file under TargetGroups.\"{group.Address}\".Targets");
        return null;
    }

    // ----- trust stores and WAF -----

    private JsonObject TrustStore(TerraformResource resource) =>
        _overrides.TrustStore(resource.Label, NameOf(resource), $"\"{resource.Address}\"", [resource.Address, NameOf(resource)], _running, _unmapped);

    private JsonObject Waf(TerraformResource resource, JsonObject definition, string what)
    {
        _running.Add($"{resource.Label} as {what} '{NameOf(resource)}'");
        return definition;
    }

    private JsonObject WebAcl(TerraformResource resource)
    {
        // IP set and regex pattern set references take the set's name locally (docs/waf.md).
        JsonNode? Arn(object[] path, JsonNode? value) =>
            Referenced(resource, value, path) is { Type: IpSetType or RegexPatternSetType } set ? NameOf(set) : value?.DeepClone();

        var acl = new JsonObject { ["Name"] = NameOf(resource) };
        foreach (var key in new[] { "default_action", "visibility_config" })
        {
            if (resource.Blocks(key).FirstOrDefault() is { } block)
            {
                acl[TerraformBlocks.Pascal(key)] = TerraformBlocks.Convert(block, [key, 0], Arn);
            }
        }

        var converted = TerraformBlocks.Convert(new JsonObject { ["rule"] = resource.Value("rule")?.DeepClone(), ["custom_response_body"] = resource.Value("custom_response_body")?.DeepClone() }, [], Arn);
        if (resource.Text("rule_json") is { } ruleJson)
        {
            try
            {
                converted["Rules"] = JsonNode.Parse(ruleJson);
            }
            catch (JsonException e)
            {
                _errors.Add(new ConfigError(resource.Label, "rule_json", "Invalid JSON: " + e.Message));
            }
        }

        foreach (var (key, value) in converted)
        {
            acl[key] = value?.DeepClone();
        }

        acl["Rules"] ??= new JsonArray();
        return acl;
    }

    // ----- names and references -----

    /// <summary>The resource's name as planned, else (unknown until apply, or generated) one derived from its address.</summary>
    private string NameOf(TerraformResource resource)
    {
        if (_names.TryGetValue(resource.Address, out var known))
        {
            return known;
        }

        var given = resource.Type == FunctionType ? resource.Text("function_name") : resource.Text("name");
        var name = given ?? Sanitize(resource.Name + (resource.Index is { } index ? "-" + index.Trim('"') : ""), resource.Type.StartsWith("aws_wafv2", StringComparison.Ordinal) ? 128 : 32);
        _names[resource.Address] = name;
        return name;
    }

    private static string Sanitize(string text, int max) =>
        new string(text.Replace('_', '-').Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(max).ToArray()).Trim('-') is { Length: > 0 } s ? s : "resource";

    private TerraformResource? Referenced(TerraformResource from, params object[] path) => Referenced(from, from.Value(path), path);

    /// <summary>
    /// The resource a value refers to: a known ARN or id that another resource of the document has, else (unknown until
    /// apply) the first resource the configuration's expression references. Null when neither names one.
    /// </summary>
    private TerraformResource? Referenced(TerraformResource from, JsonNode? value, object[] path)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0)
        {
            var match = _resources.FirstOrDefault(r => r != from && (r.Text("arn") == text || r.Text("id") == text));
            if (match is not null)
            {
                return match;
            }
        }

        foreach (var reference in from.References(path))
        {
            var parsed = ReferencePattern().Match(reference);
            if (!parsed.Success || parsed.Groups["type"].Value is "var" or "local" or "module" or "data" or "each" or "count" or "path" or "terraform" or "self")
            {
                continue;
            }

            var type = parsed.Groups["type"].Value;
            var name = parsed.Groups["name"].Value;
            var module = TerraformResource.WithoutIndexes(from.Module);
            var candidates = _resources.Where(r => r.Type == type && r.Name == name && TerraformResource.WithoutIndexes(r.Module) == module).ToList();
            if (candidates.Count > 1)
            {
                var sameModule = candidates.Where(r => r.Module == from.Module).ToList();
                candidates = sameModule.Count > 0 ? sameModule : candidates;
            }

            if (parsed.Groups["index"].Success && candidates.FirstOrDefault(r => r.Index == parsed.Groups["index"].Value) is { } indexed)
            {
                return indexed;
            }

            if (candidates.Count > 0)
            {
                return candidates.Count == 1 ? candidates[0] : candidates.FirstOrDefault(r => r.Index == from.Index) ?? candidates[0];
            }
        }

        return null;
    }

    private static JsonObject Attribute(string key, string value) => new() { ["Key"] = key, ["Value"] = value };

    private static string PathText(object[] path) =>
        string.Concat(path.Select((step, i) => step is int index ? $"[{index}]" : (i == 0 ? "" : ".") + step));

    [GeneratedRegex(@"^(?<type>[a-z][a-z0-9_]*)\.(?<name>[A-Za-z_][A-Za-z0-9_-]*)(?:\[(?<index>[^\]]+)\])?")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)")]
    private static partial Regex LambdaArn();
}
