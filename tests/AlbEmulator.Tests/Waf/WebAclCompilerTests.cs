using System.Text.Json.Nodes;
using AlbEmulator.Configuration;
using AlbEmulator.Waf;
using static AlbEmulator.Tests.Waf.WafTestAcl;

namespace AlbEmulator.Tests.Waf;

/// <summary>Web ACL validation: every problem reported with its path, through the config validator and the API.</summary>
public sealed class WebAclCompilerTests
{
    private static string ApiError(string acl)
    {
        var e = Assert.Throws<WafApiException>(() => new WafRegistry().CreateWebAcl(JsonNode.Parse(acl)!.AsObject()));
        return e.Code + ": " + e.Message;
    }

    [Theory]
    [InlineData("""{ "ByteMatchStatement": { "SearchString": "YQ==", "FieldToMatch": { "UriPath": {} }, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ], "PositionalConstraint": "SOMEWHERE" } }""", "PositionalConstraint: 'SOMEWHERE' is not one of")]
    [InlineData("""{ "ByteMatchStatement": { "SearchString": "YQ==", "FieldToMatch": { "UriPath": {}, "Method": {} }, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ], "PositionalConstraint": "CONTAINS" } }""", "FieldToMatch has exactly one member")]
    [InlineData("""{ "ByteMatchStatement": { "SearchString": "YQ==", "FieldToMatch": { "UriPath": {} }, "TextTransformations": [ { "Priority": 0, "Type": "ROT13" } ], "PositionalConstraint": "CONTAINS" } }""", "'ROT13' is not one of")]
    [InlineData("""{ "RegexMatchStatement": { "RegexString": "(a)\\1", "FieldToMatch": { "UriPath": {} }, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ] } }""", "backreferences")]
    [InlineData("""{ "RateBasedStatement": { "Limit": 5, "AggregateKeyType": "IP" } }""", "Limit: must be between 10")]
    [InlineData("""{ "RateBasedStatement": { "Limit": 100, "EvaluationWindowSec": 30, "AggregateKeyType": "IP" } }""", "EvaluationWindowSec: must be 60, 120, 300 or 600")]
    [InlineData("""{ "NotStatement": { "Statement": { "RateBasedStatement": { "Limit": 100, "AggregateKeyType": "IP" } } } }""", "can only be the top-level statement")]
    [InlineData("""{ "IPSetReferenceStatement": { "ARN": "arn:aws:wafv2:us-east-1:123456789012:regional/ipset/none/1" } }""", "WAFNonexistentItemException")]
    [InlineData("""{ "AndStatement": { "Statements": [ { "LabelMatchStatement": { "Scope": "LABEL", "Key": "a" } } ] } }""", "needs at least 2 statements")]
    [InlineData("""{ "GeoMatchStatement": { "CountryCodes": [ "Germany" ] } }""", "not an ISO 3166-1 alpha-2")]
    [InlineData("""{ "SizeConstraintStatement": { "FieldToMatch": { "Headers": { "MatchPattern": { "All": {} }, "MatchScope": "ALL" } }, "ComparisonOperator": "GT", "Size": 1, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ] } }""", "OversizeHandling: is required")]
    [InlineData("""{ "LabelMatchStatement": { "Scope": "LABEL", "Key": "a", "Extra": 1 } }""", "Encountered unsupported property Extra")]
    public void InvalidStatements_AreRefusedWithTheField(string statement, string expected)
    {
        Assert.Contains(expected, ApiError(Acl("Allow", "", Rule("r", 1, statement))));
    }

    [Fact]
    public void RuleShape_Errors()
    {
        Assert.Contains("duplicate rule priority", ApiError(Acl("Allow", "", Rule("a", 1, """{ "LabelMatchStatement": { "Scope": "LABEL", "Key": "x" } }"""), Rule("b", 1, """{ "LabelMatchStatement": { "Scope": "LABEL", "Key": "x" } }"""))));
        Assert.Contains("needs OverrideAction", ApiError(Acl("Allow", "", Rule("m", 1, """{ "ManagedRuleGroupStatement": { "VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet" } }"""))));
        Assert.Contains("CustomResponseBodyKey: 'nope'", ApiError(Acl("Allow", "", Rule("b", 1, """{ "LabelMatchStatement": { "Scope": "LABEL", "Key": "x" } }""", """{ "Block": { "CustomResponse": { "ResponseCode": 403, "CustomResponseBodyKey": "nope" } } }"""))));
        Assert.Contains("DefaultAction: must have exactly one of Allow, Block", ApiError(Acl("Count")));
    }

    [Fact]
    public void ConfigDocument_WafErrorsNameTheResource_AndSearchStringIsText()
    {
        var json = """
            {
              "LoadBalancer": { "Name": "lb", "WebACLName": "missing" },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ],
              "WebACLs": [ { "Name": "acl", "DefaultAction": { "Allow": {} },
                "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "acl" },
                "Rules": [ { "Name": "r", "Priority": 1, "Action": { "Block": {} },
                  "Statement": { "ByteMatchStatement": { "SearchString": "/admin", "FieldToMatch": { "UriPath": {} }, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ], "PositionalConstraint": "SOMEWHERE" } },
                  "VisibilityConfig": { "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "r" } } ] } ],
              "IPSets": [ { "Name": "bad", "Scope": "REGIONAL", "IPAddressVersion": "IPV4", "Addresses": [ "10.0.0.1" ] } ],
              "GeoLocations": [ { "Cidr": "203.0.113.0/24", "CountryCode": "de" } ]
            }
            """;
        var read = AlbConfigReader.ReadJson(json, ".");
        Assert.Empty(read.Errors);
        var errors = AlbConfigValidator.Validate(read.Config!).Select(e => e.ToString()).ToArray();
        Assert.Contains(errors, e => e.StartsWith("WebACL 'acl': Rules[0].Statement.ByteMatchStatement.PositionalConstraint:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("IPSet 'bad':", StringComparison.Ordinal) && e.Contains("/prefix"));
        Assert.Contains(errors, e => e.StartsWith("GeoLocations: [0].CountryCode", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("WebACLName") && e.Contains("'missing'"));

        var valid = json.Replace("SOMEWHERE", "STARTS_WITH").Replace("\"10.0.0.1\"", "\"10.0.0.1/32\"").Replace("\"de\"", "\"DE\"").Replace("\"missing\"", "\"acl\"");
        var config = AlbConfigReader.ReadJson(valid, ".").Config!;
        Assert.Empty(AlbConfigValidator.Validate(config));
        var registry = WafRegistry.FromConfig(config);
        var acl = registry.ForLoadBalancer("lb")!;
        Assert.Equal(WafActionKind.Block, Evaluate(acl, Request("/admin/x")).Action.Kind);
        Assert.Equal(WafActionKind.Allow, Evaluate(acl, Request("/")).Action.Kind);
    }
}
