using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AlbEmulator.Configuration.Terraform;

/// <summary>
/// One resource instance of a plan or state: its absolute address (<c>module.web.aws_lb.front[0]</c>), the module
/// instance it is in, its values, what is unknown until apply (the plan's <c>after_unknown</c>) and its configuration
/// expressions (with the <c>references</c> that say which resource an unknown value comes from).
/// </summary>
internal sealed partial record TerraformResource(
    string Address,
    string Module,
    string Type,
    string Name,
    string? Index,
    JsonObject Values,
    JsonNode? Unknown,
    JsonObject? Expressions)
{
    public string Label => Address;

    /// <summary>The module address without instance keys (<c>module.web[0]</c> → <c>module.web</c>).</summary>
    public static string WithoutIndexes(string address) => InstanceKey().Replace(address, "");

    /// <summary>The value at a path of attribute names and block indexes; null when absent, null or unknown.</summary>
    public JsonNode? Value(params object[] path)
    {
        JsonNode? node = Values;
        foreach (var step in path)
        {
            node = step switch
            {
                string key => (node as JsonObject)?[key],
                int index => node is JsonArray array && index < array.Count ? array[index] : null,
                _ => null,
            };
        }

        return node;
    }

    public string? Text(params object[] path) => Value(path) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : null,
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };

    /// <summary>The nested blocks at a path (a block is a JSON array of objects; a single-nested one an object).</summary>
    public IReadOnlyList<JsonObject> Blocks(params object[] path) => Value(path) switch
    {
        JsonArray array => array.OfType<JsonObject>().ToList(),
        JsonObject obj => [obj],
        _ => [],
    };

    /// <summary>Whether the value at the path is known only after apply (<c>after_unknown</c> is true there or above).</summary>
    public bool IsUnknown(params object[] path)
    {
        var node = Unknown;
        foreach (var step in path)
        {
            if (node is JsonValue flag && flag.GetValueKind() == JsonValueKind.True)
            {
                return true;
            }

            node = step switch
            {
                string key => (node as JsonObject)?[key],
                int index => node is JsonArray array && index < array.Count ? array[index] : null,
                _ => null,
            };
        }

        return node is JsonValue last && last.GetValueKind() == JsonValueKind.True;
    }

    /// <summary>
    /// The configuration's references for the expression at the path (<c>aws_lb.front.arn</c>, <c>aws_lb.front</c>, ...).
    /// Blocks of a set (forward target groups, say) have no stable order, so an element is matched by its constant attributes.
    /// </summary>
    public IReadOnlyList<string> References(params object[] path)
    {
        JsonNode? expression = Expressions;
        JsonNode? value = Values;
        foreach (var step in path)
        {
            switch (step)
            {
                case string key:
                    expression = (expression as JsonObject)?[key];
                    value = (value as JsonObject)?[key];
                    break;
                case int index:
                    var element = value is JsonArray values && index < values.Count ? values[index] as JsonObject : null;
                    expression = expression is JsonArray blocks ? MatchBlock(blocks, element, index) : expression;
                    value = element;
                    break;
            }
        }

        return (expression as JsonObject)?["references"] is JsonArray references
            ? references.Select(r => r is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
            : [];
    }

    private static JsonNode? MatchBlock(JsonArray blocks, JsonObject? element, int index)
    {
        if (element is not null)
        {
            var matching = blocks.OfType<JsonObject>().Where(block => block.All(p =>
                p.Value is not JsonObject expression || expression["constant_value"] is not { } constant
                || (element[p.Key] is { } actual && JsonNode.DeepEquals(actual, constant)))).ToList();
            if (matching.Count == 1)
            {
                return matching[0];
            }
        }

        return index < blocks.Count ? blocks[index] : blocks.Count == 1 ? blocks[0] : null;
    }

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex InstanceKey();
}
