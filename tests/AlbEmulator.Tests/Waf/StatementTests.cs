using AlbEmulator.Tests.Common;
using AlbEmulator.Waf;
using static AlbEmulator.Tests.Waf.WafTestAcl;

namespace AlbEmulator.Tests.Waf;

/// <summary>Every statement type and FieldToMatch, through a compiled web ACL (default Allow, one Block rule).</summary>
public sealed class StatementTests
{
    private static bool Blocks(string statement, WafRequest request, string? ipSet = null, string? regexSet = null)
    {
        var (_, acl) = Create(Acl("Allow", "", Rule("r", 1, statement)), ipSet, regexSet);
        return Evaluate(acl, request).Action.Kind == WafActionKind.Block;
    }

    [Theory]
    [InlineData("EXACTLY", "/admin", "/admin", true)]
    [InlineData("EXACTLY", "/admin", "/admin/x", false)]
    [InlineData("STARTS_WITH", "/admin", "/admin/x", true)]
    [InlineData("ENDS_WITH", ".php", "/index.php", true)]
    [InlineData("CONTAINS", "min", "/admin", true)]
    [InlineData("CONTAINS_WORD", "admin", "/x/admin/y", true)]
    [InlineData("CONTAINS_WORD", "admin", "/administrator", false)]
    [InlineData("CONTAINS", "ADMIN", "/admin", false)]
    public void ByteMatch_PositionalConstraints(string constraint, string search, string path, bool blocked)
    {
        Assert.Equal(blocked, Blocks(ByteMatch("""{ "UriPath": {} }""", search, constraint), Request(path)));
    }

    [Fact]
    public void ByteMatch_WithLowercase_IgnoresCase()
    {
        Assert.True(Blocks(ByteMatch("""{ "UriPath": {} }""", "admin", "CONTAINS", """[ { "Priority": 0, "Type": "LOWERCASE" } ]"""), Request("/ADMIN")));
    }

    [Theory]
    [InlineData("""{ "QueryString": {} }""", "q=bad&x=1", true)]
    [InlineData("""{ "SingleQueryArgument": { "Name": "Q" } }""", "q=bad", true)]
    [InlineData("""{ "SingleQueryArgument": { "Name": "other" } }""", "q=bad", false)]
    [InlineData("""{ "AllQueryArguments": {} }""", "a=1&b=bad", true)]
    [InlineData("""{ "AllQueryArguments": {} }""", "bad=1", false)]
    public void QueryFields(string field, string query, bool blocked)
    {
        Assert.Equal(blocked, Blocks(ByteMatch(field, "bad"), Request("/", query)));
    }

    [Fact]
    public void SingleHeader_And_Method_And_UriPath()
    {
        Assert.True(Blocks(ByteMatch("""{ "SingleHeader": { "Name": "x-api-key" } }""", "bad"), Request(headers: ("X-Api-Key", "bad"))));
        Assert.False(Blocks(ByteMatch("""{ "SingleHeader": { "Name": "x-api-key" } }""", "bad"), Request()));
        Assert.True(Blocks(ByteMatch("""{ "Method": {} }""", "DELETE", "EXACTLY"), Request(method: "DELETE")));
        Assert.False(Blocks(ByteMatch("""{ "Method": {} }""", "DELETE", "EXACTLY"), Request(method: "GET")));
    }

    [Theory]
    [InlineData("""{ "All": {} }""", "KEY", "x-evil", "1", true)]
    [InlineData("""{ "All": {} }""", "VALUE", "x-evil", "1", false)]
    [InlineData("""{ "All": {} }""", "VALUE", "x-a", "evil", true)]
    [InlineData("""{ "IncludedHeaders": [ "X-B" ] }""", "ALL", "x-a", "evil", false)]
    [InlineData("""{ "ExcludedHeaders": [ "x-b" ] }""", "ALL", "x-a", "evil", true)]
    public void Headers_MatchPatternAndScope(string pattern, string scope, string name, string value, bool blocked)
    {
        var field = $$"""{ "Headers": { "MatchPattern": {{pattern}}, "MatchScope": "{{scope}}", "OversizeHandling": "CONTINUE" } }""";
        Assert.Equal(blocked, Blocks(ByteMatch(field, "evil"), Request(headers: (name, value))));
    }

