using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>Listener rules (RULE-1..RULE-25): each condition type, AND of conditions, priorities, the default rule.</summary>
public sealed class RuleConditionTests
{
    /// <summary>RULE-20: host-header values are case-insensitive and ignore the port; RULE-13: wildcards.</summary>
    [Fact]
    public async Task HostHeader_CaseInsensitiveWildcardPortIgnored_RoutesToMatchingGroup()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, b, d),
            TestConfig.Rule(5, """{ "Field": "host-header", "HostHeaderConfig": { "Values": [ "*.example.com" ] } }""", "a"),
            TestConfig.Rule(10, """{ "Field": "host-header", "HostHeaderConfig": { "Values": [ "api.test.com" ] } }""", "b")));
        using var client = env.CreateClient(8080);

        await AssertRoutedAsync(env, client, "WWW.Example.COM", "a", "5");
        await AssertRoutedAsync(env, client, "deep.sub.example.com", "a", "5");
        await AssertRoutedAsync(env, client, "api.test.com:8080", "b", "10");
        await AssertRoutedAsync(env, client, "API.TEST.COM:9999", "b", "10");
        await AssertRoutedAsync(env, client, "example.com", "d", "0");
        await AssertRoutedAsync(env, client, "api.test.com.evil", "d", "0");

        static async Task AssertRoutedAsync(AlbTestEnvironment env, HttpClient client, string host, string backend, string priority)
        {
            var (echo, log) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Host = host);
            Assert.Equal(backend, echo.Backend);
            Assert.Equal(priority, log.MatchedRulePriority);
            Assert.True(Exchange.IsTargetGroup(log, backend), log.TargetGroupArn);
        }
    }

    /// <summary>RULE-21: path-pattern is case-sensitive and never sees the query; RULE-13: wildcards.</summary>
    [Fact]
    public async Task PathPattern_CaseSensitiveWildcardsQueryExcluded_RoutesToMatchingGroup()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, b, d),
            TestConfig.Rule(1, """{ "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/api/*" ] } }""", "a"),
            TestConfig.Rule(2, """{ "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/file?.txt" ] } }""", "b")));
        using var client = env.CreateClient(8080);

        await AssertRoutedAsync("/api/users", "a", "1");
        await AssertRoutedAsync("/api/", "a", "1");
        await AssertRoutedAsync("/api/x?y=/z", "a", "1");
        await AssertRoutedAsync("/API/users", "d", "0");
        await AssertRoutedAsync("/apix", "d", "0");
        await AssertRoutedAsync("/file1.txt", "b", "2");
        await AssertRoutedAsync("/file12.txt", "d", "0");
        await AssertRoutedAsync("/file.txt", "d", "0");
        await AssertRoutedAsync("/other?next=/api/users", "d", "0");

        async Task AssertRoutedAsync(string target, string backend, string priority)
        {
            var (echo, log) = await Exchange.GetAsync(env, client, target);
            Assert.Equal(backend, echo.Backend);
            Assert.Equal(target, echo.RawTarget);
            Assert.Equal(priority, log.MatchedRulePriority);
        }
    }

    [Fact]
    public async Task PathPattern_DotSegments_MatchedAfterNormalization()
    {
        await using var a = await Exchange.StartLengthDelimitedBackendAsync("a");
        await using var d = await Exchange.StartLengthDelimitedBackendAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, d),
            TestConfig.Rule(1, """{ "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/api/*" ] } }""", "a")));

        var intoApi = await Exchange.SendRawAsync(env, 8080, "GET /static/../api/x HTTP/1.1\r\nHost: p.test\r\n\r\n");
        var outOfApi = await Exchange.SendRawAsync(env, 8080, "GET /api/../admin HTTP/1.1\r\nHost: p.test\r\n\r\n");

        Assert.Equal("a", intoApi.Backend);
        Assert.Equal("1", (await Exchange.LogOfAsync(env, intoApi)).MatchedRulePriority);
        Assert.Equal("d", outOfApi.Backend);
        Assert.Equal("0", (await Exchange.LogOfAsync(env, outOfApi)).MatchedRulePriority);
    }

    /// <summary>RULE-22: http-header names and values are case-insensitive; RULE-13: wildcards; RULE-11: values are ORed.</summary>
    [Fact]
    public async Task HttpHeader_NameCaseInsensitiveValueWildcard_RoutesToMatchingGroup()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, d),
            TestConfig.Rule(7, """{ "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "X-Env", "Values": [ "blue*", "gr?en" ] } }""", "a")));
        using var client = env.CreateClient(8080);

        await AssertRoutedAsync("x-env", "blue", "a", "7");
        await AssertRoutedAsync("X-ENV", "BLUE-canary", "a", "7");
        await AssertRoutedAsync("X-Env", "green", "a", "7");
        await AssertRoutedAsync("X-Env", "gren", "d", "0");
        await AssertRoutedAsync("X-Env", "red-blue", "d", "0");
        await AssertRoutedAsync("X-Other", "blue", "d", "0");

        async Task AssertRoutedAsync(string name, string value, string backend, string priority)
        {
            var (echo, log) = await Exchange.GetAsync(env, client, "/", r => r.Headers.TryAddWithoutValidation(name, value));
            Assert.Equal(backend, echo.Backend);
            Assert.Equal(priority, log.MatchedRulePriority);
        }
    }

    /// <summary>RULE-22: each occurrence of the header is tried.</summary>
    [Fact]
    public async Task HttpHeader_SeveralOccurrences_EachOccurrenceTried()
    {
        await using var a = await Exchange.StartLengthDelimitedBackendAsync("a");
        await using var d = await Exchange.StartLengthDelimitedBackendAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, d),
            TestConfig.Rule(7, """{ "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "X-Env", "Values": [ "blue" ] } }""", "a")));

        var matched = await Exchange.SendRawAsync(env, 8080, "GET /multi HTTP/1.1\r\nHost: h.test\r\nX-Env: red\r\nx-env: blue\r\n\r\n");
        var unmatched = await Exchange.SendRawAsync(env, 8080, "GET /multi HTTP/1.1\r\nHost: h.test\r\nX-Env: red\r\nX-Env: green\r\n\r\n");

        Assert.Equal("a", matched.Backend);
        Assert.Equal("red, blue", string.Join(", ", matched.All("X-Env")));
        Assert.Equal("7", (await Exchange.LogOfAsync(env, matched)).MatchedRulePriority);
        Assert.Equal("d", unmatched.Backend);
        Assert.Equal("0", (await Exchange.LogOfAsync(env, unmatched)).MatchedRulePriority);
    }

    /// <summary>RULE-23: http-request-method values are exact and case-sensitive.</summary>
    [Fact]
    public async Task HttpRequestMethod_CaseSensitiveCustomMethod_RoutesToMatchingGroup()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, b, d),
            TestConfig.Rule(3, """{ "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": [ "PURGE" ] } }""", "a"),
            TestConfig.Rule(4, """{ "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": [ "DELETE", "PUT" ] } }""", "b")));
        using var client = env.CreateClient(8080);

        await AssertRoutedAsync("PURGE", "a", "3");
        await AssertRoutedAsync("purge", "d", "0");
        await AssertRoutedAsync("DELETE", "b", "4");
        await AssertRoutedAsync("PUT", "b", "4");
        await AssertRoutedAsync("GET", "d", "0");

        async Task AssertRoutedAsync(string method, string backend, string priority)
        {
            var (echo, log) = await Exchange.SendAsync(env, client, new HttpRequestMessage(new HttpMethod(method), "/m"));
            Assert.Equal(method, echo.Method);
            Assert.Equal(backend, echo.Backend);
            Assert.Equal(priority, log.MatchedRulePriority);
            Assert.Equal(method, log.RequestVerb);
        }
    }

    /// <summary>RULE-24: query-string pairs, key optional, case-insensitive, wildcards, ORed.</summary>
    [Fact]
    public async Task QueryString_KeyValueValueOnlyWildcardPairsOred_RoutesToMatchingGroup()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, b, d),
            TestConfig.Rule(11, """{ "Field": "query-string", "QueryStringConfig": { "Values": [ { "Key": "version", "Value": "v1" } ] } }""", "a"),
            TestConfig.Rule(12, """{ "Field": "query-string", "QueryStringConfig": { "Values": [ { "Value": "beta" }, { "Key": "lang", "Value": "e?" }, { "Key": "id", "Value": "*7" } ] } }""", "b")));
        using var client = env.CreateClient(8080);

        await AssertRoutedAsync("/?version=v1", "a", "11");
        await AssertRoutedAsync("/?x=1&VERSION=V1", "a", "11");
        await AssertRoutedAsync("/?version=v2", "d", "0");
        await AssertRoutedAsync("/?anything=beta", "b", "12");
        await AssertRoutedAsync("/?lang=en", "b", "12");
        await AssertRoutedAsync("/?lang=eng", "d", "0");
        await AssertRoutedAsync("/?id=12347", "b", "12");
        await AssertRoutedAsync("/?id=12348", "d", "0");
        await AssertRoutedAsync("/version/v1", "d", "0");

        async Task AssertRoutedAsync(string target, string backend, string priority)
        {
            var (echo, log) = await Exchange.GetAsync(env, client, target);
            Assert.Equal(backend, echo.Backend);
            Assert.Equal(priority, log.MatchedRulePriority);
        }
    }

    /// <summary>RULE-25: source-ip compares the TCP peer address with the CIDRs.</summary>
    [Fact]
    public async Task SourceIp_LoopbackClient_MatchesLoopbackCidrOnly()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, b, d),
            TestConfig.Rule(1, """{ "Field": "source-ip", "SourceIpConfig": { "Values": [ "10.0.0.0/8" ] } }""", "a"),
            TestConfig.Rule(2, """{ "Field": "source-ip", "SourceIpConfig": { "Values": [ "192.168.0.0/16", "127.0.0.0/8" ] } }""", "b")));
        using var client = env.CreateClient(8080);

        // X-Forwarded-For is never used for source-ip (RULE-25).
        var (echo, log) = await Exchange.GetAsync(env, client, "/", r => r.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.1.2.3"));

        Assert.Equal("b", echo.Backend);
        Assert.Equal("2", log.MatchedRulePriority);
        Assert.Equal("127.0.0.1", log.ClientIp);
        Assert.Equal(0, a.RequestCount);
    }

    /// <summary>RULE-11: the conditions of a rule are ANDed.</summary>
    [Fact]
    public async Task Conditions_SeveralInOneRule_AllMustMatch()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, d),
            TestConfig.Rule(20,
                """
                { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/api/*" ] } },
                { "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": [ "POST" ] } },
                { "Field": "host-header", "HostHeaderConfig": { "Values": [ "api.example.com" ] } },
                { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "X-Tenant", "Values": [ "t1" ] } },
                { "Field": "query-string", "QueryStringConfig": { "Values": [ { "Key": "v", "Value": "2" } ] } }
                """,
                "a")));
        using var client = env.CreateClient(8080);

        await AssertRoutedAsync("POST", "/api/x?v=2", "api.example.com", "t1", "a", "20");
        await AssertRoutedAsync("GET", "/api/x?v=2", "api.example.com", "t1", "d", "0");
        await AssertRoutedAsync("POST", "/web/x?v=2", "api.example.com", "t1", "d", "0");
        await AssertRoutedAsync("POST", "/api/x?v=2", "www.example.com", "t1", "d", "0");
        await AssertRoutedAsync("POST", "/api/x?v=2", "api.example.com", "t2", "d", "0");
        await AssertRoutedAsync("POST", "/api/x?v=3", "api.example.com", "t1", "d", "0");

        async Task AssertRoutedAsync(string method, string target, string host, string tenant, string backend, string priority)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), target) { Content = method == "POST" ? new StringContent("x") : null };
            request.Headers.Host = host;
            request.Headers.Add("X-Tenant", tenant);
            var (echo, log) = await Exchange.SendAsync(env, client, request);
            Assert.Equal(backend, echo.Backend);
            Assert.Equal(priority, log.MatchedRulePriority);
        }
    }

    /// <summary>RULE-2: rules are tried from the lowest priority up; RULE-3: the access log shows the matched priority.</summary>
    [Fact]
    public async Task Priorities_RulesOutOfOrderInFile_LowestPriorityWins()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var c = await TestBackend.StartAsync("c");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, b, c, d),
            TestConfig.Rule(300, """{ "Field": "path-pattern", "PathPatternConfig": { "Values": [ "*" ] } }""", "c"),
            TestConfig.Rule(20, """{ "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/p/*" ] } }""", "a"),
            TestConfig.Rule(10, """{ "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/p/x" ] } }""", "b")));
        using var client = env.CreateClient(8080);

        var (x, xLog) = await Exchange.GetAsync(env, client, "/p/x");
        var (y, yLog) = await Exchange.GetAsync(env, client, "/p/y");
        var (z, zLog) = await Exchange.GetAsync(env, client, "/z");

        Assert.Equal(("b", "10"), (x.Backend, xLog.MatchedRulePriority));
        Assert.Equal(("a", "20"), (y.Backend, yLog.MatchedRulePriority));
        Assert.Equal(("c", "300"), (z.Backend, zLog.MatchedRulePriority));
        Assert.Equal(0, d.RequestCount);
    }

    /// <summary>RULE-2: no rule matches, so the default rule acts; RULE-3: its priority is logged as 0.</summary>
    [Fact]
    public async Task DefaultAction_NoRuleMatches_DefaultGroupWithPriorityZero()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, d),
            TestConfig.Rule(1, """{ "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/a" ] } }""", "a"),
            TestConfig.Rule(2, """{ "Field": "host-header", "HostHeaderConfig": { "Values": [ "a.example.com" ] } }""", "a")));
        using var client = env.CreateClient(8080);

        var (echo, log) = await Exchange.GetAsync(env, client, "/nothing-matches?a=1");

        Assert.Equal("d", echo.Backend);
        Assert.Equal("0", log.MatchedRulePriority);
        Assert.Equal("forward", log.ActionsExecuted);
        Assert.True(Exchange.IsTargetGroup(log, "d"), log.TargetGroupArn);
        Assert.Equal(0, a.RequestCount);
    }
}
