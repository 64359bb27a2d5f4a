using System.Text.Json;
using System.Text.Json.Nodes;
using AlbEmulator.Configuration.Reading;

namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// The <c>--overrides</c> file (config-format.md §6): what only the laptop knows. Keys are CloudFormation logical ids,
/// Terraform addresses or names. <c>LoadBalancers.&lt;id&gt;.Listeners.&lt;port&gt;.Port</c> moves a listener
/// (<c>LoadBalancers.&lt;id&gt;.LoadBalancerAttributes</c> adds or replaces attributes, <c>.Scheme</c>/<c>.IpAddressType</c>
/// replace the template's); <c>TargetGroups.&lt;id&gt;.Targets</c>
/// replaces a group's targets; <c>Certificates.&lt;ARN or address&gt;</c> gives PEM files; <c>Functions.&lt;id&gt;.LambdaEndpoint</c>
/// serves a Lambda function; [ext] <c>TrustStores.&lt;id&gt;</c> gives the CA bundle and CRL files, <c>Imports</c> gives
/// <c>Fn::ImportValue</c> exports, <c>Region</c> and <c>AccountId</c> the pseudo parameters.
/// </summary>
internal sealed record TemplateOverrides
{
    private static readonly string[] Known = ["LoadBalancers", "TargetGroups", "Certificates", "Functions", "TrustStores", "Imports", "Region", "AccountId"];

    public JsonObject LoadBalancers { get; init; } = [];

    public JsonObject TargetGroups { get; init; } = [];

    public JsonObject Certificates { get; init; } = [];

    public JsonObject Functions { get; init; } = [];

    public JsonObject TrustStores { get; init; } = [];

    public Dictionary<string, string> Imports { get; init; } = new(StringComparer.Ordinal);

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "123456789012";

    /// <summary>Directory that relative certificate paths in the overrides are resolved against.</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>The entry of <paramref name="section"/> under the first of <paramref name="keys"/> that has one.</summary>
    public static JsonObject? Find(JsonObject section, params string?[] keys) =>
        keys.OfType<string>().Select(k => section[k]).OfType<JsonObject>().FirstOrDefault();

    /// <summary>The PEM files of a <c>Certificates</c> entry, as absolute paths (relative ones are relative to the overrides file).</summary>
    public JsonObject? LocalCertificate(params string?[] keys)
    {
        if (Find(Certificates, keys) is not { } local)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var key in new[] { "CertificateFile", "PrivateKeyFile" })
        {
            if (local[key] is JsonValue file && file.TryGetValue<string>(out var relative))
            {
                result[key] = Path.GetFullPath(relative, BaseDirectory);
            }
        }

        return result;
    }

    /// <summary>
    /// A trust store of a template or plan, named <paramref name="name"/>, with its CA bundle and CRLs from
    /// <c>TrustStores.&lt;key&gt;</c> (paths made absolute); reported as running, and as unmapped without them
    /// (<paramref name="overrideKey"/> is the key the report suggests).
    /// </summary>
    public JsonObject TrustStore(string label, string name, string overrideKey, string?[] keys, List<string> running, List<string> unmapped)
    {
        var store = new JsonObject { ["Name"] = name };
        if (Find(TrustStores, keys) is not { } local)
        {
            unmapped.Add($"{label}: the CA bundle is in S3; give it as TrustStores.{overrideKey}.CaCertificatesBundleFile in the overrides file");
            running.Add($"{label} as trust store '{name}'");
            return store;
        }

        if (local["CaCertificatesBundleFile"] is JsonValue bundle && bundle.TryGetValue<string>(out var bundlePath))
        {
            store["CaCertificatesBundleFile"] = Path.GetFullPath(bundlePath, BaseDirectory);
        }

        if (local["RevocationFiles"] is JsonArray files)
        {
            store["RevocationFiles"] = new JsonArray([.. files.Select(f => f is JsonValue v && v.TryGetValue<string>(out var s) ? (JsonNode)Path.GetFullPath(s, BaseDirectory) : f?.DeepClone())]);
        }

        running.Add($"{label} as trust store '{name}' with the CA bundle from the overrides");
        return store;
    }

    /// <summary>The local endpoint of a Lambda function (<c>Functions.&lt;id&gt;.LambdaEndpoint</c>).</summary>
    public string? LambdaEndpoint(params string?[] keys) =>
        Find(Functions, keys)?["LambdaEndpoint"] is JsonValue v && v.TryGetValue<string>(out var endpoint) ? endpoint : null;

    /// <summary>
    /// Sets a load balancer's <c>Scheme</c> and <c>IpAddressType</c> (config-format.md §2): [ext] the overrides entry's
    /// (<c>LoadBalancers.&lt;id&gt;.Scheme</c>/<c>.IpAddressType</c>) when it has one, else the template's value
    /// (<paramref name="declared"/>, null when absent or unknown). Returns what the report says: "internal, dualstack".
    /// </summary>
    public static string Placement(JsonObject loadBalancer, JsonObject? loadBalancerOverride, Func<string, string?> declared)
    {
        foreach (var key in PlacementKeys)
        {
            if (Setting(loadBalancerOverride, key, declared) is { } value)
            {
                loadBalancer[key] = value;
            }
        }

        return $"{loadBalancer["Scheme"]?.GetValue<string>() ?? "internet-facing"}, {loadBalancer["IpAddressType"]?.GetValue<string>() ?? "ipv4"}";
    }

    /// <summary>One placement setting (<c>Scheme</c> or <c>IpAddressType</c>): the overrides entry's, else the declared one.</summary>
    public static string? Setting(JsonObject? loadBalancerOverride, string key, Func<string, string?> declared) =>
        loadBalancerOverride?[key] is JsonValue given && given.TryGetValue<string>(out var value) ? value : declared(key);

    private static readonly string[] PlacementKeys = ["Scheme", "IpAddressType"];

    /// <summary>A load balancer's attributes with <c>LoadBalancers.&lt;id&gt;.LoadBalancerAttributes</c> of the overrides added or replacing (by <c>Key</c>).</summary>
    public static JsonArray MergeAttributes(JsonArray? attributes, JsonObject? loadBalancerOverride)
    {
        var merged = new JsonArray();
        var replaced = (loadBalancerOverride?["LoadBalancerAttributes"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var keys = replaced.Select(a => a["Key"]?.ToJsonString()).ToHashSet();
        foreach (var attribute in attributes ?? [])
        {
            if (attribute is not JsonObject obj || !keys.Contains(obj["Key"]?.ToJsonString()))
            {
                merged.Add(attribute?.DeepClone());
            }
        }

        foreach (var attribute in replaced)
        {
            merged.Add(attribute.DeepClone());
        }

        return merged;
    }

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
            Functions = Section("Functions"),
            TrustStores = Section("TrustStores"),
            Imports = imports,
            Region = Scalar("Region", "us-east-1"),
            AccountId = Scalar("AccountId", "123456789012"),
            BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory(),
        };
    }
}
