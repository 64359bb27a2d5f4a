using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AlbEmulator.Configuration.Reading;

/// <summary>
/// The emulator document in YAML (config-format.md §1): the same keys and values as the JSON form,
/// converted to JSON and read by the same reader, so every message is the same. Plain scalars
/// become numbers, booleans or null where YAML 1.2's core schema says so; quoted scalars stay strings.
/// </summary>
internal static class YamlConfig
{
    public static bool IsYaml(string text, string? fileName)
    {
        var extension = fileName is null ? "" : Path.GetExtension(fileName);
        if (extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (trimmed.IsEmpty || trimmed.StartsWith("//") || trimmed.StartsWith("/*"))
            {
                continue;
            }

            return trimmed[0] is not '{' and not '[';
        }

        return false;
    }

    /// <summary>Null and the JSON text when the YAML parsed; otherwise the problem with its line and column.</summary>
    public static string? ToJson(string yaml, out string json)
    {
        json = "";
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is YamlException nested ? nested.Message : e.Message;
            return $"Invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {inner}";
        }

        if (stream.Documents.Count != 1)
        {
            return stream.Documents.Count == 0 ? "The config is empty" : $"The YAML file has {stream.Documents.Count} documents; a config is one document";
        }

        try
        {
            json = Convert(stream.Documents[0].RootNode)?.ToJsonString() ?? "null";
        }
        catch (ArgumentException e)
        {
            return $"Invalid YAML: {e.Message}";
        }

        return null;
    }

    /// <summary>
    /// The node as JSON. <paramref name="wrap"/>, when given, sees every node with its plain conversion and returns
    /// what stands in its place (CloudFormation's short-form tags use it).
    /// </summary>
    internal static JsonNode? Convert(YamlNode node, Func<YamlNode, JsonNode?, JsonNode?>? wrap = null) =>
        wrap is null ? ConvertPlain(node, null) : wrap(node, ConvertPlain(node, wrap));

    private static JsonNode? ConvertPlain(YamlNode node, Func<YamlNode, JsonNode?, JsonNode?>? wrap)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? "" : throw new ArgumentException($"line {key.Start.Line}: a key must be a plain name");
                    if (obj.ContainsKey(name))
                    {
                        throw new ArgumentException($"line {key.Start.Line}: duplicate key '{name}'");
                    }

                    obj[name] = Convert(value, wrap);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, wrap));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new ArgumentException($"line {node.Start.Line}: aliases are not supported");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && value.Any(char.IsDigit))
        {
            // JSON's text of the number (shortest round trip), parsed back: the node reads as any numeric type the value fits.
            return JsonNode.Parse(JsonValue.Create(number).ToJsonString());
        }

        return JsonValue.Create(value);
    }
}
