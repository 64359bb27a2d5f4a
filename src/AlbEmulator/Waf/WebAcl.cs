namespace AlbEmulator.Waf;

/// <summary>A compiled web ACL rule: a statement with an <c>Action</c>, or a managed rule group with an <c>OverrideAction</c>.</summary>
public sealed record WafRule(
    string Name,
    int Priority,
    WafStatement? Statement,
    WafAction? Action,
    bool OverrideToCount,
    IReadOnlyList<string> RuleLabels,
    string MetricName,
    ManagedRuleGroupReference? ManagedGroup)
{
    /// <summary>The WAF log <c>terminatingRuleType</c>.</summary>
    public string RuleType => ManagedGroup is not null ? "MANAGED_RULE_GROUP" : Statement is RateBasedStatement ? "RATE_BASED" : "REGULAR";
}

/// <summary>A <c>ManagedRuleGroupStatement</c>: the group, its scope-down statement, excluded rules and rule action overrides.</summary>
public sealed record ManagedRuleGroupReference(ManagedRuleGroup Group, WafStatement? ScopeDown, IReadOnlySet<string> ExcludedRules, IReadOnlyDictionary<string, WafAction> RuleActionOverrides);

/// <summary>A rule that matched without terminating (<c>nonTerminatingMatchingRules</c>).</summary>
public sealed record WafRuleMatch(string RuleId, string Action, WafMatchDetail? Detail, string? OverriddenAction = null);

/// <summary>A rule group's part of the WAF log (<c>ruleGroupList</c>).</summary>
public sealed record WafRuleGroupResult(string RuleGroupId, WafRuleMatch? TerminatingRule, IReadOnlyList<WafRuleMatch> NonTerminatingMatchingRules, IReadOnlyList<string> ExcludedRules);

/// <summary>A rate-based rule that limited the request (<c>rateBasedRuleList</c>).</summary>
public sealed record WafRateLimit(string RuleName, string LimitKey, long MaxRateAllowed, int EvaluationWindowSec, IReadOnlyList<string> LimitValues);

/// <summary>What WAF decided for one request, with everything its log and metrics need.</summary>
public sealed class WafVerdict
{
    public required WafAction Action { get; init; }

    public required string TerminatingRuleId { get; init; }

    public required string TerminatingRuleType { get; init; }

    public WafMatchDetail? TerminatingDetail { get; init; }

    public required IReadOnlyList<WafRuleMatch> NonTerminatingMatchingRules { get; init; }

    public required IReadOnlyList<WafRuleGroupResult> RuleGroups { get; init; }

    public required IReadOnlyList<WafRateLimit> RateLimits { get; init; }

    /// <summary>Headers to add to the request sent to the target, full names (<c>x-amzn-waf-...</c>).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> InsertedHeaders { get; init; }

    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>(rule metric name, CloudWatch metric) per rule that matched, and (<c>ALL</c>, metric) for the web ACL's terminating action.</summary>
    public required IReadOnlyList<(string Rule, string Metric)> Metrics { get; init; }

    public string? Country { get; init; }

    /// <summary>The body of a custom block response, resolved from <c>CustomResponseBodies</c>.</summary>
    public WafResponseBody? ResponseBody { get; init; }

    public bool Blocks => Action.Kind is WafActionKind.Block or WafActionKind.Captcha or WafActionKind.Challenge;
}

/// <summary>
/// A compiled web ACL (<c>AWS::WAFv2::WebACL</c>): rules in <c>Priority</c> order, the first Allow or Block
/// (or CAPTCHA/Challenge, which always terminate locally: no token can be solved) ends evaluation, Count
/// records and goes on, labels added by matching rules are visible to later rules, and the
/// <c>DefaultAction</c> applies when no rule terminates.
/// </summary>
public sealed class WebAcl
{
    public WebAcl(string name, string id, string arn, string metricName, WafAction defaultAction, IReadOnlyList<WafRule> rules, IReadOnlyDictionary<string, WafResponseBody> customResponseBodies, string accountId)
    {
        Name = name;
        Id = id;
        Arn = arn;
        MetricName = metricName;
        DefaultAction = defaultAction;
        Rules = rules.OrderBy(r => r.Priority).ToArray();
        CustomResponseBodies = customResponseBodies;
        LabelNamespace = $"awswaf:{accountId}:webacl:{name}:";
    }

    public string Name { get; }

    public string Id { get; }

    public string Arn { get; }

    public string MetricName { get; }

    public WafAction DefaultAction { get; }

    public IReadOnlyList<WafRule> Rules { get; }

    public IReadOnlyDictionary<string, WafResponseBody> CustomResponseBodies { get; }

    /// <summary>Prefix of the labels this web ACL's rules add: <c>awswaf:&lt;account&gt;:webacl:&lt;name&gt;:</c>.</summary>
    public string LabelNamespace { get; }

