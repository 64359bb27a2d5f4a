using System.Text.Json;
using AlbEmulator.Waf;
using static AlbEmulator.Tests.Waf.WafTestAcl;

namespace AlbEmulator.Tests.Waf;

/// <summary>Rule order, actions, labels, custom handling, managed groups and the WAF log of a web ACL.</summary>
public sealed class WebAclTests
{
    private static readonly string Admin = ByteMatch("""{ "UriPath": {} }""", "/admin", "STARTS_WITH");

    [Fact]
    public void Rules_RunByPriority_FirstTerminatingActionWins()
    {
        var acl = Compile(Acl("Block", "",
            Rule("block-admin", 20, Admin),
            Rule("allow-admin", 10, Admin, """{ "Allow": {} }""")));
        var verdict = Evaluate(acl, Request("/admin"));
        Assert.Equal(WafActionKind.Allow, verdict.Action.Kind);
        Assert.Equal("allow-admin", verdict.TerminatingRuleId);

        var other = Evaluate(acl, Request("/"));
        Assert.Equal(WafActionKind.Block, other.Action.Kind);
        Assert.Equal("Default_Action", other.TerminatingRuleId);
    }

    [Fact]
    public void Count_ContinuesAndLabels_LabelMatchSeesThemInLaterRules()
    {
        var acl = Compile(Acl("Allow", "",
            Rule("mark", 1, Admin, """{ "Count": {} }""", """, "RuleLabels": [ { "Name": "team:admin-path" } ]"""),
            Rule("by-label", 2, """{ "LabelMatchStatement": { "Scope": "LABEL", "Key": "team:admin-path" } }"""),
            Rule("by-namespace", 3, """{ "LabelMatchStatement": { "Scope": "NAMESPACE", "Key": "team:" } }""")));
        var verdict = Evaluate(acl, Request("/admin/x"));
        Assert.Equal(WafActionKind.Block, verdict.Action.Kind);
        Assert.Equal("by-label", verdict.TerminatingRuleId);
        Assert.Equal("mark", Assert.Single(verdict.NonTerminatingMatchingRules).RuleId);
        Assert.Contains("awswaf:123456789012:webacl:test-acl:team:admin-path", verdict.Labels);
        Assert.Contains(("mark-metric", "CountedRequests"), verdict.Metrics);
        Assert.Contains(("by-label-metric", "BlockedRequests"), verdict.Metrics);
        Assert.Contains(("ALL", "BlockedRequests"), verdict.Metrics);

        var nsOnly = Compile(Acl("Allow", "",
            Rule("mark", 1, Admin, """{ "Count": {} }""", """, "RuleLabels": [ { "Name": "team:admin-path" } ]"""),
            Rule("by-namespace", 3, """{ "LabelMatchStatement": { "Scope": "NAMESPACE", "Key": "team:" } }""")));
        Assert.Equal("by-namespace", Evaluate(nsOnly, Request("/admin")).TerminatingRuleId);
        Assert.Equal(WafActionKind.Allow, Evaluate(nsOnly, Request("/")).Action.Kind);
    }

    [Fact]
    public void CustomRequestHandling_InsertsPrefixedHeaders_LastWriterWins()
    {
        var acl = Compile(Acl("Allow", "",
            Rule("c1", 1, Admin, """{ "Count": { "CustomRequestHandling": { "InsertHeaders": [ { "Name": "zone", "Value": "one" } ] } } }"""),
            Rule("c2", 2, Admin, """{ "Count": { "CustomRequestHandling": { "InsertHeaders": [ { "Name": "zone", "Value": "two" }, { "Name": "seen", "Value": "yes" } ] } } }""")));
        var verdict = Evaluate(acl, Request("/admin"));
        Assert.Equal([new("x-amzn-waf-zone", "two"), new("x-amzn-waf-seen", "yes")], verdict.InsertedHeaders);
    }

    [Fact]
    public void Block_CustomResponse_ResolvesBody()
    {
        var acl = Compile(Acl("Allow", """, "CustomResponseBodies": { "denied": { "ContentType": "APPLICATION_JSON", "Content": "{\"error\":\"denied\"}" } }""",
            Rule("b", 1, Admin, """{ "Block": { "CustomResponse": { "ResponseCode": 429, "CustomResponseBodyKey": "denied", "ResponseHeaders": [ { "Name": "retry-after", "Value": "30" } ] } } }""")));
        var verdict = Evaluate(acl, Request("/admin"));
        Assert.Equal(429, verdict.Action.CustomResponse!.StatusCode);
        Assert.Equal("application/json", verdict.ResponseBody!.MediaType);
        Assert.Equal("{\"error\":\"denied\"}", verdict.ResponseBody.Content);
    }

