using static AlbEmulator.Configuration.Validators.ConditionValues;

namespace AlbEmulator.Configuration.Validators;

/// <summary>The values of one condition whose shape is correct (RULE-10, RULE-20 .. RULE-25).</summary>
internal static class ConditionValueValidator
{
    public const int MaxHeaderNameLength = 40;
    public const int MaxMethodLength = 40;

    public static void Check(ValidationContext context, string resource, string prefix, RuleConditionConfig condition, string field, ConditionValidator.Totals totals)
    {
        switch (field)
        {
            case "host-header":
                CheckValues(context, resource, condition.Values is not null ? $"{prefix}.Values" : $"{prefix}.HostHeaderConfig.Values",
                    condition.Values ?? condition.HostHeaderConfig!.Values, totals, true,
                    v => IsHostValue(v) ? null : "can only contain the characters A-Z a-z 0-9 - . * ?");
                break;
            case "path-pattern":
                CheckValues(context, resource, condition.Values is not null ? $"{prefix}.Values" : $"{prefix}.PathPatternConfig.Values",
                    condition.Values ?? condition.PathPatternConfig!.Values, totals, true,
                    v => IsPathValue(v) ? null : "can only contain the characters A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & * ?");
                break;
            case "http-header":
                CheckHeader(context, resource, $"{prefix}.HttpHeaderConfig", condition.HttpHeaderConfig!, totals);
                break;
            case "http-request-method":
                CheckValues(context, resource, $"{prefix}.HttpRequestMethodConfig.Values", condition.HttpRequestMethodConfig!.Values, totals, false,
                    v => v.Length > MaxMethodLength ? $"cannot be longer than {MaxMethodLength} characters"
                        : IsMethodValue(v) ? null : "can only contain the characters A-Z - _");
                break;
            case "query-string":
                CheckQueryString(context, resource, $"{prefix}.QueryStringConfig.Values", condition.QueryStringConfig!.Values, totals);
                break;
            case "source-ip":
                CheckValues(context, resource, $"{prefix}.SourceIpConfig.Values", condition.SourceIpConfig!.Values, totals, false,
                    v => v == "255.255.255.255/32" ? "is not allowed"
                        : IsCidr(v) ? null : "is not a valid IPv4 or IPv6 CIDR block");
                break;
        }
    }

    private static void CheckValues(ValidationContext context, string resource, string path, IReadOnlyList<string> values,
        ConditionValidator.Totals totals, bool wildcards, Func<string, string?> check)
    {
        if (values.Count == 0)
        {
            context.Add(resource, path, "At least one value is required");
        }

        totals.Values += values.Count;
        for (var j = 0; j < values.Count; j++)
        {
            var value = values[j];
            if (wildcards)
            {
                totals.Wildcards += CountWildcards(value);
            }

            if (CheckOne(value, check) is { } problem)
            {
                context.Add(resource, $"{path}[{j}]", problem);
            }
        }
    }

    private static string? CheckOne(string value, Func<string, string?> check)
    {
        if (value.Length == 0)
        {
            return "A condition value cannot be empty";
        }

        if (value.Length > MaxValueLength)
        {
            return $"Value '{value}' cannot be longer than {MaxValueLength} characters";
        }

        return check(value) is { } reason ? $"Value '{value}' {reason}" : null;
    }

    private static void CheckHeader(ValidationContext context, string resource, string path, HttpHeaderConditionConfig header, ConditionValidator.Totals totals)
    {
        var name = header.HttpHeaderName;
        if (string.IsNullOrEmpty(name))
        {
            context.Add(resource, $"{path}.HttpHeaderName", "HttpHeaderName is required");
        }
        else if (name.Length > MaxHeaderNameLength)
        {
            context.Add(resource, $"{path}.HttpHeaderName", $"Header name '{name}' cannot be longer than {MaxHeaderNameLength} characters");
        }
        else if (!IsHeaderName(name))
        {
            context.Add(resource, $"{path}.HttpHeaderName", $"Header name '{name}' is not a valid HTTP header name");
        }
        else if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
        {
            context.Add(resource, $"{path}.HttpHeaderName", "Header name 'Host' is not allowed; use a 'host-header' condition");
        }

        CheckValues(context, resource, $"{path}.Values", header.Values, totals, true, _ => null);
    }

    private static void CheckQueryString(ValidationContext context, string resource, string path, IReadOnlyList<QueryStringKeyValueConfig> pairs, ConditionValidator.Totals totals)
    {
        if (pairs.Count == 0)
        {
            context.Add(resource, path, "At least one value is required");
        }

        totals.Values += pairs.Count;
        for (var j = 0; j < pairs.Count; j++)
        {
            var (key, value) = pairs[j];
            totals.Wildcards += CountWildcards(key) + CountWildcards(value);
            if (key is { Length: > MaxValueLength })
            {
                context.Add(resource, $"{path}[{j}].Key", $"Key '{key}' cannot be longer than {MaxValueLength} characters");
            }

            if (string.IsNullOrEmpty(value))
            {
                context.Add(resource, $"{path}[{j}].Value", "Value is required");
            }
            else if (value.Length > MaxValueLength)
            {
                context.Add(resource, $"{path}[{j}].Value", $"Value '{value}' cannot be longer than {MaxValueLength} characters");
            }
        }
    }
}