    [Theory]
    [InlineData("""{ "All": {} }""", "VALUE", true)]
    [InlineData("""{ "IncludedCookies": [ "session" ] }""", "VALUE", false)]
    [InlineData("""{ "IncludedCookies": [ "pref" ] }""", "VALUE", true)]
    [InlineData("""{ "All": {} }""", "KEY", false)]
    public void Cookies_MatchPatternAndScope(string pattern, string scope, bool blocked)
    {
        var field = $$"""{ "Cookies": { "MatchPattern": {{pattern}}, "MatchScope": "{{scope}}", "OversizeHandling": "CONTINUE" } }""";
        Assert.Equal(blocked, Blocks(ByteMatch(field, "evil"), Request(headers: ("Cookie", "session=ok; pref=evil"))));
    }

    [Theory]
    [InlineData("CONTINUE", 9000, false)]
    [InlineData("MATCH", 9000, true)]
    [InlineData("NO_MATCH", 9000, false)]
    [InlineData("CONTINUE", 100, true)]
    public void Body_InspectsFirst8KbAndOversizeHandling(string handling, int padding, bool blocked)
    {
        // The needle sits after the padding: beyond 8 KB WAF never sees it.
        var body = new string('a', padding) + "needle";
        Assert.Equal(blocked, Blocks(ByteMatch($$"""{ "Body": { "OversizeHandling": "{{handling}}" } }""", "needle"), Request(method: "POST", body: body)));
    }

    [Theory]
    [InlineData("""{ "All": {} }""", "VALUE", """{"a":{"b":"needle"}}""", null, true)]
    [InlineData("""{ "All": {} }""", "KEY", """{"a":{"b":"needle"}}""", null, false)]
    [InlineData("""{ "All": {} }""", "KEY", """{"needle":1}""", null, true)]
    [InlineData("""{ "IncludedPaths": [ "/a/b" ] }""", "VALUE", """{"a":{"b":"needle"},"c":"x"}""", null, true)]
    [InlineData("""{ "IncludedPaths": [ "/c" ] }""", "VALUE", """{"a":{"b":"needle"},"c":"x"}""", null, false)]
    [InlineData("""{ "IncludedPaths": [ "/list/1" ] }""", "VALUE", """{"list":["x","needle"]}""", null, true)]
    [InlineData("""{ "All": {} }""", "VALUE", """needle""", "MATCH", true)]
    [InlineData("""{ "All": {} }""", "VALUE", """needle""", "NO_MATCH", false)]
    [InlineData("""{ "All": {} }""", "VALUE", """needle""", "EVALUATE_AS_STRING", true)]
    public void JsonBody_PathsScopesAndInvalidFallback(string pattern, string scope, string body, string? fallback, bool blocked)
    {
        var fallbackJson = fallback is null ? "" : $$""", "InvalidFallbackBehavior": "{{fallback}}" """;
        var field = $$"""{ "JsonBody": { "MatchPattern": {{pattern}}, "MatchScope": "{{scope}}"{{fallbackJson}} } }""";
        Assert.Equal(blocked, Blocks(ByteMatch(field, "needle", "EXACTLY"), Request(method: "POST", body: body)));
    }

    [Fact]
    public void RegexMatch_And_PatternSet()
    {
        var regex = """{ "RegexMatchStatement": { "RegexString": "^/api/v[0-9]+/admin", "FieldToMatch": { "UriPath": {} }, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ] } }""";
        Assert.True(Blocks(regex, Request("/api/v2/admin")));
        Assert.False(Blocks(regex, Request("/api/vX/admin")));

        var set = """{ "Name": "bots", "Scope": "REGIONAL", "RegularExpressionList": [ { "RegexString": "curl/" }, { "RegexString": "^python-requests" } ] }""";
        var reference = """{ "RegexPatternSetReferenceStatement": { "ARN": "bots", "FieldToMatch": { "SingleHeader": { "Name": "user-agent" } }, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ] } }""";
        Assert.True(Blocks(reference, Request(headers: ("User-Agent", "python-requests/2.31")), regexSet: set));
        Assert.False(Blocks(reference, Request(headers: ("User-Agent", "Mozilla/5.0")), regexSet: set));
    }

