using System.Text.Json;
using System.Text.Json.Nodes;
using AlbEmulator.Configuration.Reading;

namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// The <c>--overrides</c> file (config-format.md §6): what only the laptop knows. Keys are logical ids or names.
/// <c>LoadBalancers.&lt;id&gt;.Listeners.&lt;port&gt;.Port</c> moves a listener; <c>TargetGroups.&lt;id&gt;.Targets</c>
/// replaces a group's targets; <c>Certificates.&lt;ARN&gt;</c> gives PEM files; [ext] <c>Imports</c> gives
/// <c>Fn::ImportValue</c> exports, <c>Region</c> and <c>AccountId</c> the pseudo parameters.
/// </summary>
internal sealed record TemplateOverrides
{
    private static readonly string[] Known = ["LoadBalancers", "TargetGroups", "Certificates", "Functions", "Imports", "Region", "AccountId"];

    public JsonObject LoadBalancers { get; init; } = [];

    public JsonObject TargetGroups { get; init; } = [];

    public JsonObject Certificates { get; init; } = [];

    public Dictionary<string, string> Imports { get; init; } = new(StringComparer.Ordinal);

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "123456789012";

    /// <summary>Directory that relative certificate paths in the overrides are resolved against.</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    public static TemplateOverrides Read(string? path, List<ConfigError> errors)
    {
        const string Document = "Overrides";
        if (path is null)
        {
            return new TemplateOverrides();
        }

        if (ConfigFileText.Read(path, AlbConfigReader.MaxFileBytes, out var text) is { } problem)
        {
            errors.Add(new ConfigError(Document, "", problem.Replace("Config file", "Overrides file", StringComparison.Ordinal)));
            return new TemplateOverrides();
        }

        JsonNode? root;
        try
        {
            if (YamlConfig.IsYaml(text, path))
            {
                if (YamlConfig.ToJson(text, out var json) is { } yamlError)
                {
                    errors.Add(new ConfigError(Document, "", yamlError));
                    return new TemplateOverrides();
                }

                text = json;
            }

            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            errors.Add(new ConfigError(Document, "", "Invalid JSON: " + e.Message));
            return new TemplateOverrides();
        }

        if (root is not JsonObject obj)
        {
            errors.Add(new ConfigError(Document, "", "The overrides file must be an object"));
            return new TemplateOverrides();
        }

        foreach (var (key, _) in obj)
        {
            if (!Known.Contains(key))
            {
                errors.Add(new ConfigError(Document, key, $"Unknown key; expected one of {string.Join(", ", Known.Select(k => $"'{k}'"))}"));
            }
        }

        JsonObject Section(string name)
        {
            if (obj[name] is null)
            {
                return [];
            }

            if (obj[name] is JsonObject section)
            {
                return (JsonObject)section.DeepClone();
            }

            errors.Add(new ConfigError(Document, name, "Must be an object"));
            return [];
        }

        if (obj["Functions"] is not null)
        {
            errors.Add(new ConfigError(Document, "Functions", "Lambda functions in templates are not supported yet (docs/infrastructure-as-code.md); use a TargetGroups override with a LambdaEndpoint target"));
        }

        var imports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Section("Imports"))
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var s))
            {
                imports[key] = s;
            }
            else
            {
                errors.Add(new ConfigError(Document, "Imports." + key, "Must be a string"));
            }
        }

        string Scalar(string name, string fallback) =>
            obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : fallback;

        return new TemplateOverrides
        {
            LoadBalancers = Section("LoadBalancers"),
            TargetGroups = Section("TargetGroups"),
            Certificates = Section("Certificates"),
            Imports = imports,
            Region = Scalar("Region", "us-east-1"),
            AccountId = Scalar("AccountId", "123456789012"),
            BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory(),
        };
    }
}
