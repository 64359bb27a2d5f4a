using System.Net;
using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// AWS WAF in front of the listener rules, on real Kestrel: ALB's 403 page, custom responses, inserted
/// headers at the target, the access-log fields (waf / waf,forward / waf-failed), fail open and closed,
/// the 8 KB body inspection limit, rate limits on an injected clock, labels across rules, the WAF metrics
/// on /metrics and the WAF log JSON.
/// </summary>
public sealed class WafTests
{
    private const string Forbidden = "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n</body>\r\n</html>\r\n";

    private static string Visibility(string name) => $$"""{ "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": "{{name}}" }""";

    private static string Rule(string name, int priority, string statement, string action = """{ "Block": {} }""", string extra = "") =>
        $$"""{ "Name": "{{name}}", "Priority": {{priority}}, "Statement": {{statement}}, "Action": {{action}}{{extra}}, "VisibilityConfig": {{Visibility(name)}} }""";

    private static string PathStartsWith(string prefix) =>
        $$"""{ "ByteMatchStatement": { "SearchString": "{{prefix}}", "FieldToMatch": { "UriPath": {} }, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ], "PositionalConstraint": "STARTS_WITH" } }""";

    private static string Config(TestBackend backend, string rules, string attributes = "", string aclExtra = "", string defaultAction = "Allow") => $$"""
        {
          "LoadBalancer": { "Name": "waf-lb", "WebACLName": "site-acl", "LoadBalancerAttributes": [ {{attributes}} ] },
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward(backend.Name)}} ] } ],
          "TargetGroups": [ {{TestConfig.TargetGroup(backend.Name, backend)}} ],
          "WebACLs": [ { "Name": "site-acl", "DefaultAction": { "{{defaultAction}}": {} }, "VisibilityConfig": {{Visibility("site-acl")}},
                         "Rules": [ {{rules}} ]{{aclExtra}} } ]
        }
        """;

