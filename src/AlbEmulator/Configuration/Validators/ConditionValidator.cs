namespace AlbEmulator.Configuration.Validators;

/// <summary>
/// Rule conditions (RULE-4, RULE-10, RULE-20 .. RULE-25): each condition has exactly the config
/// object its <c>Field</c> names, values are non-empty and well-formed, and the per-rule quotas
/// (one condition of some types, 5 values, 5 wildcards) hold.
/// </summary>
internal static class ConditionValidator
{
    public const int MaxValuesPerRule = 5;
    public const int MaxWildcardsPerRule = 5;

    /// <summary>Each condition type: its config property, whether legacy <c>Values</c> is accepted, whether one per rule.</summary>
    private static readonly (string Field, string Config, bool Legacy, bool OnePerRule)[] Types =
    [
        ("host-header", "HostHeaderConfig", true, true),
        ("path-pattern", "PathPatternConfig", true, true),
        ("http-header", "HttpHeaderConfig", false, false),
        ("http-request-method", "HttpRequestMethodConfig", false, true),
        ("query-string", "QueryStringConfig", false, false),
        ("source-ip", "SourceIpConfig", false, true),
    ];

    public static void Check(ValidationContext context, string resource, IReadOnlyList<RuleConditionConfig> conditions)
    {
        var fieldsSeen = new HashSet<string>(StringComparer.Ordinal);
        var totals = new Totals();
        for (var i = 0; i < conditions.Count; i++)
        {
            var condition = conditions[i];
            var prefix = $"Conditions[{i}]";
            if (condition.Field is null)
            {
                context.Add(resource, $"{prefix}.Field", "Field is required");
                continue;
            }

            var type = Array.Find(Types, t => t.Field == condition.Field);
            if (type.Field is null)
            {
                context.Add(resource, $"{prefix}.Field",
                    $"Condition field '{condition.Field}' must be one of '{string.Join("', '", Types.Select(t => t.Field))}'");
                continue;
            }

            if (type.OnePerRule && !fieldsSeen.Add(type.Field))
            {
                context.Add(resource, $"{prefix}.Field", $"A rule can only have one '{type.Field}' condition");
            }

            if (CheckShape(context, resource, prefix, condition, type.Field, type.Config, type.Legacy))
            {
                ConditionValueValidator.Check(context, resource, prefix, condition, type.Field, totals);
            }
        }

        // RULE-4
        if (totals.Values > MaxValuesPerRule)
        {
            context.Add(resource, "Conditions", $"A rule can only have '{MaxValuesPerRule}' condition values (found {totals.Values})");
        }

        if (totals.Wildcards > MaxWildcardsPerRule)
        {
            context.Add(resource, "Conditions", $"A rule can only have '{MaxWildcardsPerRule}' wildcards (found {totals.Wildcards})");
        }
    }

    /// <summary>Exactly the config object matching the field (or legacy Values); false when values cannot be checked.</summary>
    private static bool CheckShape(ValidationContext context, string resource, string prefix, RuleConditionConfig condition, string field, string configName, bool legacy)
    {
        var present = new (string Name, bool Present)[]
        {
            ("HostHeaderConfig", condition.HostHeaderConfig is not null),
            ("PathPatternConfig", condition.PathPatternConfig is not null),
            ("HttpHeaderConfig", condition.HttpHeaderConfig is not null),
            ("HttpRequestMethodConfig", condition.HttpRequestMethodConfig is not null),
            ("QueryStringConfig", condition.QueryStringConfig is not null),
            ("SourceIpConfig", condition.SourceIpConfig is not null),
        };

        var ok = true;
        foreach (var (name, isPresent) in present)
        {
            if (isPresent && name != configName)
            {
                context.Add(resource, $"{prefix}.{name}", $"{name} is not allowed with Field '{field}'");
                ok = false;
            }
        }

        var hasConfig = present.Any(p => p.Present && p.Name == configName);
        if (condition.RegexValues is not null && !legacy)
        {
            context.Add(resource, $"{prefix}.RegexValues", $"RegexValues is only supported for 'host-header' and 'path-pattern' conditions; use {configName}");
            ok = false;
        }
        else if (condition.RegexValues is not null && hasConfig)
        {
            context.Add(resource, $"{prefix}.RegexValues", $"Specify either RegexValues or {configName}, not both");
            ok = false;
        }

        if (!RegexAllowed(field) && RegexValuesOf(condition) is not null)
        {
            context.Add(resource, $"{prefix}.{configName}.RegexValues", $"RegexValues is not supported for '{field}' conditions");
            ok = false;
        }

        if (condition.Values is not null)
        {
            if (!legacy)
            {
                context.Add(resource, $"{prefix}.Values", $"Values is only supported for 'host-header' and 'path-pattern' conditions; use {configName}");
                ok = false;
            }
            else if (hasConfig)
            {
                context.Add(resource, $"{prefix}.Values", $"Specify either Values or {configName}, not both");
                ok = false;
            }
        }
        else if (!hasConfig && condition.RegexValues is null)
        {
            context.Add(resource, prefix, $"{configName} is required for Field '{field}'");
            ok = false;
        }

        return ok;
    }

    /// <summary>RULE-14: regex matching exists for host-header, http-header and path-pattern only.</summary>
    private static bool RegexAllowed(string field) => field is "host-header" or "http-header" or "path-pattern";

    private static IReadOnlyList<string>? RegexValuesOf(RuleConditionConfig condition) =>
        condition.HttpRequestMethodConfig?.RegexValues ?? condition.SourceIpConfig?.RegexValues;

    /// <summary>Per-rule running totals for the RULE-4 quotas.</summary>
    internal sealed class Totals
    {
        public int Values { get; set; }

        public int Wildcards { get; set; }
    }
}