    [Theory]
    [InlineData("GT", 5, "/abcdef", true)]
    [InlineData("GT", 10, "/abcdef", false)]
    [InlineData("EQ", 7, "/abcdef", true)]
    [InlineData("LE", 7, "/abcdef", true)]
    [InlineData("LT", 7, "/abcdef", false)]
    [InlineData("NE", 7, "/abcdef", false)]
    [InlineData("GE", 8, "/abcdef", false)]
    public void SizeConstraint_Operators(string op, int size, string path, bool blocked)
    {
        var statement = $$"""{ "SizeConstraintStatement": { "FieldToMatch": { "UriPath": {} }, "ComparisonOperator": "{{op}}", "Size": {{size}}, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ] } }""";
        Assert.Equal(blocked, Blocks(statement, Request(path)));
    }

    [Fact]
    public void SizeConstraint_BodyOverInspectionLimit_MatchByOversizeHandling()
    {
        var statement = """{ "SizeConstraintStatement": { "FieldToMatch": { "Body": { "OversizeHandling": "MATCH" } }, "ComparisonOperator": "GT", "Size": 8192, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ] } }""";
        Assert.True(Blocks(statement, Request(method: "POST", body: new string('x', 8193))));
        Assert.False(Blocks(statement, Request(method: "POST", body: new string('x', 8192))));
    }

    [Fact]
    public void IpSetReference_ClientAndForwarded()
    {
        var set = """{ "Name": "office", "Scope": "REGIONAL", "IPAddressVersion": "IPV4", "Addresses": [ "198.51.100.0/24" ] }""";
        const string direct = """{ "IPSetReferenceStatement": { "ARN": "office" } }""";
        Assert.True(Blocks(direct, Request(ip: "198.51.100.7"), ipSet: set));
        Assert.False(Blocks(direct, Request(ip: "192.0.2.1"), ipSet: set));

        const string forwarded = """{ "IPSetReferenceStatement": { "ARN": "office", "IPSetForwardedIPConfig": { "HeaderName": "X-Forwarded-For", "FallbackBehavior": "MATCH", "Position": "FIRST" } } }""";
        Assert.True(Blocks(forwarded, Request(headers: ("X-Forwarded-For", "198.51.100.9, 10.0.0.1")), ipSet: set));
        Assert.False(Blocks(forwarded, Request(headers: ("X-Forwarded-For", "10.0.0.1, 198.51.100.9")), ipSet: set));
        Assert.True(Blocks(forwarded, Request(), ipSet: set)); // header missing: FallbackBehavior MATCH
    }

    [Fact]
    public void GeoMatch_UsesTheGeoTable_AndAddsCountryLabel()
    {
        var (_, acl) = Create(Acl("Allow", "", Rule("geo", 1, """{ "GeoMatchStatement": { "CountryCodes": [ "KP", "IR" ] } }""")));
        var geo = new GeoTable([("203.0.113.0/24", "KP", null), ("198.51.100.0/24", "DE", "DE-BE")]);
        var blocked = Evaluate(acl, new WafRequest("GET", "/", "", [], System.Net.IPAddress.Parse("203.0.113.5"), "", false) { Geo = geo });
        Assert.Equal(WafActionKind.Block, blocked.Action.Kind);
        Assert.Equal("KP", blocked.Country);
        Assert.Contains("awswaf:clientip:geo:country:KP", blocked.Labels);

        var allowed = Evaluate(acl, new WafRequest("GET", "/", "", [], System.Net.IPAddress.Parse("198.51.100.5"), "", false) { Geo = geo });
        Assert.Equal(WafActionKind.Allow, allowed.Action.Kind);
        Assert.Contains("awswaf:clientip:geo:region:DE-BE", allowed.Labels);
    }

    [Fact]
    public void AndOrNot()
    {
        var and = $$"""{ "AndStatement": { "Statements": [ {{ByteMatch("""{ "UriPath": {} }""", "/admin", "STARTS_WITH")}}, { "NotStatement": { "Statement": {{ByteMatch("""{ "SingleHeader": { "Name": "x-role" } }""", "admin", "EXACTLY")}} } } ] } }""";
        Assert.True(Blocks(and, Request("/admin/users")));
        Assert.False(Blocks(and, Request("/admin/users", headers: ("X-Role", "admin"))));
        Assert.False(Blocks(and, Request("/public")));

        var or = $$"""{ "OrStatement": { "Statements": [ {{ByteMatch("""{ "UriPath": {} }""", "/a", "EXACTLY")}}, {{ByteMatch("""{ "UriPath": {} }""", "/b", "EXACTLY")}} ] } }""";
        Assert.True(Blocks(or, Request("/b")));
        Assert.False(Blocks(or, Request("/c")));
    }

