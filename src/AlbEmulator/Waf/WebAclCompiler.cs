using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlbEmulator.Rules;

namespace AlbEmulator.Waf;

/// <summary>What a web ACL's references resolve against while it is compiled.</summary>
public sealed class WafCompileContext
{
    /// <summary>IP set ARN (or [ext] name) → its CIDR addresses, or null when there is no such set.</summary>
    public required Func<string, IReadOnlyList<string>?> IpSet { get; init; }

    /// <summary>Regex pattern set ARN (or [ext] name) → its patterns, or null.</summary>
    public required Func<string, IReadOnlyList<string>?> RegexPatternSet { get; init; }

    /// <summary>The request counts of a rate-based rule (kept across updates of the web ACL).</summary>
    public required Func<string, RateCounter> RateCounter { get; init; }

    public string AccountId { get; init; } = Model.AwsIdentifiers.DefaultAccountId;

    /// <summary>
    /// The WAFv2 API sends <c>SearchString</c> base64-encoded (a blob); CloudFormation and the config document
    /// take it as text (and <c>SearchStringBase64</c> as base64).
    /// </summary>
    public bool SearchStringIsBase64 { get; init; }
}

/// <summary>
/// Compiles a web ACL definition (WAFv2 API / <c>AWS::WAFv2::WebACL</c> shape) into a <see cref="WebAcl"/>,
/// reporting every problem with its path. The config validator and the WAFv2 API both use it, so a web ACL
/// is accepted or refused for the same reasons wherever it comes from.
/// </summary>
public static class WebAclCompiler
{
    /// <summary>AWS WAF evaluates regular expressions with a time budget; a pattern that exceeds it fails the request (WAF failure).</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    private static readonly string[] Positional = ["EXACTLY", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "CONTAINS_WORD"];
    private static readonly string[] Comparisons = ["EQ", "NE", "LE", "LT", "GE", "GT"];
    private static readonly string[] Oversize = ["CONTINUE", "MATCH", "NO_MATCH"];
    private static readonly string[] MapScopes = ["ALL", "KEY", "VALUE"];
    private static readonly string[] Fallbacks = ["MATCH", "NO_MATCH"];
    private static readonly string[] Positions = ["FIRST", "LAST", "ANY"];
    private static readonly string[] Windows = ["60", "120", "300", "600"];
    private static readonly string[] AggregateKeys = ["IP", "FORWARDED_IP", "CUSTOM_KEYS", "CONSTANT"];

