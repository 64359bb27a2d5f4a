using System.Text.Json;
using System.Text.Json.Nodes;
using AlbEmulator.Configuration.CloudFormation;
using AlbEmulator.Configuration.Reading;

namespace AlbEmulator.Configuration.Terraform;

/// <summary>
/// Runs the JSON of <c>terraform show -json</c> (config-format.md §6; docs/infrastructure-as-code.md): a plan
/// (<c>planned_values</c>, with <c>resource_changes[].change.after_unknown</c> for values known only after apply and
/// <c>configuration</c> for the references between resources) or a state (<c>values</c>). Its <c>aws_lb</c>/<c>aws_alb</c>,
/// listener, rule, listener-certificate, target-group, attachment, trust-store and <c>aws_wafv2_*</c> resources become
/// the emulator's config document, which the ordinary reader and validator then check; everything else is skipped and
/// counted. HashiCorp documents the format as "JSON Output Format" (format_version 1.x).
/// </summary>
public static class TerraformPlan
{
    /// <summary>Whether the text is <c>terraform show -json</c> output: a JSON object with <c>format_version</c> and planned or state values.</summary>
    public static bool IsTerraformJson(string text)
    {
        if (!text.TrimStart().StartsWith('{'))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format_version", out _)
                && (root.TryGetProperty("planned_values", out _) || root.TryGetProperty("values", out _)
                    || root.TryGetProperty("resource_changes", out _) || root.TryGetProperty("terraform_version", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether the file is <c>terraform show -json</c> output; false when it cannot be read (the config reader then reports why).</summary>
    public static bool IsTerraformFile(string path) =>
        ConfigFileText.Read(path, AlbConfigReader.MaxFileBytes, out var text) is null && IsTerraformJson(text);

    /// <summary>Reads and translates a plan or state file with the <c>--overrides</c> file.</summary>
    public static TemplateTranslation ReadFile(string path, string? overridesPath)
    {
        if (ConfigFileText.Read(path, AlbConfigReader.MaxFileBytes, out var text) is { } problem)
        {
            return Failed(new ConfigError("Terraform", "", problem));
        }

        var errors = new List<ConfigError>();
        var overrides = TemplateOverrides.Read(overridesPath, errors);
        var translation = Translate(text, overrides, Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory());
        return errors.Count == 0 ? translation : translation with { Read = translation.Read with { Errors = [.. errors, .. translation.Read.Errors] } };
    }

    internal static TemplateTranslation Translate(string text, TemplateOverrides overrides, string baseDirectory)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
        }
        catch (JsonException e)
        {
            return Failed(new ConfigError("Terraform", "", "Invalid JSON: " + e.Message));
        }

        if (root is null)
        {
            return Failed(new ConfigError("Terraform", "", "The output of terraform show -json is an object"));
        }

        var version = root["format_version"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (version is null || !version.StartsWith("1.", StringComparison.Ordinal))
        {
            return Failed(new ConfigError("Terraform", "format_version", $"Format version '{version}' is not supported; AlbEmulator reads the JSON output format 1.x of terraform show -json"));
        }

        var isPlan = root["planned_values"] is JsonObject;
        var values = (isPlan ? root["planned_values"] : root["values"]) as JsonObject;
        var resources = new List<TerraformResource>();
        var unknown = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var change in (root["resource_changes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (change["address"]?.GetValue<string>() is { } address && change["change"] is JsonObject c)
            {
                unknown[address] = c["after_unknown"];
            }
        }

        var expressions = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        CollectConfiguration((root["configuration"] as JsonObject)?["root_module"] as JsonObject, "", expressions);
        CollectValues(values?["root_module"] as JsonObject, "", resources, unknown, expressions);
        return new TerraformTranslator(resources, overrides, baseDirectory, isPlan).Run();
    }

    private static void CollectValues(JsonObject? module, string moduleAddress, List<TerraformResource> into, Dictionary<string, JsonNode?> unknown, Dictionary<string, JsonObject> expressions)
    {
        if (module is null)
        {
            return;
        }

        foreach (var resource in (module["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var address = Text(resource["address"]);
            var type = Text(resource["type"]);
            var name = Text(resource["name"]);
            if (address is null || type is null || name is null || Text(resource["mode"]) == "data")
            {
                continue;
            }

            var configKey = TerraformResource.WithoutIndexes(moduleAddress) + (moduleAddress.Length > 0 ? "." : "") + type + "." + name;
            into.Add(new TerraformResource(
                address,
                moduleAddress,
                type,
                name,
                resource["index"]?.ToJsonString(),
                resource["values"] as JsonObject ?? [],
                unknown.GetValueOrDefault(address),
                expressions.GetValueOrDefault(configKey)));
        }

        foreach (var child in (module["child_modules"] as JsonArray ?? []).OfType<JsonObject>())
        {
            CollectValues(child, Text(child["address"]) ?? moduleAddress, into, unknown, expressions);
        }
    }

    private static void CollectConfiguration(JsonObject? module, string prefix, Dictionary<string, JsonObject> into)
    {
        if (module is null)
        {
            return;
        }

        foreach (var resource in (module["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Text(resource["type"]) is { } type && Text(resource["name"]) is { } name && resource["expressions"] is JsonObject expressions)
            {
                into[prefix + type + "." + name] = expressions;
            }
        }

        foreach (var (call, node) in module["module_calls"] as JsonObject ?? [])
        {
            CollectConfiguration((node as JsonObject)?["module"] as JsonObject, prefix + "module." + call + ".", into);
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static TemplateTranslation Failed(ConfigError error) => new(new ConfigReadResult(null, [error]), [], [], []);
}
