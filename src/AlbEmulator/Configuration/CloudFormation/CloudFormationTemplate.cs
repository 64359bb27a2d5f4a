using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlbEmulator.Configuration.Reading;

namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// Runs a CloudFormation template (config-format.md §6; docs/infrastructure-as-code.md): its
/// <c>AWS::ElasticLoadBalancingV2::LoadBalancer</c>, <c>Listener</c>, <c>ListenerRule</c>, <c>ListenerCertificate</c>
/// and <c>TargetGroup</c> resources become the emulator's config document, which the ordinary reader and
/// validator then check. Everything else is skipped and counted.
/// </summary>
public static partial class CloudFormationTemplate
{
    private const string Elb = "AWS::ElasticLoadBalancingV2::";
    private const string LoadBalancerType = Elb + "LoadBalancer";
    private const string ListenerType = Elb + "Listener";
    private const string RuleType = Elb + "ListenerRule";
    private const string ListenerCertificateType = Elb + "ListenerCertificate";
    private const string TargetGroupType = Elb + "TargetGroup";

    private static readonly string[] ListenerProperties = ["Port", "Protocol", "SslPolicy", "Certificates", "DefaultActions"];
    private static readonly string[] RuleProperties = ["Priority", "Conditions", "Actions"];

    private static readonly string[] TargetGroupProperties =
    [
        "Name", "Protocol", "ProtocolVersion", "Port", "TargetType", "HealthCheckEnabled", "HealthCheckPath", "HealthCheckPort",
        "HealthCheckProtocol", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount",
        "UnhealthyThresholdCount", "Matcher", "IpAddressType", "TargetGroupAttributes",
    ];

    /// <summary>Properties that only matter in AWS (networking, tags); dropped without a note.</summary>
    private static readonly string[] AwsOnlyProperties =
        ["Tags", "Subnets", "SubnetMappings", "SecurityGroups", "Scheme", "VpcId", "IpAddressType", "LoadBalancerArn", "ListenerArn", "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic", "EnablePrefixForIpv6SourceNat"];

