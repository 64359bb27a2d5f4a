using System.Text.Json;
using AlbEmulator.Configuration.Reading;
using AlbEmulator.Utilities;

namespace AlbEmulator.Configuration;

/// <summary>
/// Reads a config file (docs/configuration.md) into <see cref="AlbConfig"/>. Every problem becomes
/// a <see cref="ConfigError"/> (invalid JSON, wrong types, unknown properties, missing file); this
/// never throws for bad input. The records are built by hand so that each error names its path.
/// It does not validate values: run <see cref="AlbConfigValidator"/> on the result.
/// </summary>
public static class AlbConfigReader
{
    private const string Document = "Config";

    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    /// <summary>The largest config file read (4 MiB); anything larger is reported, not loaded.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Reads a JSON or YAML file (by extension, else by content), at most <see cref="MaxFileBytes"/>.</summary>
    public static ConfigReadResult ReadFile(string path)
    {
        if (ConfigFileText.Read(path, MaxFileBytes, out var text) is { } problem)
        {
            return new ConfigReadResult(null, [new ConfigError(Document, "", problem)]);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return ReadText(text, directory, path);
    }

    /// <summary>
    /// Reads a config document in JSON or YAML: YAML when <paramref name="fileName"/> ends in .yaml or .yml, or
    /// when the text does not start (after blanks and comments) with <c>{</c>; otherwise JSON.
    /// </summary>
    public static ConfigReadResult ReadText(string text, string baseDirectory, string? fileName = null)
    {
        if (!YamlConfig.IsYaml(text, fileName))
        {
            return ReadJson(text, baseDirectory);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new ConfigReadResult(null, [new ConfigError(Document, "", "The config is empty")]);
        }

        return YamlConfig.ToJson(text, out var json) is { } yamlError
            ? new ConfigReadResult(null, [new ConfigError(Document, "", yamlError)])
            : ReadJson(json, baseDirectory);
    }

    public static ConfigReadResult ReadJson(string json, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new ConfigReadResult(null, [new ConfigError(Document, "", "The config is empty")]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            // LineNumber and BytePositionInLine are zero-based.
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
            return new ConfigReadResult(null, [new ConfigError(Document, "", $"Invalid JSON{where}: {FirstSentence(e.Message)}")]);
        }

        using (document)
        {
            var errors = new List<ConfigError>();
            var root = JsonObjectReader.Open(document.RootElement, errors, Document, "");
            if (root is null)
            {
                return new ConfigReadResult(null, errors);
            }

            var config = ReadRoot(root, errors) with { BaseDirectory = baseDirectory };
            root.Finish();
            return new ConfigReadResult(config, errors);
        }
    }

    private static AlbConfig ReadRoot(JsonObjectReader root, List<ConfigError> errors)
    {
        // Editors find the JSON Schema (schema/alb-emulator.schema.json) through it; the emulator ignores it.
        root.Property("$schema");
        var loadBalancer = root.Property("LoadBalancer") is { } lbElement
            ? ReadLoadBalancer(lbElement, errors)
            : new LoadBalancerConfig();

        var listeners = root.List("Listeners", (item, path, index) =>
            ReadResource(item, errors, ResourceNames.Listener(ListenerReader.PeekInt(item, "Port"), index), path,
                o => ListenerReader.Read(o, errors)));

        var targetGroups = root.List("TargetGroups", (item, path, index) =>
            ReadResource(item, errors, ResourceNames.TargetGroup(PeekString(item, "Name"), index), path, TargetGroupReader.Read));

        var identityProvider = root.Property("IdentityProvider") is { } idpElement
            ? ReadResource(idpElement, errors, "IdentityProvider", "IdentityProvider", AuthenticationReader.ReadIdentityProvider)
            : null;

        var trustStores = root.List("TrustStores", (item, path, index) =>
            ReadResource(item, errors, ResourceNames.TrustStore(PeekString(item, "Name"), index), path, TrustStoreReader.Read));

        // config-format §4: "LoadBalancers": [ { ..., "Listeners": [...] } ], any number of them. An empty list
        // starts the emulator with no load balancer (CreateLoadBalancer makes one).
        var loadBalancers = root.List("LoadBalancers", (item, path, index) =>
            ReadResource(item, errors, ResourceNames.LoadBalancer(PeekString(item, "Name")), path, o => ReadLoadBalancerFields(o) with
            {
                Listeners = o.List("Listeners", (listener, listenerPath, listenerIndex) =>
                    ReadResource(listener, errors, ResourceNames.Listener(ListenerReader.PeekInt(listener, "Port"), listenerIndex), listenerPath,
                        l => ListenerReader.Read(l, errors))) ?? ValueList<ListenerConfig>.Empty,
            }));

        // [ext] "Certificates": { "<certificate ARN>": { "CertificateFile": ..., "PrivateKeyFile": ... } }: the local PEM
        // files of ACM/IAM certificates named by ARN (listeners, AddListenerCertificates), as in the overrides file.
        var localCertificates = root.Property("Certificates") is { } certificatesElement
            ? ReadLocalCertificates(certificatesElement, errors)
            : null;

        if (loadBalancers is not null && (root.Property("LoadBalancer") is not null || listeners is not null))
        {
            errors.Add(new ConfigError(Document, "LoadBalancers", "Use either 'LoadBalancers' or the single-load-balancer shape ('LoadBalancer' and top-level 'Listeners'), not both"));
        }

        return new AlbConfig
        {
            IdentityProvider = identityProvider,
            LoadBalancers = loadBalancers ?? ValueList.Of(loadBalancer with { Listeners = listeners ?? ValueList<ListenerConfig>.Empty }),
            TargetGroups = targetGroups ?? ValueList<TargetGroupConfig>.Empty,
            TrustStores = trustStores ?? ValueList<TrustStoreConfig>.Empty,
            LocalCertificates = localCertificates ?? ValueList<CertificateConfig>.Empty,
            Waf = WafConfigReader.Read(root, errors),
        };
    }

    private static ValueList<CertificateConfig>? ReadLocalCertificates(JsonElement element, List<ConfigError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ConfigError(Document, "Certificates", JsonObjectReader.TypeMessage("Object", element)));
            return null;
        }