    public WafVerdict Evaluate(WafRequest request, DateTimeOffset now)
    {
        var evaluation = new WafEvaluation(request, now);
        var nonTerminating = new List<WafRuleMatch>();
        var groups = new List<WafRuleGroupResult>();
        var rateLimits = new List<WafRateLimit>();
        var inserted = new List<KeyValuePair<string, string>>();
        var metrics = new List<(string, string)>();

        foreach (var rule in Rules)
        {
            evaluation.LastMatchDetail = null;
            evaluation.RateLimitedKey = null;
            WafAction action;
            WafMatchDetail? detail;
            string? groupRule = null;
            if (rule.ManagedGroup is { } group)
            {
                var result = EvaluateGroup(group, evaluation, out var groupAction, out groupRule);
                if (result is null)
                {
                    continue;
                }

                groups.Add(result);
                if (groupAction is null)
                {
                    if (result.NonTerminatingMatchingRules.Count > 0)
                    {
                        // Rules of the group that only counted (ExcludedRules, RuleActionOverrides Count).
                        metrics.Add((rule.MetricName, "CountedRequests"));
                    }

                    continue;
                }

                detail = result.TerminatingRule?.Detail;
                if (rule.OverrideToCount)
                {
                    nonTerminating.Add(new WafRuleMatch(rule.Name, "COUNT", detail, groupAction.LogName));
                    metrics.Add((rule.MetricName, "CountedRequests"));
                    continue;
                }

                action = groupAction;
            }
            else
            {
                if (!rule.Statement!.Matches(evaluation))
                {
                    continue;
                }

                detail = evaluation.LastMatchDetail;
                action = rule.Action!;
                if (evaluation.RateLimitedKey is { } limited)
                {
                    rateLimits.Add(new WafRateLimit(rule.Name, limited.Statement.AggregateKeyType, limited.Statement.Limit, limited.Statement.WindowSeconds, limited.Keys));
                }
            }

            foreach (var label in rule.RuleLabels)
            {
                evaluation.AddLabel(LabelNamespace + label);
            }

            metrics.Add((rule.MetricName, action.MetricName));
            Insert(inserted, action);
            if (action.Kind == WafActionKind.Count)
            {
                nonTerminating.Add(new WafRuleMatch(rule.Name, "COUNT", detail));
                continue;
            }

            metrics.Add(("ALL", action.MetricName));
            return Verdict(action, rule.Name, rule.RuleType, detail, nonTerminating, groups, rateLimits, inserted, evaluation, metrics);
        }

        Insert(inserted, DefaultAction);
        metrics.Add(("ALL", DefaultAction.MetricName));
        return Verdict(DefaultAction, "Default_Action", "REGULAR", null, nonTerminating, groups, rateLimits, inserted, evaluation, metrics);
    }

    private WafVerdict Verdict(WafAction action, string ruleId, string ruleType, WafMatchDetail? detail, List<WafRuleMatch> nonTerminating, List<WafRuleGroupResult> groups, List<WafRateLimit> rateLimits, List<KeyValuePair<string, string>> inserted, WafEvaluation evaluation, List<(string, string)> metrics) => new()
    {
        Action = action,
        TerminatingRuleId = ruleId,
        TerminatingRuleType = ruleType,
        TerminatingDetail = detail,
        NonTerminatingMatchingRules = nonTerminating,
        RuleGroups = groups,
        RateLimits = rateLimits,
        InsertedHeaders = action.Kind == WafActionKind.Block ? [] : inserted,
        Labels = evaluation.Labels.ToArray(),
        Metrics = metrics,
        Country = evaluation.Country ?? evaluation.Request.Geo.Lookup(evaluation.Request.ClientIp)?.Country,
        ResponseBody = action.CustomResponse?.BodyKey is { } key && CustomResponseBodies.TryGetValue(key, out var body) ? body : null,
    };

    /// <summary>Inserted headers: the last rule to insert a name wins (WAF overwrites same-name headers).</summary>
    private static void Insert(List<KeyValuePair<string, string>> inserted, WafAction action)
    {
        foreach (var header in action.InsertHeaders)
        {
            var name = "x-amzn-waf-" + header.Key;
            inserted.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            inserted.Add(new(name, header.Value));
        }
    }

    /// <summary>
    /// Runs a managed group's rules in order. Returns null when the scope-down statement does not match
    /// (the group is not evaluated). <paramref name="terminating"/> is the group's terminating action (after
    /// ExcludedRules and RuleActionOverrides), null when no rule terminated.
    /// </summary>
    private static WafRuleGroupResult? EvaluateGroup(ManagedRuleGroupReference reference, WafEvaluation evaluation, out WafAction? terminating, out string? terminatingRule)
    {
        terminating = null;
        terminatingRule = null;
        if (reference.ScopeDown is not null && !reference.ScopeDown.Matches(evaluation))
        {
            return null;
        }

        var group = reference.Group;
        var counted = new List<WafRuleMatch>();
        var excluded = new List<string>();
        foreach (var rule in group.Rules)
        {
            evaluation.LastMatchDetail = null;
            if (!rule.Statement.Matches(evaluation))
            {
                continue;
            }

            evaluation.AddLabel(group.LabelNamespace + rule.Label);
            var action = reference.RuleActionOverrides.TryGetValue(rule.Name, out var overridden) ? overridden
                : reference.ExcludedRules.Contains(rule.Name) ? WafAction.Count
                : WafAction.Block;
            if (reference.ExcludedRules.Contains(rule.Name))
            {
                excluded.Add(rule.Name);
            }

            if (action.Kind == WafActionKind.Count)
            {
                counted.Add(new WafRuleMatch(rule.Name, "COUNT", evaluation.LastMatchDetail, overridden is null && !excluded.Contains(rule.Name) ? null : "BLOCK"));
                continue;
            }

            terminating = action;
            terminatingRule = rule.Name;
            return new WafRuleGroupResult($"{group.VendorName}#{group.Name}", new WafRuleMatch(rule.Name, action.LogName, evaluation.LastMatchDetail), counted, excluded);
        }

        return new WafRuleGroupResult($"{group.VendorName}#{group.Name}", null, counted, excluded);
    }
}
