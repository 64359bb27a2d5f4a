using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlbEmulator.Configuration.Terraform;

/// <summary>
/// Turns the AWS provider's snake_case nested blocks (arrays of objects in the JSON output) into the CloudFormation
/// vocabulary the config speaks: <c>byte_match_statement { field_to_match { uri_path {} } }</c> becomes
/// <c>ByteMatchStatement: { FieldToMatch: { UriPath: {} } }</c>. Blocks that are lists in CloudFormation
/// (<c>TextTransformations</c>, <c>Rules</c>, ...) stay lists; the others become one object. Nulls, empty strings and
/// absent blocks (empty arrays) are dropped, as the provider writes every optional attribute.
/// </summary>
internal static class TerraformBlocks
{
    /// <summary>Names whose CloudFormation spelling is not the plain PascalCase of the provider's.</summary>
    private static readonly Dictionary<string, string> Renames = new(StringComparer.Ordinal)
    {
        ["ip_set_reference_statement"] = "IPSetReferenceStatement",
        ["ip_set_forwarded_ip_config"] = "IPSetForwardedIPConfig",
        ["forwarded_ip_config"] = "ForwardedIPConfig",
        ["arn"] = "ARN",
        ["cloudwatch_metrics_enabled"] = "CloudWatchMetricsEnabled",
        ["ip_address_version"] = "IPAddressVersion",
        ["ja3_fingerprint"] = "JA3Fingerprint",
        ["ja4_fingerprint"] = "JA4Fingerprint",
        ["text_transformation"] = "TextTransformations",
        ["rule"] = "Rules",
        ["response_header"] = "ResponseHeaders",
        ["rule_action_override"] = "RuleActionOverrides",
        ["excluded_rule"] = "ExcludedRules",
        ["insert_header"] = "InsertHeaders",
        ["rule_label"] = "RuleLabels",
        ["custom_key"] = "CustomKeys",
        ["managed_rule_group_configs"] = "ManagedRuleGroupConfigs",
        ["additional_claim"] = "AdditionalClaims",
        ["rewrite"] = "Rewrites",
        ["transform"] = "Transforms",
        ["user_info_endpoint"] = "UserInfoEndpoint",
    };

    /// <summary>Blocks that are lists in CloudFormation.</summary>
    private static readonly HashSet<string> ListBlocks =
    [
        "text_transformation", "rule", "response_header", "rule_action_override", "excluded_rule", "insert_header",
        "rule_label", "custom_key", "managed_rule_group_configs", "additional_claim", "rewrite", "transform",
    ];

    /// <summary>Map-typed attributes whose keys are the user's, not schema names.</summary>
    private static readonly HashSet<string> Maps = ["authentication_request_extra_params"];

    /// <summary>
    /// Converts a block. <paramref name="resolveArn"/> gets each <c>arn</c> leaf with its path from the resource's values
    /// (IP set and regex pattern set references, whose ARNs a plan does not know yet) and returns the value to use.
    /// </summary>
    public static JsonObject Convert(JsonObject block, object[] path, Func<object[], JsonNode?, JsonNode?>? resolveArn = null, string parent = "")
    {
        var result = new JsonObject();
        if (resolveArn is not null && parent.EndsWith("_reference_statement", StringComparison.Ordinal) && block["arn"] is null
            && resolveArn([.. path, "arn"], null) is { } unknownArn)
        {
            // Known only after apply: absent from the values, named by the configuration's reference.
            result["ARN"] = unknownArn;
        }

        foreach (var (key, value) in block)
        {
            var here = path.Append(key).ToArray();
            if (key == "arn" && resolveArn is not null)
            {
                if (resolveArn(here, value) is { } resolved)
                {
                    result["ARN"] = resolved;
                }

                continue;
            }

            if (Converted(key, value, here, resolveArn, parent) is { } converted)
            {
                result[Name(key, parent)] = converted;
            }
        }

        return result;
    }

    private static JsonNode? Converted(string key, JsonNode? value, object[] path, Func<object[], JsonNode?, JsonNode?>? resolveArn, string parent)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String && scalar.GetValue<string>().Length == 0:
                return null;
            case JsonValue scalar:
                return scalar.DeepClone();
            case JsonObject map when Maps.Contains(key):
                return map.Count == 0 ? null : map.DeepClone();
            case JsonObject obj:
                return Convert(obj, path, resolveArn, key);
            case JsonArray array when array.Count == 0:
                return null;
            case JsonArray array when array.All(e => e is JsonObject):
                if (key == "custom_response_body")
                {
                    var bodies = new JsonObject();
                    foreach (var body in array.OfType<JsonObject>())
                    {
                        if (body["key"] is JsonValue k && k.TryGetValue<string>(out var bodyKey))
                        {
                            var converted = Convert(body, path, resolveArn, key);
                            converted.Remove("Key");
                            bodies[bodyKey] = converted;
                        }
                    }

                    return bodies;
                }

                var list = ListBlocks.Contains(key) || (key == "statement" && parent is "and_statement" or "or_statement");
                if (!list)
                {
                    return Convert((JsonObject)array[0]!, [.. path, 0], resolveArn, key);
                }

                var items = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    items.Add((JsonNode)Convert((JsonObject)array[i]!, [.. path, i], resolveArn, key));
                }

                return items;
            case JsonArray array:
                return array.DeepClone();
            default:
                return null;
        }
    }

    private static string Name(string key, string parent)
    {
        if (key == "statement" && parent is "and_statement" or "or_statement")
        {
            return "Statements";
        }

        if (key == "custom_response_body")
        {
            return "CustomResponseBodies";
        }

        return Renames.TryGetValue(key, out var renamed) ? renamed : Pascal(key);
    }

    /// <summary><c>authorization_endpoint</c> → <c>AuthorizationEndpoint</c>.</summary>
    public static string Pascal(string key) =>
        string.Concat(key.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpper(part[0], CultureInfo.InvariantCulture) + part[1..]));
}