        var certificates = new List<CertificateConfig>();
        foreach (var property in element.EnumerateObject())
        {
            var certificate = ReadResource(property.Value, errors, $"Certificates.{property.Name}", $"Certificates.{property.Name}", o => new CertificateConfig
            {
                CertificateArn = property.Name,
                CertificateFile = o.String("CertificateFile"),
                PrivateKeyFile = o.String("PrivateKeyFile"),
            });
            if (certificate is not null)
            {
                certificates.Add(certificate);
            }
        }

        return certificates.ToValueList();
    }

    private static LoadBalancerConfig ReadLoadBalancerFields(JsonObjectReader o) => new()
    {
        Name = o.String("Name"),
        Scheme = o.String("Scheme"),
        IpAddressType = o.String("IpAddressType"),
        WebACLName = o.String("WebACLName"),
        LoadBalancerAttributes = o.ObjectList("LoadBalancerAttributes", TargetGroupReader.ReadAttribute)
            ?? ValueList<AttributeConfig>.Empty,
    };

    private static LoadBalancerConfig ReadLoadBalancer(JsonElement element, List<ConfigError> errors) =>
        ReadResource(element, errors, ResourceNames.LoadBalancer(PeekString(element, "Name")), "LoadBalancer", ReadLoadBalancerFields) ?? new LoadBalancerConfig();

    /// <summary>Reads one resource object; when it is not an object the error names its document path.</summary>
    private static T? ReadResource<T>(JsonElement element, List<ConfigError> errors, string resource, string documentPath, Func<JsonObjectReader, T> read)
        where T : class
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ConfigError(Document, documentPath, JsonObjectReader.TypeMessage("Object", element)));
            return null;
        }

        var reader = JsonObjectReader.Open(element, errors, resource, "")!;
        var result = read(reader);
        reader.Finish();
        return result;
    }

    private static string? PeekString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd();
    }
}
