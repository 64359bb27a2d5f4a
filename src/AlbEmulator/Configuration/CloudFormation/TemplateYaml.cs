using System.Text.Json.Nodes;
using AlbEmulator.Configuration.Reading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// A CloudFormation template in YAML, turned into the JSON form CloudFormation itself uses: the short-form
/// tags become their long form (<c>!Ref X</c> → <c>{"Ref": "X"}</c>, <c>!GetAtt A.B</c> →
/// <c>{"Fn::GetAtt": ["A", "B"]}</c>, <c>!Sub</c> → <c>{"Fn::Sub": ...}</c>, <c>!Condition X</c> → <c>{"Condition": "X"}</c>).
/// </summary>
internal static class TemplateYaml
{
    /// <summary>Null and the template when the YAML parsed; otherwise the problem with its line.</summary>
    public static string? Parse(string yaml, out JsonNode? template)
    {
        template = null;
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
            return "A template is one YAML document";
        }

        try
        {
            template = Convert(stream.Documents[0].RootNode);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"Invalid YAML: {e.Message}";
        }
    }

    private static JsonNode? Convert(YamlNode node) => YamlConfig.Convert(node, ShortForm);

    /// <summary>A short-form tag becomes its long form; a tagged scalar stays a string, as CloudFormation reads it.</summary>
    private static JsonNode? ShortForm(YamlNode node, JsonNode? plain)
    {
        var tag = node.Tag.IsEmpty ? "" : node.Tag.Value;
        if (!tag.StartsWith('!') || tag.Length < 2)
        {
            return plain;
        }

        var name = tag[1..];
        var inner = node is YamlScalarNode scalar ? JsonValue.Create(scalar.Value ?? "") : plain;
        return name switch
        {
            "Ref" or "Condition" => new JsonObject { [name] = inner },
            "GetAtt" when inner is JsonValue value && value.TryGetValue<string>(out var text) && text.IndexOf('.') is > 0 and var dot =>
                new JsonObject { ["Fn::GetAtt"] = new JsonArray(text[..dot], text[(dot + 1)..]) },
            _ => new JsonObject { ["Fn::" + name] = inner },
        };
    }
}
