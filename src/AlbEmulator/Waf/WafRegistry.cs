using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlbEmulator.Configuration;

namespace AlbEmulator.Waf;

/// <summary>A WAFv2 API error (<c>__type</c> and message; HTTP 400).</summary>
public sealed class WafApiException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// The AWS WAF resources of the emulator — web ACLs, IP sets, regex pattern sets — and which web ACL is
/// associated with which load balancer. Loaded from the config document, changed by the WAFv2 API. The data
/// path reads <see cref="ForLoadBalancer"/>, an immutable snapshot swapped on every change. Definitions are
/// kept in the WAFv2 API shape (<c>SearchString</c> base64), which is what <c>GetWebACL</c> returns.
/// </summary>
public sealed class WafRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, WebAclEntry> _webAcls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SetEntry> _ipSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SetEntry> _regexSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _associations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RateCounter> _rateCounters = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, WebAcl> _byLoadBalancer = new Dictionary<string, WebAcl>();

    public WafRegistry(string region = Model.AwsIdentifiers.DefaultRegion, string accountId = Model.AwsIdentifiers.DefaultAccountId)
    {
        Region = region;
        AccountId = accountId;
    }

    public string Region { get; }

    public string AccountId { get; }

    public GeoTable Geo { get; private set; } = GeoTable.Empty;

    /// <summary>Managed rule groups that are referenced but have no local rules (logged at start).</summary>
    public IReadOnlyList<string> UnimplementedManagedGroups { get; private set; } = [];

    /// <summary>The web ACL associated with the load balancer, or null (the request is not sent to WAF).</summary>
    public WebAcl? ForLoadBalancer(string loadBalancerName) => _byLoadBalancer.GetValueOrDefault(loadBalancerName);

    public bool HasAssociations => _byLoadBalancer.Count > 0;

    /// <summary>The registry of a validated config (errors there are the validator's; here they throw).</summary>
    public static WafRegistry FromConfig(AlbConfig config, string? region = null, string? accountId = null)
    {
        var registry = new WafRegistry(region ?? Model.AwsIdentifiers.DefaultRegion, accountId ?? Model.AwsIdentifiers.DefaultAccountId);
        var errors = registry.Load(config);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid WAF configuration: " + string.Join("; ", errors.Select(e => $"{e.Resource}: {e.Field}: {e.Message}")));
        }

        return registry;
    }

    /// <summary>
    /// The config file was edited (ControlPlane/ConfigFileWatcher): the file replaces the whole configuration, so
    /// every web ACL, IP set, regex pattern set and association is dropped (API-made ones too, as for the ELBv2
    /// resources) and the document's WAF part loaded again. The config was validated before; errors are returned.
    /// </summary>
    public IReadOnlyList<ConfigError> ReloadFromConfig(AlbConfig config)
    {
        lock (_gate)
        {
            _webAcls.Clear();
            _ipSets.Clear();
            _regexSets.Clear();
            _associations.Clear();
            _rateCounters.Clear();
            return Load(config);
        }
    }

    /// <summary>Loads the document's WAF part; returns every problem as a config error (the validator's entry point).</summary>
    public IReadOnlyList<ConfigError> Load(AlbConfig config)
    {
        var errors = new List<ConfigError>();
        var waf = config.Waf;
        lock (_gate)
        {
            Geo = new GeoTable(waf.GeoLocations.Where(g => g.Cidr is not null && g.CountryCode is not null).Select(g => (g.Cidr!, g.CountryCode!, g.RegionCode)));
            for (var i = 0; i < waf.GeoLocations.Count; i++)
            {
                var g = waf.GeoLocations[i];
                if (g.Cidr is null || !Rules.IpNetwork.TryParse(g.Cidr, out _))
                {
                    errors.Add(new ConfigError("GeoLocations", $"[{i}].Cidr", $"'{g.Cidr}' is not an IP address or CIDR block"));
                }

                if (g.CountryCode is null || g.CountryCode.Length != 2 || !g.CountryCode.All(char.IsAsciiLetterUpper))
                {
                    errors.Add(new ConfigError("GeoLocations", $"[{i}].CountryCode", $"'{g.CountryCode}' is not an ISO 3166-1 alpha-2 code (two capital letters)"));
                }
            }

            for (var i = 0; i < waf.IPSets.Count; i++)
            {
                var resource = Named("IPSet", waf.IPSets[i].Name, "IPSets", i);
                var node = JsonNode.Parse(waf.IPSets[i].Json)!.AsObject();
                node.Remove("Scope");
                node.Remove("Tags");
                try
                {
                    AddSet(_ipSets, "ipset", node, ValidateIpSet, fromConfig: true);
                }
                catch (WafApiException e)
                {
                    errors.Add(new ConfigError(resource, "", e.Message));
                }
            }

            for (var i = 0; i < waf.RegexPatternSets.Count; i++)
            {
                var resource = Named("RegexPatternSet", waf.RegexPatternSets[i].Name, "RegexPatternSets", i);
                var node = JsonNode.Parse(waf.RegexPatternSets[i].Json)!.AsObject();
                node.Remove("Scope");
                node.Remove("Tags");
                if (node["RegularExpressionList"] is JsonArray list && list.All(x => x is JsonValue))
                {
                    // CloudFormation writes the patterns as strings; the API as { "RegexString": ... }.
                    node["RegularExpressionList"] = new JsonArray(list.Select(x => (JsonNode)new JsonObject { ["RegexString"] = x!.GetValue<string>() }).ToArray());
                }

                try
                {
                    AddSet(_regexSets, "regexpatternset", node, ValidateRegexSet, fromConfig: true);
                }
                catch (WafApiException e)
                {
                    errors.Add(new ConfigError(resource, "", e.Message));
                }
            }

            for (var i = 0; i < waf.WebACLs.Count; i++)
            {
                var resource = Named("WebACL", waf.WebACLs[i].Name, "WebACLs", i);
                var node = JsonNode.Parse(waf.WebACLs[i].Json)!.AsObject();
                node.Remove("Scope");
                node.Remove("Tags");
                SearchStringsToBase64(node);
                var name = node["Name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                if (name is not null && _webAcls.Values.Any(w => w.Name == name))
                {
                    errors.Add(new ConfigError(resource, "Name", $"duplicate web ACL name '{name}'"));
                    continue;
                }

                var id = StableId("webacl/" + name);
                var arn = Arn("webacl", name ?? "", id);
                var compileErrors = new List<WafDefinitionError>();
                var compiled = Compile(node, id, arn, compileErrors, out var references);
                errors.AddRange(compileErrors.Select(e => new ConfigError(resource, e.Path, e.Message)));
                if (compiled is not null)
                {
                    _webAcls[id] = new WebAclEntry(name!, id, arn, node, NewLockToken(), compiled) { References = references };
                }
            }

            foreach (var lb in config.LoadBalancers)
            {
                if (lb.WebACLName is not { } aclName)
                {
                    continue;
                }

                var entry = _webAcls.Values.FirstOrDefault(w => w.Name == aclName);
                if (entry is null)
                {
                    if (!errors.Any(e => e.Resource.StartsWith($"WebACL '{aclName}'", StringComparison.Ordinal)))
                    {
                        errors.Add(new ConfigError(ResourceNames.LoadBalancer(lb.Name), "WebACLName", $"no web ACL named '{aclName}' in WebACLs"));
                    }
                }
                else
                {
                    _associations[lb.EffectiveName] = entry.Id;
                }
            }

            Publish();
        }

        return errors;
    }

    private static string Named(string kind, string? name, string list, int index) =>
        string.IsNullOrEmpty(name) ? $"{list}[{index}]" : $"{kind} '{name}'";

    /// <summary>CloudFormation's <c>SearchString</c> is text and <c>SearchStringBase64</c> base64; the API's <c>SearchString</c> is base64.</summary>
    private static void SearchStringsToBase64(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["ByteMatchStatement"] is JsonObject byteMatch)
                {
                    if (byteMatch["SearchStringBase64"] is JsonNode b64)
                    {
                        byteMatch.Remove("SearchStringBase64");
                        byteMatch["SearchString"] = b64.DeepClone();
                    }
                    else if (byteMatch["SearchString"] is JsonValue text && text.TryGetValue<string>(out var s))
                    {
                        byteMatch["SearchString"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
                    }
                }

                foreach (var (_, child) in o.ToArray())
                {
                    SearchStringsToBase64(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    SearchStringsToBase64(child);
                }

                break;
        }
    }

    // ---- WAFv2 API operations (Waf/WafApiEndpoint.cs) ------------------------------------------------

    public JsonObject CreateWebAcl(JsonObject request)
    {
        lock (_gate)
        {
            RequireRegional(request);
            var definition = Definition(request, "Name", "Description", "DefaultAction", "Rules", "VisibilityConfig", "CustomResponseBodies", "CaptchaConfig", "ChallengeConfig", "TokenDomains", "AssociationConfig");
            var name = RequiredString(request, "Name");
            if (_webAcls.Values.Any(w => w.Name == name))
            {
                throw new WafApiException("WAFDuplicateItemException", "AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.");
            }

            var id = Guid.NewGuid().ToString();
            var arn = Arn("webacl", name, id);
            var compiled = CompileOrThrow(definition, id, arn, out var references);
            var entry = new WebAclEntry(name, id, arn, definition, NewLockToken(), compiled) { References = references };
            _webAcls[id] = entry;
            Publish();
            return new JsonObject { ["Summary"] = Summary(entry.Name, entry.Id, entry.Arn, entry.Definition, entry.LockToken) };
        }
    }

    public JsonObject UpdateWebAcl(JsonObject request)
    {
        lock (_gate)
        {
            var entry = FindWebAcl(request);
            CheckLock(request, entry.LockToken);
            var definition = Definition(request, "Name", "Description", "DefaultAction", "Rules", "VisibilityConfig", "CustomResponseBodies", "CaptchaConfig", "ChallengeConfig", "TokenDomains", "AssociationConfig");
            var compiled = CompileOrThrow(definition, entry.Id, entry.Arn, out var references);
            var updated = entry with { Definition = definition, LockToken = NewLockToken(), Compiled = compiled, References = references };
            _webAcls[entry.Id] = updated;
            Publish();
            return new JsonObject { ["NextLockToken"] = updated.LockToken };
        }
    }

    public JsonObject GetWebAcl(JsonObject request)
    {
        lock (_gate)
        {
            var entry = request["ARN"] is JsonValue ? FindWebAclByArn(RequiredString(request, "ARN")) : FindWebAcl(request);
            return new JsonObject { ["WebACL"] = WebAclJson(entry), ["LockToken"] = entry.LockToken };
        }
    }

    public JsonObject ListWebAcls(JsonObject request) => List(request, "WebACLs", () => _webAcls.Values.Select(e => Summary(e.Name, e.Id, e.Arn, e.Definition, e.LockToken)));

    public JsonObject DeleteWebAcl(JsonObject request)
    {
        lock (_gate)
        {
            var entry = FindWebAcl(request);
            CheckLock(request, entry.LockToken);
            if (_associations.ContainsValue(entry.Id))
            {
                throw new WafApiException("WAFAssociatedItemException", "AWS WAF couldn’t perform the operation because your resource is being used by another resource or it’s associated with another resource.");
            }

            _webAcls.Remove(entry.Id);
            Publish();
            return [];
        }
    }

    public JsonObject CreateSet(bool ipSet, JsonObject request)
    {
        lock (_gate)
        {
            RequireRegional(request);
            var definition = ipSet ? Definition(request, "Name", "Description", "IPAddressVersion", "Addresses") : Definition(request, "Name", "Description", "RegularExpressionList");
            var entry = AddSet(ipSet ? _ipSets : _regexSets, ipSet ? "ipset" : "regexpatternset", definition, ipSet ? ValidateIpSet : ValidateRegexSet, fromConfig: false);
            return new JsonObject { ["Summary"] = Summary(entry.Name, entry.Id, entry.Arn, entry.Definition, entry.LockToken) };
        }
    }

    public JsonObject UpdateSet(bool ipSet, JsonObject request)
    {
        lock (_gate)
        {
            var sets = ipSet ? _ipSets : _regexSets;
            var entry = FindSet(sets, request);
            CheckLock(request, entry.LockToken);
            var definition = ipSet ? Definition(request, "Name", "Description", "Addresses") : Definition(request, "Name", "Description", "RegularExpressionList");
            if (ipSet)
            {
                definition["IPAddressVersion"] = entry.Definition["IPAddressVersion"]?.DeepClone();
            }

            (ipSet ? (Action<JsonObject>)ValidateIpSet : ValidateRegexSet)(definition);
            var updated = entry with { Definition = definition, LockToken = NewLockToken() };
            sets[entry.Id] = updated;
            RecompileAll();
            Publish();
            return new JsonObject { ["NextLockToken"] = updated.LockToken };
        }
    }

    public JsonObject GetSet(bool ipSet, JsonObject request)
    {
        lock (_gate)
        {
            var entry = FindSet(ipSet ? _ipSets : _regexSets, request);
            var json = (JsonObject)entry.Definition.DeepClone();
            json["Id"] = entry.Id;
            json["ARN"] = entry.Arn;
            return new JsonObject { [ipSet ? "IPSet" : "RegexPatternSet"] = json, ["LockToken"] = entry.LockToken };
        }
    }

    public JsonObject ListSets(bool ipSet, JsonObject request) =>
        List(request, ipSet ? "IPSets" : "RegexPatternSets", () => (ipSet ? _ipSets : _regexSets).Values.Select(e => Summary(e.Name, e.Id, e.Arn, e.Definition, e.LockToken)));

    public JsonObject DeleteSet(bool ipSet, JsonObject request)
    {
        lock (_gate)
        {
            var sets = ipSet ? _ipSets : _regexSets;
            var entry = FindSet(sets, request);
            CheckLock(request, entry.LockToken);
            if (_webAcls.Values.Any(w => w.References.Contains(entry.Id)))
            {
                throw new WafApiException("WAFAssociatedItemException", "AWS WAF couldn’t perform the operation because your resource is being used by another resource or it’s associated with another resource.");
            }

            sets.Remove(entry.Id);
            return [];
        }
    }

    public JsonObject Associate(JsonObject request, Func<string, bool> loadBalancerExists)
    {
        lock (_gate)
        {
            var acl = FindWebAclByArn(RequiredString(request, "WebACLArn"));
            var lb = LoadBalancerName(RequiredString(request, "ResourceArn"), loadBalancerExists);
            _associations[lb] = acl.Id;
            Publish();
            return [];
        }
    }

    public JsonObject Disassociate(JsonObject request, Func<string, bool> loadBalancerExists)
    {
        lock (_gate)
        {
            var lb = LoadBalancerName(RequiredString(request, "ResourceArn"), loadBalancerExists);
            _associations.Remove(lb);
            Publish();
            return [];
        }
    }

    public JsonObject GetWebAclForResource(JsonObject request, Func<string, bool> loadBalancerExists)
    {
        lock (_gate)
        {
            var lb = LoadBalancerName(RequiredString(request, "ResourceArn"), loadBalancerExists);
            return _associations.TryGetValue(lb, out var id) && _webAcls.TryGetValue(id, out var entry)
                ? new JsonObject { ["WebACL"] = WebAclJson(entry) }
                : [];
        }
    }

    public JsonObject ListResourcesForWebAcl(JsonObject request, Func<string, string> loadBalancerArn)
    {
        lock (_gate)
        {
            var acl = FindWebAclByArn(RequiredString(request, "WebACLArn"));
            return new JsonObject
            {
                ["ResourceArns"] = new JsonArray(_associations.Where(a => a.Value == acl.Id).Select(a => (JsonNode)loadBalancerArn(a.Key)).ToArray()),
            };
        }
    }

    // ---- internals ------------------------------------------------------------------------------------

    private sealed record WebAclEntry(string Name, string Id, string Arn, JsonObject Definition, string LockToken, WebAcl Compiled)
    {
        public HashSet<string> References { get; init; } = [];
    }

    private sealed record SetEntry(string Name, string Id, string Arn, JsonObject Definition, string LockToken);

    private string Arn(string kind, string name, string id) => $"arn:aws:wafv2:{Region}:{AccountId}:regional/{kind}/{name}/{id}";

    private static string StableId(string key)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(key));
        return new Guid(hash).ToString();
    }

    private static string NewLockToken() => Guid.NewGuid().ToString();

    private WebAcl? Compile(JsonObject definition, string id, string arn, List<WafDefinitionError> errors, out HashSet<string> references)
    {
        var refs = new HashSet<string>(StringComparer.Ordinal);
        references = refs;
        var context = new WafCompileContext
        {
            IpSet = reference => ResolveSet(_ipSets, "ipset", reference, refs)?.Definition["Addresses"]?.AsArray().Select(a => a!.GetValue<string>()).ToArray(),
            RegexPatternSet = reference => ResolveSet(_regexSets, "regexpatternset", reference, refs)?.Definition["RegularExpressionList"]?.AsArray()
                .Select(r => r!["RegexString"]!.GetValue<string>()).ToArray(),
            RateCounter = key => _rateCounters.GetOrAdd(key, static _ => new RateCounter()),
            AccountId = AccountId,
            SearchStringIsBase64 = true,
        };
        using var document = JsonDocument.Parse(definition.ToJsonString());
        var compiled = WebAclCompiler.Compile(document.RootElement, id, arn, context, errors);
        return compiled;
    }

    private WebAcl CompileOrThrow(JsonObject definition, string id, string arn, out HashSet<string> references)
    {
        var errors = new List<WafDefinitionError>();
        var compiled = Compile(definition, id, arn, errors, out references);
        if (compiled is null)
        {
            var first = errors.FirstOrDefault();
            if (first is not null && first.Message.Contains("WAFNonexistentItemException", StringComparison.Ordinal))
            {
                throw new WafApiException("WAFNonexistentItemException", $"AWS WAF couldn’t perform the operation because your resource doesn’t exist. {first}");
            }

            throw new WafApiException("WAFInvalidParameterException", "Error reason: " + string.Join("; ", errors.Select(e => e.ToString())));
        }

        return compiled;
    }

    private void RecompileAll()
    {
        foreach (var entry in _webAcls.Values.ToArray())
        {
            var errors = new List<WafDefinitionError>();
            if (Compile(entry.Definition, entry.Id, entry.Arn, errors, out var refs) is { } compiled)
            {
                _webAcls[entry.Id] = entry with { Compiled = compiled, References = refs };
            }
        }
    }

    private void Publish()
    {
        var map = new Dictionary<string, WebAcl>(StringComparer.Ordinal);
        foreach (var (lb, id) in _associations)
        {
            if (_webAcls.TryGetValue(id, out var entry))
            {
                map[lb] = entry.Compiled;
            }
        }

        _byLoadBalancer = map;
        UnimplementedManagedGroups = _webAcls.Values
            .SelectMany(w => w.Compiled.Rules)
            .Where(r => r.ManagedGroup is { Group.Implemented: false })
            .Select(r => $"{r.ManagedGroup!.Group.VendorName}#{r.ManagedGroup.Group.Name}")
            .Distinct()
            .ToArray();
    }

    private SetEntry? ResolveSet(Dictionary<string, SetEntry> sets, string kind, string reference, HashSet<string> references)
    {
        var found = sets.Values.FirstOrDefault(s => s.Arn == reference)
            ?? sets.Values.FirstOrDefault(s => s.Name == reference)
            ?? sets.Values.FirstOrDefault(s => reference.Contains($":regional/{kind}/{s.Name}/", StringComparison.Ordinal));
        if (found is not null)
        {
            references.Add(found.Id);
        }

        return found;
    }

    private SetEntry AddSet(Dictionary<string, SetEntry> sets, string kind, JsonObject definition, Action<JsonObject> validate, bool fromConfig)
    {
        var name = RequiredString(definition, "Name");
        validate(definition);
        if (sets.Values.Any(s => s.Name == name))
        {
            throw new WafApiException("WAFDuplicateItemException", fromConfig ? $"duplicate {kind} name '{name}'" : "AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.");
        }

        var id = fromConfig ? StableId(kind + "/" + name) : Guid.NewGuid().ToString();
        var entry = new SetEntry(name, id, Arn(kind, name, id), definition, NewLockToken());
        sets[id] = entry;
        return entry;
    }

    private static void ValidateIpSet(JsonObject definition)
    {
        var version = definition["IPAddressVersion"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (version is not ("IPV4" or "IPV6"))
        {
            throw new WafApiException("WAFInvalidParameterException", "Error reason: IPAddressVersion must be IPV4 or IPV6, field: IP_ADDRESS_VERSION");
        }

        if (definition["Addresses"] is not JsonArray addresses)
        {
            throw new WafApiException("WAFInvalidParameterException", "Error reason: Addresses is required, field: IP_ADDRESS");
        }

        foreach (var address in addresses)
        {
            var text = address is JsonValue av && av.TryGetValue<string>(out var a) ? a : null;
            if (text is null || !text.Contains('/') || !Rules.IpNetwork.TryParse(text, out _)
                || (System.Net.IPAddress.Parse(text[..text.IndexOf('/')]).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) != (version == "IPV4"))
            {
                throw new WafApiException("WAFInvalidParameterException", $"Error reason: '{text}' is not a valid {version} CIDR block (an address needs a /prefix, e.g. 192.0.2.44/32), field: IP_ADDRESS");
            }
        }
    }

    private static void ValidateRegexSet(JsonObject definition)
    {
        if (definition["RegularExpressionList"] is not JsonArray list)
        {
            throw new WafApiException("WAFInvalidParameterException", "Error reason: RegularExpressionList is required, field: REGEX_PATTERN_SET");
        }

        foreach (var item in list)
        {
            var pattern = item?["RegexString"] is JsonValue p && p.TryGetValue<string>(out var s) ? s : null;
            if (pattern is null || WebAclCompiler.CompileRegex(pattern, null, "RegexString") is null)
            {
                throw new WafApiException("WAFInvalidParameterException", $"Error reason: '{pattern}' is not a regular expression AWS WAF supports, field: REGEX_PATTERN_SET");
            }
        }
    }

    private static void RequireRegional(JsonObject request)
    {
        var scope = request["Scope"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (scope != "REGIONAL")
        {
            throw new WafApiException("WAFInvalidParameterException", scope == "CLOUDFRONT"
                ? "Error reason: the emulator serves Application Load Balancers: use Scope REGIONAL (CLOUDFRONT is for CloudFront distributions), field: SCOPE_VALUE"
                : "Error reason: Scope must be REGIONAL, field: SCOPE_VALUE");
        }
    }

    private static JsonObject Definition(JsonObject request, params string[] members)
    {
        var definition = new JsonObject();
        foreach (var member in members)
        {
            if (request[member] is { } value)
            {
                definition[member] = value.DeepClone();
            }
        }

        return definition;
    }

    private static string RequiredString(JsonObject request, string name) =>
        request[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
            ? s
            : throw new WafApiException("WAFInvalidParameterException", $"Error reason: {name} is required, field: {name.ToUpperInvariant()}");

    private static void CheckLock(JsonObject request, string lockToken)
    {
        if (RequiredString(request, "LockToken") != lockToken)
        {
            throw new WafApiException("WAFOptimisticLockException", "AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it. Reapply your changes.");
        }
    }

    private WebAclEntry FindWebAcl(JsonObject request)
    {
        var id = RequiredString(request, "Id");
        var name = RequiredString(request, "Name");
        return _webAcls.TryGetValue(id, out var entry) && entry.Name == name ? entry : throw Nonexistent();
    }

    private WebAclEntry FindWebAclByArn(string arn) =>
        _webAcls.Values.FirstOrDefault(w => w.Arn == arn) ?? throw Nonexistent();

    private static SetEntry FindSet(Dictionary<string, SetEntry> sets, JsonObject request)
    {
        var id = RequiredString(request, "Id");
        var name = RequiredString(request, "Name");
        return sets.TryGetValue(id, out var entry) && entry.Name == name ? entry : throw Nonexistent();
    }

    private static WafApiException Nonexistent() =>
        new("WAFNonexistentItemException", "AWS WAF couldn’t perform the operation because your resource doesn’t exist.");

    private static string LoadBalancerName(string resourceArn, Func<string, bool> exists)
    {
        const string marker = ":loadbalancer/app/";
        var at = resourceArn.IndexOf(marker, StringComparison.Ordinal);
        var name = at < 0 ? null : resourceArn[(at + marker.Length)..].Split('/')[0];
        if (name is null || !exists(name))
        {
            throw new WafApiException("WAFNonexistentItemException", $"AWS WAF couldn’t perform the operation because your resource doesn’t exist. No Application Load Balancer '{resourceArn}'.");
        }

        return name;
    }

    private JsonObject WebAclJson(WebAclEntry entry)
    {
        var json = (JsonObject)entry.Definition.DeepClone();
        json["Id"] = entry.Id;
        json["ARN"] = entry.Arn;
        json["Rules"] ??= new JsonArray();
        json["Capacity"] = entry.Compiled.Rules.Count * 10;
        json["ManagedByFirewallManager"] = false;
        json["LabelNamespace"] = entry.Compiled.LabelNamespace;
        return json;
    }

    private static JsonObject Summary(string name, string id, string arn, JsonObject definition, string lockToken)
    {
        var summary = new JsonObject { ["Name"] = name, ["Id"] = id };
        if (definition["Description"] is { } description)
        {
            summary["Description"] = description.DeepClone();
        }

        summary["LockToken"] = lockToken;
        summary["ARN"] = arn;
        return summary;
    }

    private JsonObject List(JsonObject request, string member, Func<IEnumerable<JsonObject>> items)
    {
        lock (_gate)
        {
            RequireRegional(request);
            var all = items().OrderBy(i => i["Name"]!.GetValue<string>(), StringComparer.Ordinal).ToArray();
            var limit = request["Limit"] is JsonValue l && l.TryGetValue<int>(out var n) ? Math.Clamp(n, 1, 100) : 100;
            var start = request["NextMarker"] is JsonValue m && m.TryGetValue<string>(out var marker) && int.TryParse(marker, out var offset) ? offset : 0;
            var page = all.Skip(start).Take(limit).ToArray();
            var result = new JsonObject { [member] = new JsonArray(page.Select(p => (JsonNode)p).ToArray()) };
            if (start + limit < all.Length)
            {
                result["NextMarker"] = (start + limit).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return result;
        }
    }
}