    public static WebAcl? Compile(JsonElement definition, string id, string arn, WafCompileContext context, List<WafDefinitionError> errors, string path = "")
    {
        var start = errors.Count;
        var root = WafJsonNode.Open(definition, path, errors);
        if (root is null)
        {
            return null;
        }

        var name = root.String("Name", required: true);
        if (name is not null && !Regex.IsMatch(name, @"^[\w\-]{1,128}$"))
        {
            root.Error("Name", "must be 1-128 characters: letters, digits, _ and -");
        }

        root.String("Description");
        root.Raw("Scope");
        root.Raw("Tags");
        root.Raw("Id");
        root.Raw("ARN");
        root.Raw("Capacity");
        root.Raw("LabelNamespace");
        root.Raw("ManagedByFirewallManager");
        root.Raw("RetrofittedByFirewallManager");
        root.Raw("TokenDomains");
        root.Raw("CaptchaConfig");
        root.Raw("ChallengeConfig");
        root.Raw("AssociationConfig");
        root.Raw("PreProcessFirewallManagerRuleGroups");
        root.Raw("PostProcessFirewallManagerRuleGroups");
        root.Raw("DataProtectionConfig");

        var bodies = new Dictionary<string, WafResponseBody>(StringComparer.Ordinal);
        if (root.Raw("CustomResponseBodies") is { } bodiesElement)
        {
            if (bodiesElement.ValueKind != JsonValueKind.Object)
            {
                root.Error("CustomResponseBodies", "must be an object (a map of key to { ContentType, Content })");
            }
            else
            {
                foreach (var property in bodiesElement.EnumerateObject())
                {
                    var body = WafJsonNode.Open(property.Value, $"{root.Child("CustomResponseBodies")}.{property.Name}", errors);
                    if (body is null)
                    {
                        continue;
                    }

                    var type = body.Enum("ContentType", ["TEXT_PLAIN", "TEXT_HTML", "APPLICATION_JSON"], required: true);
                    var content = body.String("Content", required: true);
                    if (content is not null && Encoding.UTF8.GetByteCount(content) > 4096)
                    {
                        body.Error("Content", "must be at most 4 KB");
                    }

                    body.Finish();
                    if (type is not null && content is not null)
                    {
                        bodies[property.Name] = new WafResponseBody(type, content);
                    }
                }
            }
        }

        var defaultAction = ReadAction(root.Object("DefaultAction", required: true), bodies, allowed: ["Allow", "Block"]);
        var metricName = ReadVisibility(root.Object("VisibilityConfig", required: true)) ?? name ?? "";

        var rules = new List<WafRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var priorities = new HashSet<long>();
        foreach (var (item, itemPath) in root.Array("Rules") ?? [])
        {
            var node = WafJsonNode.Open(item, itemPath, errors);
            if (node is null)
            {
                continue;
            }

            var rule = ReadRule(node, context, bodies, $"{arn}#{id}");
            if (rule is null)
            {
                continue;
            }

            if (!names.Add(rule.Name))
            {
                node.Error("Name", $"duplicate rule name '{rule.Name}'");
            }

            if (!priorities.Add(rule.Priority))
            {
                node.Error("Priority", $"duplicate rule priority {rule.Priority}");
            }

            rules.Add(rule);
        }

        root.Finish();
        if (errors.Count > start || name is null || defaultAction is null)
        {
            return null;
        }

        return new WebAcl(name, id, arn, metricName, defaultAction, rules, bodies, context.AccountId);
    }

    private static string? ReadVisibility(WafJsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        node.Bool("SampledRequestsEnabled", required: true);
        node.Bool("CloudWatchMetricsEnabled", required: true);
        var metric = node.String("MetricName", required: true);
        if (metric is not null && !Regex.IsMatch(metric, @"^[\w#:\.\-/]{1,255}$"))
        {
            node.Error("MetricName", "must be 1-255 characters: letters, digits and _ - # : . /");
        }

        node.Finish();
        return metric;
    }