    private static readonly HashSet<string> IntKeys = ["Port", "Priority", "Order", "Weight", "DurationSeconds", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount", "UnhealthyThresholdCount"];
    private static readonly HashSet<string> BoolKeys = ["HealthCheckEnabled", "Enabled"];
    private static readonly HashSet<string> StringKeys = ["HealthCheckPort", "StatusCode", "Value", "Key", "HttpCode", "GrpcCode", "MessageBody"];

    /// <summary>Whether the text is a CloudFormation template (a top-level <c>Resources</c> or <c>AWSTemplateFormatVersion</c>) rather than an emulator config.</summary>
    public static bool IsTemplate(string text, string? fileName)
    {
        if (YamlConfig.IsYaml(text, fileName))
        {
            return TopLevelYamlKey().IsMatch(text);
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("Resources", out _) || document.RootElement.TryGetProperty("AWSTemplateFormatVersion", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether the file is a CloudFormation template; false when it cannot be read (the config reader then reports why).</summary>
    public static bool IsTemplateFile(string path) =>
        ConfigFileText.Read(path, AlbConfigReader.MaxFileBytes, out var text) is null && IsTemplate(text, path);

    [GeneratedRegex(@"^(Resources|AWSTemplateFormatVersion)\s*:", RegexOptions.Multiline)]
    private static partial Regex TopLevelYamlKey();

    /// <summary>Reads and translates a template file; <paramref name="parameters"/> are the <c>--parameter KEY=VALUE</c> values.</summary>
    public static TemplateTranslation ReadFile(string path, string? overridesPath, IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new List<ConfigError>();
        if (ConfigFileText.Read(path, AlbConfigReader.MaxFileBytes, out var text) is { } problem)
        {
            return Failed(new ConfigError("Template", "", problem));
        }

        var overrides = TemplateOverrides.Read(overridesPath, errors);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        var translation = Translate(text, path, overrides, parameters, directory);
        return errors.Count == 0 ? translation : translation with { Read = translation.Read with { Errors = [.. errors, .. translation.Read.Errors] } };
    }

    internal static TemplateTranslation Translate(string text, string fileName, TemplateOverrides overrides, IReadOnlyDictionary<string, string> parameters, string baseDirectory)
    {
        JsonNode? root;
        if (YamlConfig.IsYaml(text, fileName))
        {
            if (TemplateYaml.Parse(text, out root) is { } yamlError)
            {
                return Failed(new ConfigError("Template", "", yamlError));
            }
        }
        else
        {
            try
            {
                root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException e)
            {
                return Failed(new ConfigError("Template", "", "Invalid JSON: " + e.Message));
            }
        }

        if (root is not JsonObject template || template["Resources"] is not JsonObject)
        {
            return Failed(new ConfigError("Template", "Resources", "A template needs a Resources object"));
        }

        var stackName = Path.GetFileNameWithoutExtension(fileName).Replace(".template", "", StringComparison.Ordinal);
        return new Translator(template, overrides, parameters, baseDirectory, new PseudoParameters(overrides.Region, overrides.AccountId, stackName)).Run();
    }

    private static TemplateTranslation Failed(ConfigError error) => new(new ConfigReadResult(null, [error]), [], [], []);

    private sealed record Resource(string Id, string Type, JsonObject Properties, string? Condition)
    {
        public string Label => $"{Type["AWS::".Length..]} '{Id}'";
    }

    private sealed class Translator
    {
        private readonly JsonObject _template;
        private readonly TemplateOverrides _overrides;
        private readonly string _baseDirectory;
        private readonly List<ConfigError> _errors = [];
        private readonly List<string> _running = [];
        private readonly List<string> _skipped = [];
        private readonly List<string> _unmapped = [];
        private readonly Dictionary<string, Resource> _resources = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
        private readonly Intrinsics _intrinsics;

        public Translator(JsonObject template, TemplateOverrides overrides, IReadOnlyDictionary<string, string> parameters, string baseDirectory, PseudoParameters pseudo)
        {
            _template = template;
            _overrides = overrides;
            _baseDirectory = baseDirectory;
            foreach (var (id, node) in (JsonObject)template["Resources"]!)
            {
                if (node is JsonObject resource && resource["Type"] is JsonValue type && type.TryGetValue<string>(out var typeName))
                {
                    _resources[id] = new Resource(id, typeName, resource["Properties"] as JsonObject ?? [], resource["Condition"] is JsonValue c && c.TryGetValue<string>(out var cn) ? cn : null);
                }
                else
                {
                    _errors.Add(new ConfigError($"Resource '{id}'", "Type", "A resource needs a Type"));
                }
            }

            _intrinsics = new Intrinsics(
                TemplateParameters.Resolve(template["Parameters"] as JsonObject ?? [], parameters, _errors),
                template["Conditions"] as JsonObject ?? [],
                template["Mappings"] as JsonObject ?? [],
                overrides.Imports,
                pseudo,
                RefOf,
                AttributeOf);
        }

        public TemplateTranslation Run()
        {
            var loadBalancers = new List<Resource>();
            var listeners = new List<(Resource Resource, JsonObject Config)>();
            var rules = new List<Resource>();
            var listenerCertificates = new List<Resource>();
            var targetGroups = new List<JsonObject>();
            var others = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var inactive = new HashSet<string>(StringComparer.Ordinal);

            foreach (var resource in _resources.Values)
            {
                if (resource.Condition is { } condition && !Guard(resource, "Condition", () => _intrinsics.Condition(condition)))
                {
                    _skipped.Add($"{resource.Label}: condition '{condition}' is false");
                    inactive.Add(resource.Id);
                    continue;
                }

                switch (resource.Type)
                {
                    case LoadBalancerType when Text(resource, "Type") is { } lbType && lbType != "application":
                        _skipped.Add($"{resource.Label}: a {lbType} load balancer, not an Application Load Balancer");
                        inactive.Add(resource.Id);
                        break;
                    case LoadBalancerType:
                        loadBalancers.Add(resource);
                        break;
                    case ListenerType:
                        listeners.Add((resource, []));
                        break;
                    case RuleType:
                        rules.Add(resource);
                        break;
                    case ListenerCertificateType:
                        listenerCertificates.Add(resource);
                        break;
                    case TargetGroupType:
                        targetGroups.Add(TargetGroup(resource));
                        break;
                    case var type when type.StartsWith(Elb, StringComparison.Ordinal):
                        _skipped.Add($"{resource.Label}: not supported yet");
                        break;
                    default:
                        others[resource.Type] = others.GetValueOrDefault(resource.Type) + 1;
                        break;
                }
            }

            if (others.Count > 0)
            {
                _skipped.Add($"{others.Values.Sum()} other resource{(others.Values.Sum() == 1 ? "" : "s")} not run locally: {string.Join(", ", others.Select(o => o.Value == 1 ? o.Key : $"{o.Key} x{o.Value}"))}");
            }

            var document = new JsonObject();
            if (loadBalancers.Count > 1)
            {
                _errors.Add(new ConfigError("Template", "Resources", $"The template has {loadBalancers.Count} Application Load Balancers ({string.Join(", ", loadBalancers.Select(l => l.Id))}); this build runs one per template"));
            }

            var loadBalancer = loadBalancers.FirstOrDefault();
            if (loadBalancer is not null)
            {
                var lb = new JsonObject { ["Name"] = NameOf(loadBalancer) };
                if (Property(loadBalancer, "LoadBalancerAttributes") is { } attributes)
                {
                    lb["LoadBalancerAttributes"] = attributes;
                }

                NoteIgnored(loadBalancer, ["Name", "LoadBalancerAttributes", "Type"]);
                document["LoadBalancer"] = lb;
                _running.Add($"{loadBalancer.Label} as load balancer '{NameOf(loadBalancer)}'");
            }

            var listenerArray = new JsonArray();
            var byListener = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var (resource, _) in listeners)
            {
                var owner = RefTarget(resource.Properties["LoadBalancerArn"]);
                if (owner is not null && inactive.Contains(owner))
                {
                    _skipped.Add($"{resource.Label}: belongs to skipped load balancer '{owner}'");
                    inactive.Add(resource.Id);
                    continue;
                }

                var listener = Copy(resource, ListenerProperties);
                listener["Rules"] = new JsonArray();
                Certificates(resource, listener["Certificates"] as JsonArray);
                var port = listener["Port"]?.ToJsonString();
                if (port is not null && loadBalancer is not null && LoadBalancerOverride(loadBalancer)?["Listeners"]?[port.Trim('"')]?["Port"] is { } moved)
                {
                    listener["Port"] = moved.DeepClone();
                    _running.Add($"{resource.Label} as listener {listener["Port"]!.ToJsonString()} (template port {port.Trim('"')}, moved by the overrides)");
                }
                else
                {
                    _running.Add($"{resource.Label} as listener {port?.Trim('"') ?? "(no port)"}");
                }

                NoteIgnored(resource, ListenerProperties);
                listenerArray.Add(listener);
                byListener[resource.Id] = listener;
            }

            foreach (var resource in listenerCertificates)
            {
                if (ListenerOf(resource, byListener, inactive) is { } listener)
                {
                    if (listener["Certificates"] is not JsonArray list)
                    {
                        listener["Certificates"] = list = [];
                    }

                    var added = Property(resource, "Certificates") as JsonArray ?? [];
                    Certificates(resource, added);
                    foreach (var certificate in added)
                    {
                        list.Add(certificate?.DeepClone());
                    }

                    _running.Add($"{resource.Label} ({added.Count} certificate{(added.Count == 1 ? "" : "s")})");
                }
            }

            foreach (var resource in rules)
            {
                if (ListenerOf(resource, byListener, inactive) is { } listener)
                {
                    ((JsonArray)listener["Rules"]!).Add(Copy(resource, RuleProperties));
                    NoteIgnored(resource, RuleProperties);
                    _running.Add($"{resource.Label} as rule {Property(resource, "Priority")?.ToJsonString().Trim('"') ?? "(no priority)"}");
                }
            }

            document["Listeners"] = listenerArray;
            document["TargetGroups"] = new JsonArray([.. targetGroups]);
            Normalize(document);
            var read = AlbConfigReader.ReadJson(document.ToJsonString(), _baseDirectory);
            return new TemplateTranslation(read with { Errors = [.. _errors, .. read.Errors] }, _running, _skipped, _unmapped);
        }

        private JsonObject TargetGroup(Resource resource)
        {
            var group = Copy(resource, TargetGroupProperties);
            var name = NameOf(resource);
            group["Name"] = name;
            group["TargetType"] ??= TargetTypes.Instance;
            NoteIgnored(resource, [.. TargetGroupProperties, "Targets"]);
            var targetOverride = _overrides.TargetGroups[resource.Id] ?? _overrides.TargetGroups[name];
            var targets = new JsonArray();
            if (targetOverride?["Targets"] is JsonArray mapped)
            {
                foreach (var target in mapped)
                {
                    targets.Add(target?.DeepClone());
                }

                _running.Add($"{resource.Label} as target group '{name}' with {mapped.Count} target{(mapped.Count == 1 ? "" : "s")} from the overrides");
            }
            else
            {
                var declared = resource.Properties["Targets"] as JsonArray ?? [];
                for (var i = 0; i < declared.Count; i++)
                {
                    try
                    {
                        var target = _intrinsics.Resolve(declared[i]) as JsonObject;
                        var id = target?["Id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                        if (target is not null && id is not null && !id.StartsWith("i-", StringComparison.Ordinal) && !id.StartsWith("arn:", StringComparison.Ordinal))
                        {
                            targets.Add(target);
                            continue;
                        }

                        _unmapped.Add($"{resource.Label} Targets[{i}]: '{id}' has no local address; map the group in the overrides file under TargetGroups.{resource.Id}.Targets");
                    }
                    catch (TemplateException e)
                    {
                        _unmapped.Add($"{resource.Label} Targets[{i}]: {e.Message}; map the group in the overrides file under TargetGroups.{resource.Id}.Targets");
                    }
                }

                if (declared.Count == 0)
                {
                    _unmapped.Add($"{resource.Label}: no targets in the template (attached elsewhere, e.g. by an ECS service); map them in the overrides file under TargetGroups.{resource.Id}.Targets");
                }

                _running.Add($"{resource.Label} as target group '{name}' with {targets.Count} target{(targets.Count == 1 ? "" : "s")}");
            }

            group["Targets"] = targets;
            return group;
        }

        private JsonObject? ListenerOf(Resource resource, Dictionary<string, JsonObject> byListener, HashSet<string> inactive)
        {
            var listenerId = RefTarget(resource.Properties["ListenerArn"]);
            if (listenerId is null && Property(resource, "ListenerArn") is JsonValue arn && arn.TryGetValue<string>(out var arnText))
            {
                listenerId = byListener.Keys.FirstOrDefault(id => RefOf(id) == arnText);
            }

            if (listenerId is not null && byListener.TryGetValue(listenerId, out var listener))
            {
                return listener;
            }

            if (listenerId is not null && inactive.Contains(listenerId))
            {
                _skipped.Add($"{resource.Label}: belongs to skipped listener '{listenerId}'");
            }
            else
            {
                _errors.Add(new ConfigError(resource.Label, "Properties.ListenerArn", "Must name a listener of this template (Ref to an AWS::ElasticLoadBalancingV2::Listener)"));
            }

            return null;
        }

        private void Certificates(Resource resource, JsonArray? certificates)
        {
            foreach (var certificate in certificates?.OfType<JsonObject>() ?? [])
            {
                if (certificate["CertificateArn"] is JsonValue v && v.TryGetValue<string>(out var arn) && _overrides.Certificates[arn] is JsonObject local)
                {
                    certificate.Remove("CertificateArn");
                    foreach (var key in new[] { "CertificateFile", "PrivateKeyFile" })
                    {
                        if (local[key] is JsonValue file && file.TryGetValue<string>(out var relative))
                        {
                            certificate[key] = Path.GetFullPath(relative, _overrides.BaseDirectory);
                        }
                    }
                }
            }
        }

        private JsonNode? LoadBalancerOverride(Resource loadBalancer) =>
            _overrides.LoadBalancers[loadBalancer.Id] ?? _overrides.LoadBalancers[NameOf(loadBalancer)];

        private JsonObject Copy(Resource resource, string[] keys)
        {
            var result = new JsonObject();
            foreach (var key in keys)
            {
                if (resource.Properties.ContainsKey(key) && Property(resource, key) is { } value)
                {
                    result[key] = value;
                }
            }

            return result;
        }

        private void NoteIgnored(Resource resource, string[] used)
        {
            var ignored = resource.Properties.Select(p => p.Key).Where(k => !used.Contains(k) && !AwsOnlyProperties.Contains(k)).ToList();
            if (ignored.Count > 0)
            {
                _skipped.Add($"{resource.Label}: properties not emulated: {string.Join(", ", ignored)}");
            }
        }

        private JsonNode? Property(Resource resource, string key)
        {
            try
            {
                return _intrinsics.Resolve(resource.Properties[key]);
            }
            catch (TemplateException e)
            {
                _errors.Add(new ConfigError(resource.Label, "Properties." + key, e.Message));
                return null;
            }
        }

        private string? Text(Resource resource, string key) =>
            Property(resource, key) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        private bool Guard(Resource resource, string field, Func<bool> evaluate)
        {
            try
            {
                return evaluate();
            }
            catch (TemplateException e)
            {
                _errors.Add(new ConfigError(resource.Label, field, e.Message));
                return false;
            }
        }

        private static string? RefTarget(JsonNode? node) =>
            node is JsonObject { Count: 1 } obj && obj["Ref"] is JsonValue v && v.TryGetValue<string>(out var id) ? id
            : node is JsonObject { Count: 1 } get && get["Fn::GetAtt"] is JsonArray { Count: 2 } pair && pair[0] is JsonValue g && g.TryGetValue<string>(out var gid) ? gid
            : null;

        /// <summary>The resource's name: its <c>Name</c> property, else its logical id (at most 32 characters, as ELBv2 names).</summary>
        private string NameOf(Resource resource)
        {
            if (_names.TryGetValue(resource.Id, out var known))
            {
                return known;
            }

            _names[resource.Id] = resource.Id;
            var name = resource.Properties.ContainsKey("Name") && Text(resource, "Name") is { Length: > 0 } given
                ? given
                : new string(resource.Id.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(32).ToArray());
            _names[resource.Id] = name;
            return name;
        }

        private string Hash(string id) =>
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_intrinsics.Pseudo.StackName + "/" + id)))[..16];

        private string Arn(string resource) =>
            $"arn:aws:elasticloadbalancing:{_intrinsics.Pseudo.Region}:{_intrinsics.Pseudo.AccountId}:{resource}";

        private string LoadBalancerPart(Resource lb) => $"app/{NameOf(lb)}/{Hash(lb.Id)}";

        private Resource? OwnerLoadBalancer(Resource listener) =>
            RefTarget(listener.Properties["LoadBalancerArn"]) is { } id && _resources.TryGetValue(id, out var lb) ? lb
            : _resources.Values.FirstOrDefault(r => r.Type == LoadBalancerType);

        private string RefOf(string id)
        {
            if (!_resources.TryGetValue(id, out var resource))
            {
                throw new TemplateException($"Ref '{id}': no parameter, pseudo parameter or resource has that name");
            }

            return resource.Type switch
            {
                LoadBalancerType => Arn("loadbalancer/" + LoadBalancerPart(resource)),
                TargetGroupType => Arn($"targetgroup/{NameOf(resource)}/{Hash(id)}"),
                ListenerType => Arn($"listener/{(OwnerLoadBalancer(resource) is { } lb ? LoadBalancerPart(lb) : "app/unknown/0")}/{Hash(id)}"),
                RuleType => Arn($"listener-rule/app/{Hash(id)}"),
                _ => throw new TemplateException($"Ref '{id}' ({resource.Type}) has no local value"),
            };
        }

        private string? AttributeOf(string id, string attribute)
        {
            if (!_resources.TryGetValue(id, out var resource))
            {
                throw new TemplateException($"Fn::GetAtt '{id}': no resource has that name");
            }

            var region = _intrinsics.Pseudo.Region;
            return (resource.Type, attribute) switch
            {
                (LoadBalancerType, "LoadBalancerArn") or (TargetGroupType, "TargetGroupArn") or (ListenerType, "ListenerArn") or (RuleType, "RuleArn") => RefOf(id),
                (LoadBalancerType, "LoadBalancerName") or (TargetGroupType, "TargetGroupName") => NameOf(resource),
                (LoadBalancerType, "LoadBalancerFullName") => LoadBalancerPart(resource),
                (LoadBalancerType, "DNSName") => $"{NameOf(resource)}-{Hash(id)[..10]}.{region}.elb.amazonaws.com",
                (LoadBalancerType, "CanonicalHostedZoneID") => "Z35SXDOTRQ7X7K",
                (TargetGroupType, "TargetGroupFullName") => $"targetgroup/{NameOf(resource)}/{Hash(id)}",
                _ => throw new TemplateException($"Fn::GetAtt {id}.{attribute} ({resource.Type}) has no local value"),
            };
        }
    }

    /// <summary>Template values become the JSON types the config reader expects (CloudFormation accepts "80" for 80 and 80 for "80").</summary>
    private static void Normalize(JsonNode? node, string parent = "")
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Normalize(item, parent);
                }

                break;
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var value = obj[key];
                    if (value is JsonValue scalar)
                    {
                        var kind = scalar.GetValueKind();
                        var isInt = IntKeys.Contains(key) && parent != "RedirectConfig";
                        if (isInt && kind == JsonValueKind.String && int.TryParse(scalar.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                        {
                            obj[key] = number;
                        }
                        else if (BoolKeys.Contains(key) && kind == JsonValueKind.String && bool.TryParse(scalar.GetValue<string>(), out var flag))
                        {
                            obj[key] = flag;
                        }
                        else if ((StringKeys.Contains(key) || (key == "Port" && parent == "RedirectConfig")) && kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                        {
                            obj[key] = scalar.ToJsonString();
                        }
                    }
                    else
                    {
                        Normalize(value, key);
                    }
                }

                break;
        }
    }
}
