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
    private const string TrustStoreType = Elb + "TrustStore";
    private const string TrustStoreRevocationType = Elb + "TrustStoreRevocation";
    private const string Wafv2 = "AWS::WAFv2::";
    private const string WebAclType = Wafv2 + "WebACL";
    private const string WebAclAssociationType = Wafv2 + "WebACLAssociation";
    private const string IpSetType = Wafv2 + "IPSet";
    private const string RegexPatternSetType = Wafv2 + "RegexPatternSet";
    private const string FunctionType = "AWS::Lambda::Function";

    private static readonly string[] ListenerProperties = ["Port", "Protocol", "SslPolicy", "Certificates", "DefaultActions", "MutualAuthentication", "ListenerAttributes"];
    private static readonly string[] RuleProperties = ["Priority", "Conditions", "Actions", "Transforms"];
    private static readonly string[] WebAclProperties = ["DefaultAction", "Rules", "VisibilityConfig", "CustomResponseBodies"];
    private static readonly string[] IpSetProperties = ["IPAddressVersion", "Addresses"];
    private static readonly string[] RegexPatternSetProperties = ["RegularExpressionList"];

    private static readonly string[] TargetGroupProperties =
    [
        "Name", "Protocol", "ProtocolVersion", "Port", "TargetType", "HealthCheckEnabled", "HealthCheckPath", "HealthCheckPort",
        "HealthCheckProtocol", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount",
        "UnhealthyThresholdCount", "Matcher", "IpAddressType", "TargetGroupAttributes",
    ];

    /// <summary>Properties that only matter in AWS (networking, tags); dropped without a note.</summary>
    private static readonly string[] AwsOnlyProperties =
        ["Tags", "Subnets", "Description", "SubnetMappings", "SecurityGroups", "VpcId", "LoadBalancerArn", "ListenerArn", "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic", "EnablePrefixForIpv6SourceNat"];

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

    /// <summary>A resource; <paramref name="CdkPath"/> is the construct path CDK records (<c>Metadata."aws:cdk:path"</c>) without <c>/Resource</c>.</summary>
    private sealed record Resource(string Id, string Type, JsonObject Properties, string? Condition, string? CdkPath = null)
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
        private readonly Dictionary<string, bool> _internal = new(StringComparer.Ordinal);
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
                    var cdkPath = resource["Metadata"]?["aws:cdk:path"] is JsonValue p && p.TryGetValue<string>(out var path) ? path : null;
                    if (cdkPath is not null && cdkPath.EndsWith("/Resource", StringComparison.Ordinal))
                    {
                        cdkPath = cdkPath[..^"/Resource".Length];
                    }

                    _resources[id] = new Resource(id, typeName, resource["Properties"] as JsonObject ?? [], resource["Condition"] is JsonValue c && c.TryGetValue<string>(out var cn) ? cn : null, cdkPath);
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
            var listeners = new List<Resource>();
            var rules = new List<Resource>();
            var listenerCertificates = new List<Resource>();
            var associations = new List<Resource>();
            var document = new TemplateDocument();
            document.AddLocalCertificates(_overrides);
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
                        listeners.Add(resource);
                        break;
                    case RuleType:
                        rules.Add(resource);
                        break;
                    case ListenerCertificateType:
                        listenerCertificates.Add(resource);
                        break;
                    case TargetGroupType:
                        document.TargetGroups.Add((JsonNode)TargetGroup(resource));
                        break;
                    case TrustStoreType:
                        document.TrustStores.Add((JsonNode)TrustStore(resource));
                        break;
                    case TrustStoreRevocationType:
                        _skipped.Add($"{resource.Label}: revocation lists live in S3; give them as TrustStores.<id>.RevocationFiles in the overrides file");
                        break;
                    case WebAclType when Text(resource, "Scope") is { } scope && scope != "REGIONAL":
                        _skipped.Add($"{resource.Label}: a {scope} web ACL, not one for a load balancer");
                        inactive.Add(resource.Id);
                        break;
                    case WebAclType:
                        document.WebACLs.Add((JsonNode)Waf(resource, WebAclProperties, "web ACL"));
                        break;
                    case IpSetType:
                        document.IPSets.Add((JsonNode)Waf(resource, IpSetProperties, "IP set"));
                        break;
                    case RegexPatternSetType:
                        document.RegexPatternSets.Add((JsonNode)Waf(resource, RegexPatternSetProperties, "regex pattern set"));
                        break;
                    case WebAclAssociationType:
                        associations.Add(resource);
                        break;
                    case FunctionType:
                        Function(resource);
                        break;
                    case var type when type.StartsWith(Elb, StringComparison.Ordinal) || type.StartsWith(Wafv2, StringComparison.Ordinal):
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

            var listenersOf = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
            var lbObjects = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var loadBalancer in loadBalancers)
            {
                var lbOverride = LoadBalancerOverride(loadBalancer);
                var lb = new JsonObject { ["Name"] = NameOf(loadBalancer) };
                var attributes = TemplateOverrides.MergeAttributes(Property(loadBalancer, "LoadBalancerAttributes") as JsonArray, lbOverride);
                if (attributes.Count > 0)
                {
                    lb["LoadBalancerAttributes"] = attributes;
                }

                var placement = TemplateOverrides.Placement(lb, lbOverride, property => Declared(loadBalancer, property));
                NoteIgnored(loadBalancer, ["Name", "LoadBalancerAttributes", "Type", "Scheme", "IpAddressType"]);
                listenersOf[loadBalancer.Id] = document.AddLoadBalancer(lb);
                lbObjects[loadBalancer.Id] = lb;
                _running.Add($"{loadBalancer.Label} as load balancer '{NameOf(loadBalancer)}' ({placement})");
            }

            foreach (var association in associations)
            {
                WebAclAssociation(association, lbObjects, inactive);
            }

            var byListener = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var resource in listeners)
            {
                var owner = RefTarget(resource.Properties["LoadBalancerArn"]);
                if (owner is not null && inactive.Contains(owner))
                {
                    _skipped.Add($"{resource.Label}: belongs to skipped load balancer '{owner}'");
                    inactive.Add(resource.Id);
                    continue;
                }

                var loadBalancer = owner is not null && _resources.TryGetValue(owner, out var named) && named.Type == LoadBalancerType ? named
                    : owner is null && loadBalancers.Count == 1 ? loadBalancers[0]
                    : null;
                if (loadBalancer is null)
                {
                    _errors.Add(new ConfigError(resource.Label, "Properties.LoadBalancerArn", "Must name a load balancer of this template (Ref to an AWS::ElasticLoadBalancingV2::LoadBalancer)"));
                    continue;
                }

                var listener = Copy(resource, ListenerProperties);
                listener["Rules"] = new JsonArray();
                Certificates(listener["Certificates"] as JsonArray);
                MutualAuthentication(resource, listener);
                var port = listener["Port"]?.ToJsonString();
                if (port is not null && LoadBalancerOverride(loadBalancer)?["Listeners"]?[port.Trim('"')]?["Port"] is { } moved)
                {
                    listener["Port"] = moved.DeepClone();
                    _running.Add($"{resource.Label} as listener {listener["Port"]!.ToJsonString()} (template port {port.Trim('"')}, moved by the overrides)");
                }
                else
                {
                    _running.Add($"{resource.Label} as listener {port?.Trim('"') ?? "(no port)"}");
                }

                NoteIgnored(resource, ListenerProperties);
                listenersOf[loadBalancer.Id].Add((JsonNode)listener);
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
                    Certificates(added);
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
                    ((JsonArray)listener["Rules"]!).Add((JsonNode)Copy(resource, RuleProperties));
                    NoteIgnored(resource, RuleProperties);
                    _running.Add($"{resource.Label} as rule {Property(resource, "Priority")?.ToJsonString().Trim('"') ?? "(no priority)"}");
                }
            }

            return document.Read(_baseDirectory, _errors, _running, _skipped, _unmapped);
        }

        private JsonObject TrustStore(Resource resource)
        {
            NoteIgnored(resource, ["Name", "CaCertificatesBundleS3Bucket", "CaCertificatesBundleS3Key", "CaCertificatesBundleS3ObjectVersion"]);
            return _overrides.TrustStore(resource.Label, NameOf(resource), resource.Id, Keys(resource), _running, _unmapped);
        }

        /// <summary>A WAF resource in its CloudFormation vocabulary, which is the config's (config-format.md §5).</summary>
        private JsonObject Waf(Resource resource, string[] properties, string what)
        {
            var result = Copy(resource, properties);
            result["Name"] = NameOf(resource);
            ReferenceArns(result);
            NoteIgnored(resource, [.. properties, "Scope", "Description"]);
            _running.Add($"{resource.Label} as {what} '{NameOf(resource)}'");
            return result;
        }

        /// <summary>CloudFormation spells a reference statement's ARN <c>Arn</c>; the WAFv2 API (and the config) <c>ARN</c>.</summary>
        private static void ReferenceArns(JsonNode? node, string parent = "")
        {
            switch (node)
            {
                case JsonArray array:
                    foreach (var item in array)
                    {
                        ReferenceArns(item, parent);
                    }

                    break;
                case JsonObject obj:
                    if (parent.EndsWith("ReferenceStatement", StringComparison.Ordinal) && obj["Arn"] is { } arn && !obj.ContainsKey("ARN"))
                    {
                        obj.Remove("Arn");
                        obj["ARN"] = arn;
                    }

                    foreach (var (key, value) in obj.ToList())
                    {
                        ReferenceArns(value, key);
                    }

                    break;
            }
        }

        private void WebAclAssociation(Resource resource, Dictionary<string, JsonObject> loadBalancers, HashSet<string> inactive)
        {
            var lbId = RefTarget(resource.Properties["ResourceArn"]);
            var aclId = RefTarget(resource.Properties["WebACLArn"]);
            if (lbId is not null && inactive.Contains(lbId) || aclId is not null && inactive.Contains(aclId))
            {
                _skipped.Add($"{resource.Label}: associates a skipped resource");
            }
            else if (lbId is null || !loadBalancers.TryGetValue(lbId, out var lb))
            {
                _errors.Add(new ConfigError(resource.Label, "Properties.ResourceArn", "Must name an Application Load Balancer of this template (Ref to an AWS::ElasticLoadBalancingV2::LoadBalancer)"));
            }
            else if (aclId is null || !_resources.TryGetValue(aclId, out var acl) || acl.Type != WebAclType)
            {
                _errors.Add(new ConfigError(resource.Label, "Properties.WebACLArn", "Must name a web ACL of this template (Fn::GetAtt <AWS::WAFv2::WebACL>.Arn)"));
            }
            else
            {
                lb["WebACLName"] = NameOf(acl);
                _running.Add($"{resource.Label}: web ACL '{NameOf(acl)}' on load balancer '{lb["Name"]}'");
            }
        }

        private void Function(Resource resource)
        {
            var name = NameOf(resource);
            if (_overrides.LambdaEndpoint(Keys(resource)) is { } endpoint)
            {
                _running.Add($"{resource.Label} as Lambda function '{name}' served at {endpoint} (overrides)");
            }
            else
            {
                _unmapped.Add($"{resource.Label}: no local endpoint; give one as Functions.{resource.Id}.LambdaEndpoint in the overrides file");
            }
        }

        /// <summary>A listener's trust store given by Ref/GetAtt becomes <c>TrustStoreName</c>.</summary>
        private void MutualAuthentication(Resource resource, JsonObject listener)
        {
            if (listener["MutualAuthentication"] is JsonObject mutual
                && resource.Properties["MutualAuthentication"] is JsonObject raw
                && RefTarget(raw["TrustStoreArn"]) is { } storeId
                && _resources.TryGetValue(storeId, out var store)
                && store.Type == TrustStoreType)
            {
                mutual.Remove("TrustStoreArn");
                mutual["TrustStoreName"] = NameOf(store);
            }
        }

        private JsonObject TargetGroup(Resource resource)
        {
            var group = Copy(resource, TargetGroupProperties);
            var name = NameOf(resource);
            group["Name"] = name;
            group["TargetType"] ??= TargetTypes.Instance;
            NoteIgnored(resource, [.. TargetGroupProperties, "Targets"]);
            var targetOverride = TemplateOverrides.Find(_overrides.TargetGroups, Keys(resource));
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
                        if (LambdaTarget(resource, declared[i], i) is { } lambda)
                        {
                            foreach (var function in lambda)
                            {
                                targets.Add((JsonNode)function);
                            }

                            continue;
                        }

                        var target = _intrinsics.Resolve(declared[i]) as JsonObject;
                        var id = target?["Id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                        if (target is not null && id is not null && !id.StartsWith("i-", StringComparison.Ordinal) && !id.StartsWith("arn:", StringComparison.Ordinal))
                        {
                            targets.Add((JsonNode)target);
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

        /// <summary>
        /// A target naming a Lambda function of the template (<c>Fn::GetAtt Fn.Arn</c>, its ARN or name): served at the
        /// function's <c>Functions</c> override; null when the target is no such function.
        /// </summary>
        private JsonObject[]? LambdaTarget(Resource group, JsonNode? declared, int index)
        {
            var functionId = RefTarget((declared as JsonObject)?["Id"]);
            if (functionId is null || !_resources.TryGetValue(functionId, out var function) || function.Type != FunctionType)
            {
                var id = _intrinsics.Resolve((declared as JsonObject)?["Id"]) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                function = id is null ? null : _resources.Values.FirstOrDefault(r => r.Type == FunctionType && (AttributeOf(r.Id, "Arn") == id || NameOf(r) == id));
                if (function is null)
                {
                    return null;
                }
            }

            var name = NameOf(function);
            if (_overrides.LambdaEndpoint(Keys(function)) is { } endpoint)
            {
                return [new JsonObject { ["Id"] = name, ["LambdaEndpoint"] = endpoint }];
            }

            _unmapped.Add($"{group.Label} Targets[{index}]: Lambda function '{function.Id}' has no local endpoint; give one as Functions.{function.Id}.LambdaEndpoint in the overrides file");
            return [];
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

        private void Certificates(JsonArray? certificates)
        {
            foreach (var certificate in certificates?.OfType<JsonObject>() ?? [])
            {
                if (certificate["CertificateArn"] is JsonValue v && v.TryGetValue<string>(out var arn) && _overrides.LocalCertificate(arn) is { } local)
                {
                    certificate.Remove("CertificateArn");
                    foreach (var (key, value) in local)
                    {
                        certificate[key] = value?.DeepClone();
                    }
                }
            }
        }

        /// <summary>The keys an overrides entry can use for the resource: its logical id, its name, its CDK construct path.</summary>
        private string?[] Keys(Resource resource) => [resource.Id, NameOf(resource), resource.CdkPath];

        private JsonObject? LoadBalancerOverride(Resource loadBalancer) =>
            TemplateOverrides.Find(_overrides.LoadBalancers, Keys(loadBalancer));

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
            var nameProperty = resource.Type == FunctionType ? "FunctionName" : "Name";
            var name = resource.Properties.ContainsKey(nameProperty) && Text(resource, nameProperty) is { Length: > 0 } given
                ? given
                : new string(resource.Id.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(32).ToArray());
            _names[resource.Id] = name;
            return name;
        }

        private string? Declared(Resource resource, string property) =>
            resource.Properties.ContainsKey(property) ? Text(resource, property) : null;

        /// <summary>Whether the load balancer's scheme is <c>internal</c>, resolved once (a scheme that refers back to the load balancer reads as internet-facing).</summary>
        private bool IsInternal(Resource loadBalancer)
        {
            if (_internal.TryGetValue(loadBalancer.Id, out var known))
            {
                return known;
            }

            _internal[loadBalancer.Id] = false;
            return _internal[loadBalancer.Id] = TemplateOverrides.Setting(LoadBalancerOverride(loadBalancer), "Scheme", key => Declared(loadBalancer, key)) == "internal";
        }

        private string Hash(string id) =>
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_intrinsics.Pseudo.StackName + "/" + id)))[..16];

        private string Arn(string resource) =>
            $"arn:aws:elasticloadbalancing:{_intrinsics.Pseudo.Region}:{_intrinsics.Pseudo.AccountId}:{resource}";

        /// <summary>The load balancer's ARN, full name and DNS name as the running emulator reports them (Model/AwsIdentifiers).</summary>
        private Model.AwsIdentifiers IdentifiersOf(Resource lb) =>
            new(NameOf(lb), _intrinsics.Pseudo.Region, _intrinsics.Pseudo.AccountId, IsInternal(lb));

        private string LoadBalancerPart(Resource lb) => IdentifiersOf(lb).LoadBalancerFullName;

        /// <summary>The target group's ARN as the running emulator reports it (derived from its name).</summary>
        private string TargetGroupArn(Resource group) =>
            Model.AwsIdentifiers.TargetGroupArnOf(NameOf(group), _intrinsics.Pseudo.Region, _intrinsics.Pseudo.AccountId);

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
                LoadBalancerType => IdentifiersOf(resource).LoadBalancerArn,
                TargetGroupType => TargetGroupArn(resource),
                ListenerType => Arn($"listener/{(OwnerLoadBalancer(resource) is { } lb ? LoadBalancerPart(lb) : "app/unknown/0")}/{Hash(id)}"),
                RuleType => Arn($"listener-rule/app/{Hash(id)}"),
                TrustStoreType => Arn($"truststore/{NameOf(resource)}/{Hash(id)}"),
                WebAclType or IpSetType or RegexPatternSetType => $"{NameOf(resource)}|{Hash(id)}|REGIONAL",
                FunctionType => NameOf(resource),
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
                (LoadBalancerType, "DNSName") => IdentifiersOf(resource).DnsName,
                (LoadBalancerType, "CanonicalHostedZoneID") => "Z35SXDOTRQ7X7K",
                (TargetGroupType, "TargetGroupFullName") => TargetGroupArn(resource)[TargetGroupArn(resource).IndexOf("targetgroup/", StringComparison.Ordinal)..],
                (TrustStoreType, "TrustStoreArn") => RefOf(id),
                (TrustStoreType, "Status") => "ACTIVE",
                // WAF references (IPSetReferenceStatement.ARN, ...) take the set's name locally (docs/waf.md).
                (WebAclType or IpSetType or RegexPatternSetType, "Arn") => NameOf(resource),
                (WebAclType or IpSetType or RegexPatternSetType, "Id") => Hash(id),
                (FunctionType, "Arn") => $"arn:aws:lambda:{region}:{_intrinsics.Pseudo.AccountId}:function:{NameOf(resource)}",
                _ => throw new TemplateException($"Fn::GetAtt {id}.{attribute} ({resource.Type}) has no local value"),
            };
        }
    }
}