    private static WafRule? ReadRule(WafJsonNode node, WafCompileContext context, Dictionary<string, WafResponseBody> bodies, string ownerKey)
    {
        var name = node.String("Name", required: true);
        var priority = node.Long("Priority", required: true, min: 0, max: int.MaxValue);
        var metric = ReadVisibility(node.Object("VisibilityConfig", required: true));
        node.Raw("CaptchaConfig");
        node.Raw("ChallengeConfig");
        var labels = new List<string>();
        foreach (var (item, path) in node.Array("RuleLabels") ?? [])
        {
            var label = WafJsonNode.Open(item, path, node.Errors);
            var labelName = label?.String("Name", required: true);
            label?.Finish();
            if (labelName is not null)
            {
                if (!Regex.IsMatch(labelName, @"^[0-9A-Za-z_\-:]{1,1024}$"))
                {
                    node.Errors.Add(new WafDefinitionError(path + ".Name", "must be letters, digits, _ - and : only"));
                }

                labels.Add(labelName);
            }
        }

        var statementNode = node.Object("Statement", required: true);
        ManagedRuleGroupReference? group = null;
        WafStatement? statement = null;
        if (statementNode is not null && statementNode.Has("ManagedRuleGroupStatement"))
        {
            group = ReadManagedGroup(statementNode, context);
        }
        else if (statementNode is not null)
        {
            statement = ReadStatement(statementNode, context, topLevel: true, rateKey: $"{ownerKey}/{name}");
        }

        var hasAction = node.Has("Action");
        var hasOverride = node.Has("OverrideAction");
        WafAction? action = null;
        var overrideToCount = false;
        if (group is not null || (statementNode?.Has("RuleGroupReferenceStatement") ?? false))
        {
            if (hasAction || !hasOverride)
            {
                node.Error("", "a rule with a rule group statement needs OverrideAction (Count or None), not Action");
            }

            var over = node.Object("OverrideAction");
            if (over is not null)
            {
                var members = over.PropertyNames.ToArray();
                if (members.Length != 1 || members[0] is not ("Count" or "None"))
                {
                    over.Error("", "must have exactly one of Count or None");
                }

                overrideToCount = over.Has("Count");
                over.Raw("Count");
                over.Raw("None");
                over.Finish();
            }

            node.Raw("Action");
        }
        else
        {
            if (hasOverride || !hasAction)
            {
                node.Error("", "a rule needs Action (Allow, Block, Count, Captcha or Challenge); OverrideAction is for rule group statements only");
            }

            action = ReadAction(node.Object("Action"), bodies, allowed: ["Allow", "Block", "Count", "Captcha", "Challenge"]);
            node.Raw("OverrideAction");
        }

        node.Finish();
        if (name is null || priority is null || metric is null || (statement is null && group is null) || (group is null && action is null))
        {
            return null;
        }

        return new WafRule(name, (int)priority, statement, action, overrideToCount, labels, metric, group);
    }

    private static WafAction? ReadAction(WafJsonNode? node, Dictionary<string, WafResponseBody> bodies, string[] allowed)
    {
        if (node is null)
        {
            return null;
        }

        var members = node.PropertyNames.ToArray();
        if (members.Length != 1 || !allowed.Contains(members[0]))
        {
            node.Error("", $"must have exactly one of {string.Join(", ", allowed)}");
            node.MarkAllRead();
            return null;
        }

        var kind = Enum.Parse<WafActionKind>(members[0]);
        var body = node.Object(members[0]);
        var inserted = new List<KeyValuePair<string, string>>();
        WafCustomResponse? custom = null;
        if (body is not null)
        {
            if (kind == WafActionKind.Block)
            {
                custom = ReadCustomResponse(body.Object("CustomResponse"), bodies);
            }
            else
            {
                var handling = body.Object("CustomRequestHandling");
                if (handling is not null)
                {
                    inserted.AddRange(ReadHeaders(handling, "InsertHeaders", required: true));
                    handling.Finish();
                }
            }

            body.Finish();
        }

        node.Finish();
        return new WafAction(kind, inserted, custom);
    }

    private static WafCustomResponse? ReadCustomResponse(WafJsonNode? node, Dictionary<string, WafResponseBody> bodies)
    {
        if (node is null)
        {
            return null;
        }

        var code = node.Long("ResponseCode", required: true, min: 200, max: 599);
        var key = node.String("CustomResponseBodyKey");
        if (key is not null && !bodies.ContainsKey(key))
        {
            node.Error("CustomResponseBodyKey", $"'{key}' is not a key of the web ACL's CustomResponseBodies");
        }

        var headers = ReadHeaders(node, "ResponseHeaders", required: false);
        node.Finish();
        return code is null ? null : new WafCustomResponse((int)code, headers, key);
    }