    [Fact]
    public void SqliAndXss_WithTransformations_ReportMatchDetails()
    {
        var sqli = """{ "SqliMatchStatement": { "FieldToMatch": { "AllQueryArguments": {} }, "TextTransformations": [ { "Priority": 0, "Type": "URL_DECODE" } ], "SensitivityLevel": "LOW" } }""";
        var (_, acl) = Create(Acl("Allow", "", Rule("sqli", 1, sqli)));
        var verdict = Evaluate(acl, Request("/", "id=1%27%20or%20%271%27%3D%271"));
        Assert.Equal(WafActionKind.Block, verdict.Action.Kind);
        Assert.Equal("SQL_INJECTION", verdict.TerminatingDetail!.ConditionType);
        Assert.Equal("ALL_QUERY_ARGS", verdict.TerminatingDetail.Location);
        Assert.False(Blocks(sqli, Request("/", "id=42")));

        var xss = """{ "XssMatchStatement": { "FieldToMatch": { "Body": {} }, "TextTransformations": [ { "Priority": 0, "Type": "HTML_ENTITY_DECODE" } ] } }""";
        Assert.True(Blocks(xss, Request(method: "POST", body: "comment=&lt;script&gt;alert(1)&lt;/script&gt;")));
        Assert.False(Blocks(xss, Request(method: "POST", body: "comment=hello")));
    }

    [Fact]
    public void RateBased_CountsPerIpWithinWindow_UsingTheClock()
    {
        var statement = """{ "RateBasedStatement": { "Limit": 10, "EvaluationWindowSec": 60, "AggregateKeyType": "IP" } }""";
        var (_, acl) = Create(Acl("Allow", "", Rule("rate", 1, statement)));
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(WafActionKind.Allow, acl.Evaluate(Request(ip: "192.0.2.1"), clock.GetUtcNow()).Action.Kind);
        }

        var limited = acl.Evaluate(Request(ip: "192.0.2.1"), clock.GetUtcNow());
        Assert.Equal(WafActionKind.Block, limited.Action.Kind);
        Assert.Equal("RATE_BASED", limited.TerminatingRuleType);
        Assert.Equal("192.0.2.1", Assert.Single(limited.RateLimits).LimitValues[0]);
        Assert.Equal(WafActionKind.Allow, acl.Evaluate(Request(ip: "192.0.2.2"), clock.GetUtcNow()).Action.Kind);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(WafActionKind.Allow, acl.Evaluate(Request(ip: "192.0.2.1"), clock.GetUtcNow()).Action.Kind);
    }

    [Fact]
    public void RateBased_CustomKeysAndScopeDown()
    {
        var statement = $$"""
            { "RateBasedStatement": { "Limit": 10, "EvaluationWindowSec": 120, "AggregateKeyType": "CUSTOM_KEYS",
              "CustomKeys": [ { "Header": { "Name": "x-api-key", "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ] } }, { "HTTPMethod": {} } ],
              "ScopeDownStatement": {{ByteMatch("""{ "UriPath": {} }""", "/api", "STARTS_WITH")}} } }
            """;
        var (_, acl) = Create(Acl("Allow", "", Rule("rate", 1, statement)));
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        for (var i = 0; i < 10; i++)
        {
            acl.Evaluate(Request("/api/x", headers: ("x-api-key", "k1")), now);
            acl.Evaluate(Request("/other", headers: ("x-api-key", "k2")), now);
        }

        Assert.Equal(WafActionKind.Block, acl.Evaluate(Request("/api/x", headers: ("x-api-key", "k1")), now).Action.Kind);
        Assert.Equal(WafActionKind.Allow, acl.Evaluate(Request("/other", headers: ("x-api-key", "k2")), now).Action.Kind);
        Assert.Equal(WafActionKind.Allow, acl.Evaluate(Request("/api/x"), now).Action.Kind); // key missing: not counted
    }
}
