using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>RULE-14: <c>RegexValues</c> on host-header, path-pattern and http-header conditions, through a real listener.</summary>
public sealed class RegexConditionTests
{
    [Fact]
    public async Task Regex_conditions_route_by_host_with_port_path_and_header()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var c = await TestBackend.StartAsync("c");
        await using var d = await TestBackend.StartAsync("d");
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("d", TestConfig.TargetGroups(a, b, c, d),
            TestConfig.Rule(1, """{ "Field": "host-header", "HostHeaderConfig": { "RegexValues": [ "^[a-z]+\\.example\\.com:8443$" ] } }""", "a"),
            TestConfig.Rule(2, """{ "Field": "path-pattern", "PathPatternConfig": { "RegexValues": [ "^/api/v[0-9]+/" ] } }""", "b"),
            TestConfig.Rule(3, """{ "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "User-Agent", "RegexValues": [ "Chrome/1[0-9]{2}" ] } }""", "c")));
        using var client = env.CreateClient(8080);

        await AssertRoutedAsync("/", "www.example.com:8443", null, "a", "1");
        await AssertRoutedAsync("/", "www.example.com", null, "d", "0");
        await AssertRoutedAsync("/api/v12/users?x=1", "h.test", null, "b", "2");
        await AssertRoutedAsync("/api/vx/users", "h.test", null, "d", "0");
        await AssertRoutedAsync("/", "h.test", "Mozilla/5.0 Chrome/120.0", "c", "3");
        await AssertRoutedAsync("/", "h.test", "Mozilla/5.0 Chrome/99.0", "d", "0");

        async Task AssertRoutedAsync(string target, string host, string? userAgent, string backend, string priority)
        {
            var (echo, log) = await Exchange.GetAsync(env, client, target, r =>
            {
                r.Headers.Host = host;
                if (userAgent is not null)
                {
                    r.Headers.TryAddWithoutValidation("User-Agent", userAgent);
                }
            });
            Assert.Equal(backend, echo.Backend);
            Assert.Equal(priority, log.MatchedRulePriority);
        }
    }
}