    private static List<KeyValuePair<string, string>> ReadHeaders(WafJsonNode node, string name, bool required)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (item, path) in node.Array(name, required) ?? [])
        {
            var header = WafJsonNode.Open(item, path, node.Errors);
            var headerName = header?.String("Name", required: true);
            var value = header?.String("Value", required: true);
            header?.Finish();
            if (headerName is not null && value is not null)
            {
                if (!Regex.IsMatch(headerName, @"^[a-zA-Z0-9._$-]{1,64}$"))
                {
                    node.Errors.Add(new WafDefinitionError(path + ".Name", "must be 1-64 characters: letters, digits and . _ $ -"));
                }

                list.Add(new(headerName, value));
            }
        }

        return list;
    }

    private static ManagedRuleGroupReference? ReadManagedGroup(WafJsonNode statementNode, WafCompileContext context)
    {
        var node = statementNode.Object("ManagedRuleGroupStatement")!;
        foreach (var other in statementNode.PropertyNames.Where(n => n != "ManagedRuleGroupStatement"))
        {
            statementNode.Error(other, "a Statement has exactly one statement type");
            statementNode.Raw(other);
        }

        statementNode.Finish();
        if (node is null)
        {
            return null;
        }

        var vendor = node.String("VendorName", required: true);
        var name = node.String("Name", required: true);
        node.String("Version");
        node.Raw("ManagedRuleGroupConfigs");
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in node.Array("ExcludedRules") ?? [])
        {
            var rule = WafJsonNode.Open(item, path, node.Errors);
            if (rule?.String("Name", required: true) is { } excludedName)
            {
                excluded.Add(excludedName);
            }

            rule?.Finish();
        }

        var overrides = new Dictionary<string, WafAction>(StringComparer.Ordinal);
        foreach (var (item, path) in node.Array("RuleActionOverrides") ?? [])
        {
            var over = WafJsonNode.Open(item, path, node.Errors);
            if (over is null)
            {
                continue;
            }

            var ruleName = over.String("Name", required: true);
            var action = ReadAction(over.Object("ActionToUse", required: true), [], ["Allow", "Block", "Count", "Captcha", "Challenge"]);
            over.Finish();
            if (ruleName is not null && action is not null)
            {
                overrides[ruleName] = action;
            }
        }

        var scope = node.Object("ScopeDownStatement") is { } scopeNode ? ReadStatement(scopeNode, context, topLevel: false, rateKey: "") : null;
        node.Finish();
        return vendor is null || name is null ? null : new ManagedRuleGroupReference(ManagedRuleGroups.Get(vendor, name), scope, excluded, overrides);
    }

    private static WafStatement? ReadStatement(WafJsonNode node, WafCompileContext context, bool topLevel, string rateKey)
    {
        if (node.SingleMember("a Statement has exactly one statement type") is not var (type, inner))
        {
            return null;
        }

        WafStatement? statement = type switch
        {
            "ByteMatchStatement" => ByteMatch(inner, context),
            "RegexMatchStatement" => RegexMatch(inner),
            "RegexPatternSetReferenceStatement" => RegexSet(inner, context),
            "SizeConstraintStatement" => SizeConstraint(inner),
            "SqliMatchStatement" => Sqli(inner),
            "XssMatchStatement" => Inspecting(inner, (f, t) => new XssMatchStatement(f, t)),
            "IPSetReferenceStatement" => IpSet(inner, context),
            "GeoMatchStatement" => Geo(inner),
            "LabelMatchStatement" => new LabelMatchStatement(inner.Enum("Scope", ["LABEL", "NAMESPACE"], required: true) ?? "LABEL", inner.String("Key", required: true) ?? ""),
            "AndStatement" or "OrStatement" => Compound(inner, type, context, rateKey),
            "NotStatement" => inner.Object("Statement", required: true) is { } negated && ReadStatement(negated, context, false, rateKey) is { } n ? new NotStatement(n) : null,
            "RateBasedStatement" when topLevel => RateBased(inner, context, rateKey),
            "RateBasedStatement" => Nested(inner, "RateBasedStatement"),
            "ManagedRuleGroupStatement" => Nested(inner, "ManagedRuleGroupStatement"),
            "RuleGroupReferenceStatement" => Unsupported(inner, "RuleGroupReferenceStatement (customer rule groups) is not supported by the emulator; use rules in the web ACL"),
            "AsnMatchStatement" => Unsupported(inner, "AsnMatchStatement is not supported by the emulator (no ASN data locally)"),
            _ => Unsupported(inner, $"unknown statement type {type}"),
        };
        inner.Finish();
        return statement;
    }

    private static WafStatement? Nested(WafJsonNode node, string type) =>
        Unsupported(node, $"{type} can only be the top-level statement of a rule");

    private static WafStatement? Unsupported(WafJsonNode node, string message)
    {
        node.Error("", message);
        node.MarkAllRead();
        return null;
    }

    private static WafStatement? Compound(WafJsonNode node, string type, WafCompileContext context, string rateKey)
    {
        var statements = new List<WafStatement>();
        var items = node.Array("Statements", required: true) ?? [];
        if (items.Count < 2)
        {
            node.Error("Statements", $"{type} needs at least 2 statements");
        }

        foreach (var (item, path) in items)
        {
            if (WafJsonNode.Open(item, path, node.Errors) is { } child && ReadStatement(child, context, false, rateKey) is { } statement)
            {
                statements.Add(statement);
            }
        }

        return type == "AndStatement" ? new AndStatement(statements) : new OrStatement(statements);
    }

    private static WafStatement? Inspecting(WafJsonNode node, Func<FieldToMatch, IReadOnlyList<string>, WafStatement> create)
    {
        var field = ReadField(node.Object("FieldToMatch", required: true));
        var transformations = ReadTransformations(node);
        return field is null || transformations is null ? null : create(field, transformations);
    }

    private static WafStatement? SizeConstraint(WafJsonNode node)
    {
        var comparison = node.Enum("ComparisonOperator", Comparisons, required: true);
        var size = node.Long("Size", required: true, min: 0, max: 21474836480);
        return Inspecting(node, (f, t) => new SizeConstraintStatement(f, t, comparison ?? "EQ", size ?? 0));
    }

    private static WafStatement? Sqli(WafJsonNode node)
    {
        var sensitivity = node.Enum("SensitivityLevel", ["LOW", "HIGH"]);
        return Inspecting(node, (f, t) => new SqliMatchStatement(f, t, sensitivity ?? "LOW"));
    }

    private static WafStatement? ByteMatch(WafJsonNode node, WafCompileContext context)
    {
        string? search;
        if (context.SearchStringIsBase64 || node.Has("SearchStringBase64"))
        {
            var name = node.Has("SearchStringBase64") ? "SearchStringBase64" : "SearchString";
            var encoded = node.String(name, required: true);
            search = null;
            if (encoded is not null)
            {
                try
                {
                    search = Encoding.Latin1.GetString(Convert.FromBase64String(encoded));
                }
                catch (FormatException)
                {
                    node.Error(name, "must be base64");
                }
            }

            if (!context.SearchStringIsBase64)
            {
                node.Raw("SearchString");
            }
        }
        else
        {
            var text = node.String("SearchString", required: true);
            search = text is null ? null : Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));
        }

        if (search is not null && (search.Length == 0 || search.Length > 200))
        {
            node.Error("SearchString", "must be 1-200 bytes");
        }

        var constraint = node.Enum("PositionalConstraint", Positional, required: true);
        return Inspecting(node, (f, t) => new ByteMatchStatement(f, t, search ?? "", constraint ?? "CONTAINS"));
    }

    private static WafStatement? RegexMatch(WafJsonNode node)
    {
        var pattern = node.String("RegexString", required: true);
        var regex = pattern is null ? null : CompileRegex(pattern, node, "RegexString");
        return Inspecting(node, (f, t) => new RegexStatement(f, t, regex is null ? [] : [regex]));
    }

    private static WafStatement? RegexSet(WafJsonNode node, WafCompileContext context)
    {
        var arn = node.String("ARN", required: true);
        var patterns = arn is null ? null : context.RegexPatternSet(arn);
        if (arn is not null && patterns is null)
        {
            node.Error("ARN", $"no regex pattern set '{arn}' (WAFNonexistentItemException)");
        }

        var regexes = (patterns ?? []).Select(p => CompileRegex(p, node, "ARN")).OfType<Regex>().ToArray();
        return Inspecting(node, (f, t) => new RegexStatement(f, t, regexes));
    }

    /// <summary>
    /// AWS WAF supports PCRE syntax without backreferences, lookaround, conditionals and a few other constructs
    /// (the pattern is refused); the emulator refuses the same and runs the rest on .NET's regex engine.
    /// </summary>
    internal static Regex? CompileRegex(string pattern, WafJsonNode? node, string field)
    {
        string? problem = pattern.Length is 0 or > 512 ? "must be 1-512 characters"
            : Regex.IsMatch(pattern, @"\\[1-9]|\\k<|\(\?[=!]|\(\?<[=!]|\(\?\(|\(\?>") ? "backreferences, lookaround, atomic groups and conditionals are not supported by AWS WAF"
            : null;
        if (problem is null)
        {
            try
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                problem = "is not a valid regular expression: " + e.Message;
            }
        }

        node?.Error(field, problem);
        return null;
    }

    private static WafStatement? IpSet(WafJsonNode node, WafCompileContext context)
    {
        var arn = node.String("ARN", required: true);
        var addresses = arn is null ? null : context.IpSet(arn);
        if (arn is not null && addresses is null)
        {
            node.Error("ARN", $"no IP set '{arn}' (WAFNonexistentItemException)");
        }

        var networks = new List<IpNetwork>();
        foreach (var address in addresses ?? [])
        {
            if (IpNetwork.TryParse(address, out var network))
            {
                networks.Add(network);
            }
        }

        var forwarded = ReadForwarded(node.Object("IPSetForwardedIPConfig"), withPosition: true);
        return new IpSetStatement(networks, forwarded);
    }

    private static WafStatement? Geo(WafJsonNode node)
    {
        var codes = node.Strings("CountryCodes", required: true) ?? [];
        if (codes.Count == 0)
        {
            node.Error("CountryCodes", "needs at least one country code");
        }

        foreach (var code in codes.Where(c => !Regex.IsMatch(c, "^[A-Z]{2}$")))
        {
            node.Error("CountryCodes", $"'{code}' is not an ISO 3166-1 alpha-2 country code");
        }

        return new GeoMatchStatement(codes, ReadForwarded(node.Object("ForwardedIPConfig"), withPosition: false));
    }

    private static ForwardedIpSource? ReadForwarded(WafJsonNode? node, bool withPosition)
    {
        if (node is null)
        {
            return null;
        }

        var header = node.String("HeaderName", required: true);
        var fallback = node.Enum("FallbackBehavior", Fallbacks, required: true);
        var position = withPosition ? node.Enum("Position", Positions, required: true) : "FIRST";
        node.Finish();
        return header is null ? null : new ForwardedIpSource(header, fallback == "MATCH", position ?? "FIRST");
    }

    private static WafStatement? RateBased(WafJsonNode node, WafCompileContext context, string rateKey)
    {
        var limit = node.Long("Limit", required: true, min: 10, max: 2_000_000_000);
        var window = node.Long("EvaluationWindowSec") ?? 300;
        if (!Windows.Contains(window.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            node.Error("EvaluationWindowSec", "must be 60, 120, 300 or 600");
        }

        var keyType = node.Enum("AggregateKeyType", AggregateKeys, required: true);
        var forwarded = ReadForwarded(node.Object("ForwardedIPConfig"), withPosition: false);
        var scope = node.Object("ScopeDownStatement") is { } scopeNode ? ReadStatement(scopeNode, context, false, rateKey) : null;
        var keys = new List<RateKeyPart>();
        switch (keyType)
        {
            case "IP":
                keys.Add(RateCounter.ClientIp);
                break;
            case "FORWARDED_IP":
                if (forwarded is null)
                {
                    node.Error("ForwardedIPConfig", "is required when AggregateKeyType is FORWARDED_IP");
                }
                else
                {
                    keys.Add(RateCounter.ForwardedIp(forwarded));
                }

                break;
            case "CUSTOM_KEYS":
                var items = node.Array("CustomKeys", required: true) ?? [];
                if (items.Count is < 1 or > 5)
                {
                    node.Error("CustomKeys", "needs 1 to 5 keys");
                }

                foreach (var (item, path) in items)
                {
                    if (WafJsonNode.Open(item, path, node.Errors) is { } keyNode && CustomKey(keyNode, forwarded) is { } part)
                    {
                        keys.Add(part);
                    }
                }

                break;
        }

        if (keyType != "CUSTOM_KEYS")
        {
            node.Raw("CustomKeys");
        }

        return limit is null || keyType is null ? null : new RateBasedStatement(limit.Value, (int)window, keyType, scope, keys, context.RateCounter(rateKey));
    }

    private static RateKeyPart? CustomKey(WafJsonNode node, ForwardedIpSource? forwarded)
    {
        if (node.SingleMember("a custom key has exactly one member") is not var (type, inner))
        {
            return null;
        }

        string? name = type is "Header" or "Cookie" or "QueryArgument" ? inner.String("Name", required: true) : null;
        var transformations = type is "IP" or "ForwardedIP" or "LabelNamespace" or "HTTPMethod" ? [] : ReadTransformations(inner) ?? [];
        var ns = type == "LabelNamespace" ? inner.String("Namespace", required: true) : null;
        inner.Finish();
        string? Transform(string? v) => v is null ? null : TextTransformations.ApplyAll(transformations, v);
        return type switch
        {
            "Header" => e => Transform(e.Request.Header(name!)),
            "Cookie" => e => Transform(e.Request.Cookies.FirstOrDefault(c => c.Key == name).Value),
            "QueryArgument" => e => Transform(e.Request.QueryArguments.FirstOrDefault(a => string.Equals(a.Key, name, StringComparison.OrdinalIgnoreCase)).Value),
            "QueryString" => e => e.Request.QueryString.Length == 0 ? null : Transform(e.Request.QueryString),
            "UriPath" => e => Transform(e.Request.UriPath),
            "HTTPMethod" => e => e.Request.Method,
            "IP" => RateCounter.ClientIp,
            "ForwardedIP" when forwarded is not null => RateCounter.ForwardedIp(forwarded),
            "LabelNamespace" => e => e.Labels.FirstOrDefault(l => l.StartsWith(ns!.EndsWith(':') ? ns : ns + ":", StringComparison.Ordinal)),
            _ => Invalid(node, type),
        };
    }

    private static RateKeyPart? Invalid(WafJsonNode node, string type)
    {
        node.Error(type, type == "ForwardedIP" ? "needs the rate-based statement's ForwardedIPConfig" : $"unsupported custom key {type}");
        return null;
    }

    private static IReadOnlyList<string>? ReadTransformations(WafJsonNode node)
    {
        var items = node.Array("TextTransformations", required: true);
        if (items is null)
        {
            return null;
        }

        var list = new List<(long Priority, string Type)>();
        foreach (var (item, path) in items)
        {
            var t = WafJsonNode.Open(item, path, node.Errors);
            if (t is null)
            {
                continue;
            }

            var priority = t.Long("Priority", required: true, min: 0);
            var type = t.Enum("Type", TextTransformations.Types, required: true);
            t.Finish();
            if (priority is not null && type is not null)
            {
                if (list.Any(x => x.Priority == priority))
                {
                    node.Errors.Add(new WafDefinitionError(path + ".Priority", $"duplicate text transformation priority {priority}"));
                }

                list.Add((priority.Value, type));
            }
        }

        if (list.Count > 10)
        {
            node.Error("TextTransformations", "at most 10 text transformations");
        }

        return list.OrderBy(x => x.Priority).Select(x => x.Type).Where(t => t != "NONE").ToArray();
    }

    private static FieldToMatch? ReadField(WafJsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node.SingleMember("FieldToMatch has exactly one member") is not var (type, inner))
        {
            return null;
        }

        OversizeHandling ReadOversize(bool required) => inner.Enum("OversizeHandling", Oversize, required) switch
        {
            "MATCH" => OversizeHandling.Match,
            "NO_MATCH" => OversizeHandling.NoMatch,
            _ => OversizeHandling.Continue,
        };

        FieldToMatch? field = type switch
        {
            "UriPath" => FieldToMatch.UriPath,
            "QueryString" => FieldToMatch.QueryString,
            "Method" => FieldToMatch.Method,
            "AllQueryArguments" => new AllQueryArgumentsField(),
            "SingleHeader" => inner.String("Name", required: true) is { } h ? new SingleHeaderField(h) : null,
            "SingleQueryArgument" => inner.String("Name", required: true) is { } q ? new SingleQueryArgumentField(q) : null,
            "Body" => new BodyField(ReadOversize(false)),
            "HeaderOrder" => new HeaderOrderField(ReadOversize(true)),
            "Headers" => ReadMap(inner, cookies: false, ReadOversize(true)),
            "Cookies" => ReadMap(inner, cookies: true, ReadOversize(true)),
            "JsonBody" => ReadJsonBody(inner, ReadOversize(false)),
            "UriFragment" => FieldToMatch.Fragment(inner.Enum("FallbackBehavior", Fallbacks) == "MATCH"),
            "JA3Fingerprint" or "JA4Fingerprint" => FieldToMatch.Fingerprint(type.ToUpperInvariant(), inner.Enum("FallbackBehavior", Fallbacks, required: true) == "MATCH"),
            _ => null,
        };
        if (field is null && type is not ("SingleHeader" or "SingleQueryArgument"))
        {
            node.Error(type, $"unknown FieldToMatch {type}");
            inner.MarkAllRead();
        }

        inner.Finish();
        return field;
    }

    private static FieldToMatch? ReadMap(WafJsonNode node, bool cookies, OversizeHandling oversize)
    {
        var scope = node.Enum("MatchScope", MapScopes, required: true);
        var pattern = node.Object("MatchPattern", required: true);
        if (pattern is null || scope is null)
        {
            return null;
        }

        var comparer = cookies ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        var all = pattern.Has("All");
        pattern.Raw("All");
        var included = pattern.Strings(cookies ? "IncludedCookies" : "IncludedHeaders");
        var excluded = pattern.Strings(cookies ? "ExcludedCookies" : "ExcludedHeaders");
        if ((all ? 1 : 0) + (included is null ? 0 : 1) + (excluded is null ? 0 : 1) != 1)
        {
            pattern.Error("", "MatchPattern has exactly one of All, Included..., Excluded...");
        }

        pattern.Finish();
        return new MapField(cookies, new NamePattern(all, included, excluded, comparer), scope, oversize);
    }

    private static FieldToMatch? ReadJsonBody(WafJsonNode node, OversizeHandling oversize)
    {
        var scope = node.Enum("MatchScope", MapScopes, required: true);
        var fallback = node.Enum("InvalidFallbackBehavior", ["MATCH", "NO_MATCH", "EVALUATE_AS_STRING"]);
        var pattern = node.Object("MatchPattern", required: true);
        if (pattern is null || scope is null)
        {
            return null;
        }

        var all = pattern.Has("All");
        pattern.Raw("All");
        var paths = pattern.Strings("IncludedPaths");
        if (all == (paths is not null))
        {
            pattern.Error("", "MatchPattern has exactly one of All or IncludedPaths");
        }

        foreach (var p in paths ?? [])
        {
            if (p.Length > 0 && p[0] != '/')
            {
                pattern.Error("IncludedPaths", $"'{p}' is not a JSON pointer (it starts with /)");
            }
        }

        pattern.Finish();
        return new JsonBodyField(all ? null : paths, scope, fallback, oversize);
    }
}
