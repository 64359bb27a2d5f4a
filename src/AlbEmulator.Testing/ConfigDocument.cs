using System.Text.Json;
using System.Text.Json.Nodes;
using AlbEmulator.Configuration;

namespace AlbEmulator.Testing;

/// <summary>The fixture's config as a JSON document it can edit (targets, in-memory apps) and re-read.</summary>
internal sealed class ConfigDocument
{
    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public ConfigDocument(JsonObject root, string baseDirectory)
    {
        Root = root;
        BaseDirectory = baseDirectory;
    }

    public JsonObject Root { get; }

    public string BaseDirectory { get; }

    public static ConfigDocument Parse(string json, string baseDirectory)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: ReadOptions);
        }
        catch (JsonException e)
        {
            throw new AlbConfigException([new ConfigError("Config", "", "Not valid JSON: " + e.Message)]);
        }

        return node is JsonObject root
            ? new ConfigDocument(root, baseDirectory)
            : throw new AlbConfigException([new ConfigError("Config", "", "The config must be a JSON object")]);
    }

    public string ToJson() => Root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The named target group's JSON object; throws when the config has no such group.</summary>
    public JsonObject TargetGroup(string name)
    {
        if (Root["TargetGroups"] is JsonArray groups)
        {
            foreach (var group in groups.OfType<JsonObject>())
            {
                if (group["Name"] is JsonValue value && value.TryGetValue<string>(out var groupName) && string.Equals(groupName, name, StringComparison.OrdinalIgnoreCase))
                {
                    return group;
                }
            }
        }

        throw new ArgumentException($"The config has no target group named '{name}'.", nameof(name));
    }

    public static JsonArray Targets(JsonObject group)
    {
        if (group["Targets"] is JsonArray targets)
        {
            return targets;
        }

        targets = new JsonArray();
        group["Targets"] = targets;
        return targets;
    }

    public static JsonObject ToJson(AlbTarget target)
    {
        var json = new JsonObject { ["Id"] = target.Id };
        if (target.Port is { } port)
        {
            json["Port"] = port;
        }

        return json;
    }

    public static string? StringProperty(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Reads and validates the document the way the command line does.</summary>
    public AlbConfig Load()
    {
        var read = AlbConfigReader.ReadJson(ToJson(), BaseDirectory);
        var errors = AlbConfigValidator.Validate(read);
        return errors.Count > 0 ? throw new AlbConfigException(errors) : read.Config!;
    }
}
