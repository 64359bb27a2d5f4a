using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// A template's <c>Parameters</c> with their values: <c>--parameter KEY=VALUE</c>, else <c>Default</c>. Checks
/// <c>AllowedValues</c>, <c>AllowedPattern</c>, <c>MinValue</c>/<c>MaxValue</c> and the <c>Number</c> type; list types
/// (<c>CommaDelimitedList</c>, <c>List&lt;...&gt;</c>) become lists. Every problem is reported with the parameter named.
/// </summary>
internal static class TemplateParameters
{
    public static Dictionary<string, JsonNode> Resolve(JsonObject declared, IReadOnlyDictionary<string, string> given, List<ConfigError> errors)
    {
        var values = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var key in given.Keys.Where(k => !declared.ContainsKey(k)))
        {
            errors.Add(new ConfigError($"Parameter '{key}'", "", $"--parameter {key}: the template has no such parameter; it declares {(declared.Count == 0 ? "none" : string.Join(", ", declared.Select(p => $"'{p.Key}'")))}"));
        }

        foreach (var (name, node) in declared)
        {
            var resource = $"Parameter '{name}'";
            var definition = node as JsonObject ?? [];
            var type = Scalar(definition["Type"]) ?? "String";
            var value = given.TryGetValue(name, out var fromCommandLine) ? fromCommandLine : Scalar(definition["Default"]);
            if (value is null)
            {
                errors.Add(new ConfigError(resource, "", $"Has no Default; give a value with --parameter {name}=VALUE"));
                continue;
            }

            var isList = type == "CommaDelimitedList" || type.StartsWith("List<", StringComparison.Ordinal);
            var items = isList ? value.Split(',').Select(v => v.Trim()).ToArray() : [value];
            var allowed = (definition["AllowedValues"] as JsonArray)?.Select(Scalar).ToList();
            var pattern = Scalar(definition["AllowedPattern"]);
            foreach (var item in items)
            {
                if (allowed is not null && !allowed.Contains(item))
                {
                    errors.Add(new ConfigError(resource, "AllowedValues", $"Value '{item}' is not one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}"));
                }

                if (pattern is not null && !Regex.IsMatch(item, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    errors.Add(new ConfigError(resource, "AllowedPattern", $"Value '{item}' does not match '{pattern}'"));
                }

                if (type is "Number" or "List<Number>")
                {
                    if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        errors.Add(new ConfigError(resource, "Type", $"Value '{item}' is not a number"));
                    }
                    else if ((double.TryParse(Scalar(definition["MinValue"]), CultureInfo.InvariantCulture, out var min) && number < min)
                        || (double.TryParse(Scalar(definition["MaxValue"]), CultureInfo.InvariantCulture, out var max) && number > max))
                    {
                        errors.Add(new ConfigError(resource, "MinValue", $"Value '{item}' is outside {Scalar(definition["MinValue"]) ?? "-"}..{Scalar(definition["MaxValue"]) ?? "-"}"));
                    }
                }
            }

            values[name] = isList ? new JsonArray(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()) : JsonValue.Create(value);
        }

        return values;
    }

    private static string? Scalar(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };
}
