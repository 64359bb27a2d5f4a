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
                CheckValuesOrRegex(context, resource, condition.Values is not null || condition.RegexValues is not null ? prefix : $"{prefix}.HostHeaderConfig",
                    condition.HostHeaderConfig is { } host ? (host.Values, host.RegexValues) : (condition.Values, condition.RegexValues), totals,
                    v => IsHostValue(v) ? null : "can only contain the characters A-Z a-z 0-9 - . * ?");
                break;
            case "path-pattern":
                CheckValuesOrRegex(context, resource, condition.Values is not null || condition.RegexValues is not null ? prefix : $"{prefix}.PathPatternConfig",
                    condition.PathPatternConfig is { } path ? (path.Values, path.RegexValues) : (condition.Values, condition.RegexValues), totals,
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

        CheckValuesOrRegex(context, resource, path, (header.Values, header.RegexValues), totals, _ => null);
    }

    /// <summary>
    /// Value matching or regex matching (RULE-13, RULE-14), never both in one condition. A rule's regex
    /// values count toward its match evaluations like values do.
    /// </summary>
    private static void CheckValuesOrRegex(ValidationContext context, string resource, string path,
        (IReadOnlyList<string>? Values, IReadOnlyList<string>? RegexValues) lists, ConditionValidator.Totals totals, Func<string, string?> check)
    {
        var (values, regexValues) = lists;
        if (regexValues is null)
        {
            CheckValues(context, resource, $"{path}.Values", values ?? [], totals, true, check);
            return;
        }

        if (values is { Count: > 0 })
        {
            context.Add(resource, $"{path}.RegexValues", "You cannot specify both Values and RegexValues in the same condition");
        }

        CheckRegexValues(context, resource, $"{path}.RegexValues", regexValues, totals);
    }

    private static void CheckRegexValues(ValidationContext context, string resource, string path, IReadOnlyList<string> expressions, ConditionValidator.Totals totals)
    {
        if (expressions.Count == 0)
        {
            context.Add(resource, path, "At least one value is required");
        }

        totals.Values += expressions.Count;
        for (var j = 0; j < expressions.Count; j++)
        {
            var expression = expressions[j];
            if (expression.Length == 0)
            {
                context.Add(resource, $"{path}[{j}]", "A condition value cannot be empty");
            }
            else if (expression.Length > Rules.RuleRegex.MaxConditionLength)
            {
                context.Add(resource, $"{path}[{j}]", $"Regex value '{expression}' cannot be longer than {Rules.RuleRegex.MaxConditionLength} characters");
            }
            else if (Rules.RuleRegex.Check(expression) is { } problem)
            {
                context.Add(resource, $"{path}[{j}]", $"Regex value '{expression}': {problem}");
            }
        }
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