    [Fact]
    public void ManagedGroup_CommonRuleSet_BlocksLargeBodies_CountOverrideAndRuleOverrides()
    {
        string Group(string over, string extra = "") => $$"""
            { "Name": "crs", "Priority": 1, "OverrideAction": { "{{over}}": {} },
              "Statement": { "ManagedRuleGroupStatement": { "VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"{{extra}} } },
              "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "crs" } }
            """;
        var upload = Request("/upload", method: "POST", body: new string('x', 9000), headers: ("User-Agent", "curl/8"));

        var blocking = Compile(Acl("Allow", "", Group("None")));
        var verdict = Evaluate(blocking, upload);
        Assert.Equal(WafActionKind.Block, verdict.Action.Kind);
        Assert.Equal("MANAGED_RULE_GROUP", verdict.TerminatingRuleType);
        Assert.Equal("SizeRestrictions_BODY", verdict.RuleGroups[0].TerminatingRule!.RuleId);
        Assert.Contains("awswaf:managed:aws:core-rule-set:SizeRestrictions_Body", verdict.Labels);
        Assert.Equal(WafActionKind.Allow, Evaluate(blocking, Request("/upload", method: "POST", body: "small", headers: ("User-Agent", "curl/8"))).Action.Kind);

        var counting = Compile(Acl("Allow", "", Group("Count")));
        var counted = Evaluate(counting, upload);
        Assert.Equal(WafActionKind.Allow, counted.Action.Kind);
        Assert.Equal("COUNT", Assert.Single(counted.NonTerminatingMatchingRules).Action);

        var overridden = Compile(Acl("Allow", "", Group("None", """, "RuleActionOverrides": [ { "Name": "SizeRestrictions_BODY", "ActionToUse": { "Count": {} } } ]""")));
        Assert.Equal(WafActionKind.Allow, Evaluate(overridden, upload).Action.Kind);
        Assert.Equal(WafActionKind.Block, Evaluate(overridden, Request("/", headers: ("Host", "x"))).Action.Kind); // NoUserAgent_HEADER
    }

    [Fact]
    public void ManagedGroup_Unknown_IsAcceptedAndMatchesNothing()
    {
        var (registry, acl) = Create(Acl("Allow", "", """
            { "Name": "ip-rep", "Priority": 1, "OverrideAction": { "None": {} },
              "Statement": { "ManagedRuleGroupStatement": { "VendorName": "AWS", "Name": "AWSManagedRulesAmazonIpReputationList" } },
              "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "iprep" } }
            """));
        Assert.Equal(WafActionKind.Allow, Evaluate(acl, Request()).Action.Kind);
        Assert.Contains("AWS#AWSManagedRulesAmazonIpReputationList", registry.UnimplementedManagedGroups);
    }

    [Fact]
    public void ManagedGroup_SqliRuleSet_BlocksInjectionInQuery()
    {
        var acl = Compile(Acl("Allow", "", """
            { "Name": "sqli", "Priority": 1, "OverrideAction": { "None": {} },
              "Statement": { "ManagedRuleGroupStatement": { "VendorName": "AWS", "Name": "AWSManagedRulesSQLiRuleSet" } },
              "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "sqli" } }
            """));
        var verdict = Evaluate(acl, Request("/items", "id=1%20UNION%20SELECT%20password%20FROM%20users"));
        Assert.Equal("SQLi_QUERYARGUMENTS", verdict.RuleGroups[0].TerminatingRule!.RuleId);
    }

    [Fact]
    public void WafLog_HasAwsFields()
    {
        var acl = Compile(Acl("Allow", "",
            Rule("mark", 1, Admin, """{ "Count": { "CustomRequestHandling": { "InsertHeaders": [ { "Name": "mark", "Value": "1" } ] } } }""", """, "RuleLabels": [ { "Name": "marked" } ]"""),
            Rule("sqli", 2, """{ "SqliMatchStatement": { "FieldToMatch": { "QueryString": {} }, "TextTransformations": [ { "Priority": 0, "Type": "URL_DECODE" } ] } }""")));
        var request = Request("/admin", "q=1%27%20or%20%271%27%3D%271", headers: ("User-Agent", "test"));
        var verdict = Evaluate(acl, request);
        var line = WafLogWriter.Format(acl, verdict, request, new WafLogContext("123456789012-app/lb/0123456789abcdef", "Root=1-abc", 1765000000000, null));
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        Assert.Equal(1765000000000, root.GetProperty("timestamp").GetInt64());
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.StartsWith("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/test-acl/", root.GetProperty("webaclId").GetString());
        Assert.Equal("sqli", root.GetProperty("terminatingRuleId").GetString());
        Assert.Equal("REGULAR", root.GetProperty("terminatingRuleType").GetString());
        Assert.Equal("BLOCK", root.GetProperty("action").GetString());
        Assert.Equal("SQL_INJECTION", root.GetProperty("terminatingRuleMatchDetails")[0].GetProperty("conditionType").GetString());
        Assert.Equal("ALB", root.GetProperty("httpSourceName").GetString());
        Assert.Equal("mark", root.GetProperty("nonTerminatingMatchingRules")[0].GetProperty("ruleId").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("requestHeadersInserted").ValueKind); // blocked: nothing inserted
        var http = root.GetProperty("httpRequest");
        Assert.Equal("192.0.2.10", http.GetProperty("clientIp").GetString());
        Assert.Equal("-", http.GetProperty("country").GetString());
        Assert.Equal("/admin", http.GetProperty("uri").GetString());
        Assert.Equal("q=1%27%20or%20%271%27%3D%271", http.GetProperty("args").GetString());
        Assert.Equal("GET", http.GetProperty("httpMethod").GetString());
        Assert.Equal("awswaf:123456789012:webacl:test-acl:marked", root.GetProperty("labels")[0].GetProperty("name").GetString());
    }
}
