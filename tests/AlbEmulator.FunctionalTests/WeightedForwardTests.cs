using System.Globalization;
using System.Text.RegularExpressions;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>Weighted forward to several target groups (ACT-10) and target-group stickiness (STK-30, STK-31).</summary>
public sealed class WeightedForwardTests
{
    private static string WeightedConfig(string targetGroups, string weights, string stickiness = "") => $$"""
        {
          "Listeners": [ {
            "Port": 8080, "Protocol": "HTTP",
            "DefaultActions": [ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ {{weights}} ] {{stickiness}} } } ]
          } ],
          "TargetGroups": [ {{targetGroups}} ]
        }
        """;

    private const string Sticky = """, "TargetGroupStickinessConfig": { "Enabled": true, "DurationSeconds": 300 }""";

    [Fact]
    public async Task Weights_80To20_SharesWithinFivePoints()
    {
        await using var blue = await TestBackend.StartAsync("blue");
        await using var green = await TestBackend.StartAsync("green");
        await using var env = await AlbTestEnvironment.StartAsync(WeightedConfig(TestConfig.TargetGroups(blue, green),
            """{ "TargetGroupName": "blue", "Weight": 80 }, { "TargetGroupName": "green", "Weight": 20 }"""));
        using var client = env.CreateClient(8080);
        const int total = 2000;

        var next = 0;
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= total)
            {
                using var response = await client.GetAsync("/w");
                Assert.Equal(200, (int)response.StatusCode);
            }
        });
        await Task.WhenAll(workers);

        Assert.Equal(total, blue.RequestCount + green.RequestCount);
        var blueShare = 100.0 * blue.RequestCount / total;
        Assert.InRange(blueShare, 75.0, 85.0);
        Assert.InRange(100.0 - blueShare, 15.0, 25.0);
    }

    [Fact]
    public async Task Weights_ZeroWeightGroup_NeverChosen()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var zero = await TestBackend.StartAsync("zero");
        await using var env = await AlbTestEnvironment.StartAsync(WeightedConfig(TestConfig.TargetGroups(a, b, zero),
            """{ "TargetGroupName": "a", "Weight": 1 }, { "TargetGroupName": "zero", "Weight": 0 }, { "TargetGroupName": "b", "Weight": 1 }"""));
        using var client = env.CreateClient(8080);

        for (var i = 0; i < 200; i++)
        {
            using var response = await client.GetAsync("/z");
            Assert.Equal(200, (int)response.StatusCode);
        }

        Assert.Equal(0, zero.RequestCount);
        Assert.True(a.RequestCount > 0 && b.RequestCount > 0, $"a={a.RequestCount} b={b.RequestCount}");
        Assert.Equal(200, a.RequestCount + b.RequestCount);
    }

    [Fact]
    public async Task Stickiness_FirstResponse_SetsBothCookiesWithSevenDayExpiry()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var env = await AlbTestEnvironment.StartAsync(WeightedConfig(TestConfig.TargetGroups(a, b),
            """{ "TargetGroupName": "a", "Weight": 50 }, { "TargetGroupName": "b", "Weight": 50 }""", Sticky));
        using var client = env.CreateClient(8080);

        var before = DateTimeOffset.UtcNow;
        using var response = await client.GetAsync("/s");
        var cookies = response.Headers.GetValues("Set-Cookie").ToArray();

        Assert.Equal(2, cookies.Length);
        var tg = Regex.Match(cookies[0], "^AWSALBTG=([^;]+); Expires=([^;]+); Path=/$");
        var cors = Regex.Match(cookies[1], "^AWSALBTGCORS=([^;]+); Expires=([^;]+); Path=/; SameSite=None; Secure$");
        Assert.True(tg.Success, cookies[0]);
        Assert.True(cors.Success, cookies[1]);
        Assert.Equal(tg.Groups[1].Value, cors.Groups[1].Value);
        Assert.Equal(tg.Groups[2].Value, cors.Groups[2].Value);
        var expires = DateTimeOffset.ParseExact(tg.Groups[2].Value, "R", CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddDays(7).AddSeconds(-2), DateTimeOffset.UtcNow.AddDays(7).AddSeconds(2));
    }

    [Fact]
    public async Task Stickiness_RequestsWithCookie_StayOnTheSameGroup()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var env = await AlbTestEnvironment.StartAsync(WeightedConfig(TestConfig.TargetGroups(a, b),
            """{ "TargetGroupName": "a", "Weight": 50 }, { "TargetGroupName": "b", "Weight": 50 }""", Sticky));
        using var client = env.CreateClient(8080);

        using var first = await client.GetAsync("/s");
        var firstBackend = EchoedRequest.Parse(await first.Content.ReadAsStringAsync()).Backend;
        var cookie = first.Headers.GetValues("Set-Cookie").First().Split(';')[0];

        for (var i = 0; i < 20; i++)
        {
            var (echo, log) = await Exchange.GetAsync(env, client, "/s", r => r.Headers.Add("Cookie", cookie));
            Assert.Equal(firstBackend, echo.Backend);
            Assert.Equal(cookie, echo.Header("Cookie"));
            Assert.Equal("-", log.ErrorReason);
        }

        Assert.Equal(21, (firstBackend == "a" ? a : b).RequestCount);
        Assert.Equal(0, (firstBackend == "a" ? b : a).RequestCount);
    }

    [Fact]
    public async Task Stickiness_CorsCookieOnly_StaysOnTheSameGroup()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var env = await AlbTestEnvironment.StartAsync(WeightedConfig(TestConfig.TargetGroups(a, b),
            """{ "TargetGroupName": "a", "Weight": 50 }, { "TargetGroupName": "b", "Weight": 50 }""", Sticky));
        using var client = env.CreateClient(8080);

        using var first = await client.GetAsync("/s");
        var firstBackend = EchoedRequest.Parse(await first.Content.ReadAsStringAsync()).Backend;
        var corsCookie = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("AWSALBTGCORS=", StringComparison.Ordinal)).Split(';')[0];

        for (var i = 0; i < 20; i++)
        {
            var (echo, _) = await Exchange.GetAsync(env, client, "/s", r => r.Headers.Add("Cookie", corsCookie));
            Assert.Equal(firstBackend, echo.Backend);
        }
    }

    [Fact]
    public async Task Stickiness_GarbageCookie_IgnoredRoutedByWeightAndLogged()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var env = await AlbTestEnvironment.StartAsync(WeightedConfig(TestConfig.TargetGroups(a, b),
            """{ "TargetGroupName": "a", "Weight": 50 }, { "TargetGroupName": "b", "Weight": 50 }""", Sticky));
        using var client = env.CreateClient(8080);

        for (var i = 0; i < 40; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/g");
            request.Headers.Add("Cookie", "AWSALBTG=not%20a%20valid%20cookie");
            var (echo, log) = await Exchange.SendAsync(env, client, request);
            Assert.Equal("AWSALBTGCookieInvalid", log.ErrorReason);
            Assert.Equal("200", log.ElbStatusCode);
            Assert.True(Exchange.IsTargetGroup(log, echo.Backend), log.TargetGroupArn);
        }

        Assert.True(a.RequestCount > 0 && b.RequestCount > 0, $"a={a.RequestCount} b={b.RequestCount}");
    }
}