    [Fact]
    public async Task Block_AnswersAlbs403Page_LogsWafWithNoTarget()
    {
        await using var backend = await TestBackend.StartAsync("web");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, Rule("no-admin", 1, PathStartsWith("/admin"))));
        using var client = env.CreateClient(8080);

        using var response = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("awselb/2.0", response.Headers.Server.ToString());
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Forbidden, await response.Content.ReadAsStringAsync());
        Assert.Equal(118, Forbidden.Length);
        Assert.Equal(0, backend.RequestCount);

        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/admin/users", StringComparison.Ordinal)));
        Assert.Equal("403", log.ElbStatusCode);
        Assert.Equal("-", log.TargetStatusCode);
        Assert.Equal("", log.TargetIp); // target:port "-" (the Athena regex leaves the IP group empty)
        Assert.Contains(" 403 - ", log.Raw);
        Assert.Equal("waf", log.ActionsExecuted);
        Assert.Equal("-", log.TargetGroupArn);
        Assert.Equal("-", log.ErrorReason);
    }

    [Fact]
    public async Task Allow_InsertedHeadersReachTheTarget_LogsWafForward()
    {
        await using var backend = await TestBackend.StartAsync("web");
        var rules = Rule("tag-api", 1, PathStartsWith("/api"), """{ "Count": { "CustomRequestHandling": { "InsertHeaders": [ { "Name": "api", "Value": "yes" } ] } } }""");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, rules).Replace("""{ "Allow": {} }""", """{ "Allow": { "CustomRequestHandling": { "InsertHeaders": [ { "Name": "checked", "Value": "true" } ] } } }"""));
        using var client = env.CreateClient(8080);

        var (echo, log) = await Exchange.GetAsync(env, client, "/api/orders");
        Assert.Equal("yes", echo.Header("x-amzn-waf-api"));
        Assert.Equal("true", echo.Header("x-amzn-waf-checked"));
        Assert.Equal("waf,forward", log.ActionsExecuted);
        Assert.Equal("200", log.ElbStatusCode);

        var (plain, _) = await Exchange.GetAsync(env, client, "/home");
        Assert.Null(plain.Header("x-amzn-waf-api"));
        Assert.Equal("true", plain.Header("x-amzn-waf-checked"));
    }

    [Fact]
    public async Task Block_CustomResponse_StatusHeadersAndBody()
    {
        await using var backend = await TestBackend.StartAsync("web");
        var rules = Rule("no-admin", 1, PathStartsWith("/admin"), """{ "Block": { "CustomResponse": { "ResponseCode": 429, "CustomResponseBodyKey": "slow", "ResponseHeaders": [ { "Name": "retry-after", "Value": "30" } ] } } }""");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, rules, aclExtra: """, "CustomResponseBodies": { "slow": { "ContentType": "APPLICATION_JSON", "Content": "{\"error\":\"slow down\"}" } }"""));
        using var client = env.CreateClient(8080);

        using var response = await client.GetAsync("/admin");
        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("30", response.Headers.GetValues("retry-after").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("{\"error\":\"slow down\"}", await response.Content.ReadAsStringAsync());
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("GET http://", StringComparison.Ordinal) && l.Contains("/admin ", StringComparison.Ordinal)));
        Assert.Equal("429", log.ElbStatusCode);
        Assert.Equal("waf", log.ActionsExecuted);
    }

    [Theory]
    [InlineData(false, "WAFConnectionError")]
    [InlineData(true, "WAFServiceError")]
    public async Task WafFailure_ClosedAnswers500_OpenForwards(bool failOpen, string reason)
    {
        await using var backend = await TestBackend.StartAsync("web");
        var attributes = failOpen ? TestConfig.Attributes(("waf.fail_open.enabled", "true")) : "";
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, Rule("no-admin", 1, PathStartsWith("/admin")), attributes), configure: o => o.WafFault = reason);
        using var client = env.CreateClient(8080);

        using var response = await client.GetAsync("/admin");
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/admin ", StringComparison.Ordinal)));
        Assert.Equal(reason, log.ErrorReason);
        if (failOpen)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("waf-failed,forward", log.ActionsExecuted);
            Assert.Equal(1, backend.RequestCount);
        }
        else
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Contains("<title>500 Internal Server Error</title>", await response.Content.ReadAsStringAsync());
            Assert.Equal("waf-failed", log.ActionsExecuted);
            Assert.Equal("500", log.ElbStatusCode);
            Assert.Equal(0, backend.RequestCount);
        }
    }

    [Fact]
    public async Task BodyInspectionLimit_8Kb_OversizeHandling_AndTheTargetGetsTheWholeBody()
    {
        await using var backend = await TestBackend.StartAsync("web");
        var needle = """{ "ByteMatchStatement": { "SearchString": "DROP", "FieldToMatch": { "Body": { "OversizeHandling": "CONTINUE" } }, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ], "PositionalConstraint": "CONTAINS" } }""";
        var big = """{ "SizeConstraintStatement": { "FieldToMatch": { "Body": { "OversizeHandling": "MATCH" } }, "ComparisonOperator": "GT", "Size": 8192, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ] } }""";
        var rules = Rule("needle", 1, needle) + "," + Rule("big-upload", 2, big, """{ "Count": {} }""", """, "RuleLabels": [ { "Name": "big" } ]""")
            + "," + Rule("big-to-admin", 3, $$"""{ "AndStatement": { "Statements": [ { "LabelMatchStatement": { "Scope": "LABEL", "Key": "big" } }, {{PathStartsWith("/admin")}} ] } }""");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, rules));
        using var client = env.CreateClient(8080);

        // The needle within the first 8 KB is seen; after it, it is not (WAF only receives 8 KB), and the target gets all of it.
        using (var early = await client.PostAsync("/upload", new StringContent("DROP" + new string('a', 10_000))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        }

        var late = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new StringContent(new string('a', 10_000) + "DROP") };
        var (echo, log) = await Exchange.SendAsync(env, client, late);
        Assert.Equal(10_004, echo.BodyLength);
        Assert.Equal("waf,forward", log.ActionsExecuted);

        // Labels across rules: the counted big-upload label blocks big bodies to /admin only.
        using (var admin = await client.PostAsync("/admin/import", new StringContent(new string('a', 9000))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        }

        using (var small = await client.PostAsync("/admin/import", new StringContent("ok")))
        {
            Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        }
    }

    [Fact]
    public async Task RateBasedRule_LimitsPerIp_WithTheInjectedClock()
    {
        await using var backend = await TestBackend.StartAsync("web");
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var rate = """{ "RateBasedStatement": { "Limit": 10, "EvaluationWindowSec": 60, "AggregateKeyType": "IP" } }""";
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, Rule("rate", 1, rate)), configure: o => o.TimeProvider = clock);
        using var client = env.CreateClient(8080);

        for (var i = 0; i < 10; i++)
        {
            using var ok = await client.GetAsync("/r");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var limited = await client.GetAsync("/r"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, limited.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(61));
        using var again = await client.GetAsync("/r");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task MetricsAndWafLog_NameTheRule()
    {
        await using var backend = await TestBackend.StartAsync("web");
        var logPath = Path.Combine(Path.GetTempPath(), "albemu-waf-" + Guid.NewGuid().ToString("N") + ".log");
        var sqli = """{ "SqliMatchStatement": { "FieldToMatch": { "QueryString": {} }, "TextTransformations": [ { "Priority": 0, "Type": "URL_DECODE" } ] } }""";
        var rules = Rule("sqli", 1, sqli) + "," + Rule("count-api", 2, PathStartsWith("/api"), """{ "Count": {} }""");
        try
        {
            await using (var env = await AlbTestEnvironment.StartAsync(Config(backend, rules), configure: o => o.WafLogPath = logPath))
            {
                using var client = env.CreateClient(8080);
                using (var blocked = await client.GetAsync("/api/items?id=1%27%20OR%20%271%27%3D%271"))
                {
                    Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
                }

                using (var counted = await client.GetAsync("/api/items?id=7"))
                {
                    Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
                }

                using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
                var metrics = await admin.GetStringAsync("/metrics");
                Assert.Contains(MetricLine(metrics, "BlockedRequests", "sqli"), metrics);
                Assert.Contains(MetricLine(metrics, "CountedRequests", "count-api"), metrics);
                Assert.Contains(MetricLine(metrics, "AllowedRequests", "ALL"), metrics);
            }

            var lines = File.ReadAllLines(logPath);
            Assert.Equal(2, lines.Length);
            using var first = JsonDocument.Parse(lines[0]);
            var root = first.RootElement;
            Assert.Equal("sqli", root.GetProperty("terminatingRuleId").GetString());
            Assert.Equal("BLOCK", root.GetProperty("action").GetString());
            Assert.Equal("ALB", root.GetProperty("httpSourceName").GetString());
            Assert.StartsWith("123456789012-app/waf-lb/", root.GetProperty("httpSourceId").GetString());
            Assert.Equal("/api/items", root.GetProperty("httpRequest").GetProperty("uri").GetString());
            Assert.Equal("127.0.0.1", root.GetProperty("httpRequest").GetProperty("clientIp").GetString());
            using var second = JsonDocument.Parse(lines[1]);
            Assert.Equal("Default_Action", second.RootElement.GetProperty("terminatingRuleId").GetString());
            Assert.Equal("ALLOW", second.RootElement.GetProperty("action").GetString());
            Assert.Equal("count-api", second.RootElement.GetProperty("nonTerminatingMatchingRules")[0].GetProperty("ruleId").GetString());
        }
        finally
        {
            File.Delete(logPath);
        }
    }

    /// <summary>The Prometheus line of a WAF counter for a rule (dimensions Region, Rule, WebACL), with value 1.</summary>
    private static string MetricLine(string metrics, string name, string rule)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains($"Rule=\"{rule}\"", StringComparison.Ordinal));
        Assert.True(line is not null, $"no {name} line for rule {rule} in:\n{metrics}");
        Assert.Contains("WebACL=\"site-acl\"", line);
        Assert.EndsWith(" 1", line);
        return line;
    }
}
