using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// Resolves CloudFormation's intrinsic functions and condition functions over a template's values
/// (JSON nodes): <c>Ref</c>, <c>Fn::GetAtt</c>, <c>Fn::Sub</c> (both forms), <c>Fn::Join</c>, <c>Fn::Select</c>,
/// <c>Fn::Split</c>, <c>Fn::If</c>, <c>Fn::Equals</c>/<c>And</c>/<c>Or</c>/<c>Not</c>, <c>Fn::FindInMap</c>,
/// <c>Fn::Base64</c>, <c>Fn::GetAZs</c>, <c>Fn::ImportValue</c> (from the overrides' <c>Imports</c>).
/// A value that has no local meaning throws <see cref="TemplateException"/> naming it.
/// <c>AWS::NoValue</c> removes the property or list item it stands in.
/// </summary>
internal sealed class Intrinsics
{
    private readonly IReadOnlyDictionary<string, JsonNode> _parameters;
    private readonly JsonObject _conditions;
    private readonly JsonObject _mappings;
    private readonly IReadOnlyDictionary<string, string> _imports;
    private readonly Func<string, string?> _resourceRef;
    private readonly Func<string, string, string?> _resourceAttribute;
    private readonly Dictionary<string, bool> _conditionValues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);

    public Intrinsics(
        IReadOnlyDictionary<string, JsonNode> parameters,
        JsonObject conditions,
        JsonObject mappings,
        IReadOnlyDictionary<string, string> imports,
        PseudoParameters pseudo,
        Func<string, string?> resourceRef,
        Func<string, string, string?> resourceAttribute)
    {
        _parameters = parameters;
        _conditions = conditions;
        _mappings = mappings;
        _imports = imports;
        Pseudo = pseudo;
        _resourceRef = resourceRef;
        _resourceAttribute = resourceAttribute;
    }

    public PseudoParameters Pseudo { get; }

    /// <summary>Stands in for <c>AWS::NoValue</c> until the enclosing object or list drops it.</summary>
    private static readonly string NoValueMarker = "\u0000AWS::NoValue";

    /// <summary>The value with every function resolved (a fresh node); null when the whole value is <c>AWS::NoValue</c>.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        var resolved = ResolveNode(node);
        return IsNoValue(resolved) ? null : resolved;
    }

    /// <summary>Whether the named condition (template <c>Conditions</c>) holds.</summary>
    public bool Condition(string name)
    {
        if (_conditionValues.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!_conditions.TryGetPropertyValue(name, out var definition))
        {
            throw new TemplateException($"Condition '{name}' is not defined in Conditions");
        }

        if (!_evaluating.Add(name))
        {
            throw new TemplateException($"Condition '{name}' refers to itself");
        }

        var value = EvaluateCondition(definition);
        _evaluating.Remove(name);
        _conditionValues[name] = value;
        return value;
    }

    private static bool IsNoValue(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text == NoValueMarker;

    private JsonNode? ResolveNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                var list = new JsonArray();
                foreach (var item in array)
                {
                    var resolved = ResolveNode(item);
                    if (!IsNoValue(resolved))
                    {
                        list.Add(resolved);
                    }
                }

                return list;
            case JsonObject obj when obj.Count == 1 && IsFunction(obj.First().Key):
                var (name, argument) = obj.First();
                return Function(name, argument);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var resolved = ResolveNode(value);
                    if (!IsNoValue(resolved))
                    {
                        copy[key] = resolved;
                    }
                }

                return copy;
            default:
                return node?.DeepClone();
        }
    }

    private static bool IsFunction(string key) => key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal);

    private JsonNode? Function(string name, JsonNode? argument)
    {
        switch (name)
        {
            case "Ref":
                return Ref(Text(argument, "Ref"));
            case "Fn::GetAtt":
                var parts = argument is JsonArray { Count: 2 } pair
                    ? (Text(ResolveNode(pair[0]), name), Text(ResolveNode(pair[1]), name))
                    : Text(argument, name).Split('.', 2) is [var id, var attribute] ? (id, attribute) : throw new TemplateException("Fn::GetAtt takes [LogicalId, Attribute]");
                return JsonValue.Create(GetAtt(parts.Item1, parts.Item2));
            case "Fn::Sub":
                return JsonValue.Create(Sub(argument));
            case "Fn::Join":
                var join = Args(argument, name, 2);
                var items = ResolveNode(join[1]) as JsonArray ?? throw new TemplateException("Fn::Join takes [delimiter, [values]]");
                return JsonValue.Create(string.Join(Text(ResolveNode(join[0]), name), items.Select(i => Text(i, name))));
            case "Fn::Select":
                var select = Args(argument, name, 2);
                var index = int.TryParse(Text(ResolveNode(select[0]), name), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw new TemplateException("Fn::Select index is not a number");
                var from = ResolveNode(select[1]) as JsonArray ?? throw new TemplateException("Fn::Select takes [index, [values]]");
                return index < from.Count ? from[index]?.DeepClone() : throw new TemplateException($"Fn::Select index {index} is past the end of a list of {from.Count}");
            case "Fn::Split":
                var split = Args(argument, name, 2);
                var delimiter = Text(ResolveNode(split[0]), name);
                if (delimiter.Length == 0)
                {
                    throw new TemplateException("Fn::Split needs a delimiter");
                }

                return new JsonArray(Text(ResolveNode(split[1]), name).Split(delimiter).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            case "Fn::If":
                var branches = Args(argument, name, 3);
                return ResolveNode(Condition(Text(branches[0], name)) ? branches[1] : branches[2]);
            case "Fn::Equals" or "Fn::And" or "Fn::Or" or "Fn::Not":
                return JsonValue.Create(EvaluateCondition(new JsonObject { [name] = argument?.DeepClone() }));
            case "Fn::FindInMap":
                var find = Args(argument, name, 3);
                var (map, top, second) = (Text(ResolveNode(find[0]), name), Text(ResolveNode(find[1]), name), Text(ResolveNode(find[2]), name));
                var found = (_mappings[map] as JsonObject ?? throw new TemplateException($"Mapping '{map}' is not defined in Mappings"))[top] is JsonObject level
                    ? level[second] ?? throw new TemplateException($"Mapping '{map}' has no key '{second}' under '{top}'")
                    : throw new TemplateException($"Mapping '{map}' has no key '{top}'");
                return found.DeepClone();
            case "Fn::Base64":
                return JsonValue.Create(System.Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(ResolveNode(argument), name))));
            case "Fn::GetAZs":
                var region = Text(ResolveNode(argument), name);
                region = region.Length == 0 ? Pseudo.Region : region;
                return new JsonArray(JsonValue.Create(region + "a"), JsonValue.Create(region + "b"), JsonValue.Create(region + "c"));
            case "Fn::ImportValue":
                var export = Text(ResolveNode(argument), name);
                return _imports.TryGetValue(export, out var imported)
                    ? JsonValue.Create(imported)
                    : throw new TemplateException($"Fn::ImportValue '{export}' comes from another stack; give its value in the overrides file under \"Imports\"");
            default:
                throw new TemplateException($"{name} is not supported");
        }
    }

    private JsonNode? Ref(string name)
    {
        if (_parameters.TryGetValue(name, out var parameter))
        {
            return parameter.DeepClone();
        }

        if (name == "AWS::NoValue")
        {
            return JsonValue.Create(NoValueMarker);
        }

        if (Pseudo.Get(name) is { } pseudo)
        {
            return pseudo.DeepClone();
        }

        return JsonValue.Create(_resourceRef(name));
    }

    private string GetAtt(string id, string attribute) => _resourceAttribute(id, attribute)
        ?? throw new TemplateException($"Fn::GetAtt {id}.{attribute} has no local value");

    private string Sub(JsonNode? argument)
    {
        string format;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (argument is JsonArray { Count: 2 } pair)
        {
            format = Text(pair[0], "Fn::Sub");
            foreach (var (key, value) in pair[1] as JsonObject ?? throw new TemplateException("Fn::Sub takes a string or [string, {variables}]"))
            {
                variables[key] = Text(ResolveNode(value), "Fn::Sub");
            }
        }
        else
        {
            format = Text(argument, "Fn::Sub");
        }

        var result = new StringBuilder();
        var position = 0;
        while (position < format.Length)
        {
            var start = format.IndexOf("${", position, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            var end = format.IndexOf('}', start);
            if (end < 0)
            {
                break;
            }

            result.Append(format, position, start - position);
            var name = format[(start + 2)..end];
            if (name.StartsWith('!'))
            {
                result.Append("${").Append(name[1..]).Append('}');
            }
            else if (variables.TryGetValue(name, out var variable))
            {
                result.Append(variable);
            }
            else if (name.IndexOf('.') is > 0 and var dot && !_parameters.ContainsKey(name))
            {
                result.Append(GetAtt(name[..dot], name[(dot + 1)..]));
            }
            else
            {
                result.Append(Text(Ref(name), "Fn::Sub"));
            }

            position = end + 1;
        }

        return result.Append(format, position, format.Length - position).ToString();
    }

    private bool EvaluateCondition(JsonNode? node)
    {
        if (node is JsonObject { Count: 1 } obj)
        {
            var (name, argument) = obj.First();
            switch (name)
            {
                case "Condition":
                    return Condition(Text(argument, name));
                case "Fn::Equals":
                    var pair = Args(argument, name, 2);
                    return Comparable(ResolveNode(pair[0])) == Comparable(ResolveNode(pair[1]));
                case "Fn::And":
                    var all = argument as JsonArray ?? throw new TemplateException("Fn::And takes a list of conditions");
                    return all.Count is >= 2 and <= 10 ? all.All(EvaluateCondition) : throw new TemplateException("Fn::And takes 2 to 10 conditions");
                case "Fn::Or":
                    var any = argument as JsonArray ?? throw new TemplateException("Fn::Or takes a list of conditions");
                    return any.Count is >= 2 and <= 10 ? any.Any(EvaluateCondition) : throw new TemplateException("Fn::Or takes 2 to 10 conditions");
                case "Fn::Not":
                    return !EvaluateCondition(Args(argument, name, 1)[0]);
            }
        }

        var resolved = ResolveNode(node);
        return resolved is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : resolved is JsonValue text && text.TryGetValue<string>(out var s) && bool.TryParse(s, out var b)
                ? b
                : throw new TemplateException("A condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or a Condition reference");
    }

    private static string Comparable(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        null => "",
        _ => node.ToJsonString(),
    };

    private static JsonArray Args(JsonNode? argument, string name, int count) =>
        argument is JsonArray array && array.Count == count ? array : throw new TemplateException($"{name} takes a list of {count}");

    /// <summary>A scalar as the string CloudFormation would use (numbers and booleans as written).</summary>
    public static string Text(JsonNode? node, string where) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text == NoValueMarker ? throw new TemplateException($"{where}: AWS::NoValue is not a value") : text,
        JsonValue value => value.ToJsonString(),
        _ => throw new TemplateException($"{where} needs a string here, not {(node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}"),
    };
}
