using System.Globalization;
using System.Text.RegularExpressions;
using AlbEmulator.Health;
using AlbEmulator.Tests.Common;
using static AlbEmulator.FunctionalTests.TargetGroupScenario;

namespace AlbEmulator.FunctionalTests;

/// <summary>Target stickiness with real backends: lb_cookie (STK-10, STK-11), app_cookie (STK-20..STK-23), STK-2/STK-24.</summary>
public sealed partial class StickinessTests
{
    private static readonly KeyValuePair<string, string>[] LbCookie = [Attribute("stickiness.enabled", "true"), Attribute("stickiness.type", "lb_cookie")];

    [Fact]
    public async Task LbCookie_SetsAwsalbAndCors_WithAlbAttributes()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var env = await StartAsync("", LbCookie, [a]);
        using var client = env.CreateClient(8080);

        using var response = await client.GetAsync("/");
        var cookies = response.Headers.GetValues("Set-Cookie").ToArray();

        Assert.Equal(2, cookies.Length);
        var lb = LbCookieRegex().Match(cookies[0]);
        var cors = CorsCookieRegex().Match(cookies[1]);
        Assert.True(lb.Success, cookies[0]);
        Assert.True(cors.Success, cookies[1]);
        Assert.Equal(lb.Groups["value"].Value, cors.Groups["value"].Value);
        var expires = DateTimeOffset.ParseExact(lb.Groups["expires"].Value, "R", CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("HttpOnly", cookies[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Max-Age", cookies[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Domain", cookies[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LbCookie_RoutesToTheSameTarget_AndReissuesEveryResponse()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var c = await TestBackend.StartAsync("c");
        await using var env = await StartAsync("", LbCookie, [a, b, c]);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        var (first, cookie) = await SendAsync(client, null);
        for (var i = 0; i < 10; i++)
        {
            var (backend, reissued) = await SendAsync(client, cookie);
            Assert.Equal(first, backend);
            Assert.NotNull(reissued);
        }
    }

    [Fact]
    public async Task LbCookie_CorsCookieWinsWhenBothArrive()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var env = await StartAsync("", LbCookie, [a, b]);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        var (first, firstCookie) = await SendAsync(client, null);
        var (second, secondCookie) = await SendAsync(client, null);
        Assert.NotEqual(first, second);

        var (chosen, _) = await SendAsync(client, $"AWSALB={Value(firstCookie!)}; AWSALBCORS={Value(secondCookie!)}");
        Assert.Equal(second, chosen);
    }

    [Fact]
    public async Task LbCookie_InvalidValue_IsIgnoredAndReplaced()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var env = await StartAsync("", LbCookie, [a]);
        using var client = env.CreateClient(8080);

        var (backend, cookie) = await SendAsync(client, "AWSALB=bm90LW91cnM=");
        Assert.Equal("a", backend);
        Assert.NotNull(cookie);
        Assert.NotEqual("bm90LW91cnM=", Value(cookie!));
    }

    [Fact]
    public async Task StickyTargetUnhealthy_SessionMovesAndStays()
    {
        var healthA = new HealthSwitch();
        var healthB = new HealthSwitch();
        await using var a = await TestBackend.StartAsync("a", healthCheck: healthA.HandleAsync);
        await using var b = await TestBackend.StartAsync("b", healthCheck: healthB.HandleAsync);
        await using var env = await StartAsync("", LbCookie, [a, b]);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        var (first, cookie) = await SendAsync(client, null);
        var firstHealth = first == "a" ? healthA : healthB;
        firstHealth.Status = 500;
        await CheckAsync(env, 2);

        // STK-2: new target by the algorithm, cookie re-issued for it.
        var (moved, newCookie) = await SendAsync(client, cookie);
        Assert.NotEqual(first, moved);

        // STK-24: the session stays on the new target after the old one recovers.
        firstHealth.Status = 200;
        await CheckAsync(env, 5);
        Assert.All(env.Server.Targets.DescribeTargetHealth("web"), d => Assert.Equal(TargetHealthState.Healthy, d.TargetHealth.State));
        for (var i = 0; i < 4; i++)
        {
            var (backend, _) = await SendAsync(client, newCookie);
            Assert.Equal(moved, backend);
        }
    }

    [Fact]
    public async Task AppCookie_FollowsTheApplicationCookie()
    {
        static Task Handler(Microsoft.AspNetCore.Http.HttpContext context, string name)
        {
            if (context.Request.Path == "/login")
            {
                context.Response.Headers.SetCookie = "SESSION=abc; Path=/";
            }

            return TestBackend.EchoAsync(context, name);
        }

        await using var a = await TestBackend.StartAsync("a", handler: c => Handler(c, "a"));
        await using var b = await TestBackend.StartAsync("b", handler: c => Handler(c, "b"));
        await using var env = await StartAsync("", [Attribute("stickiness.enabled", "true"), Attribute("stickiness.type", "app_cookie"), Attribute("stickiness.app_cookie.cookie_name", "SESSION")], [a, b]);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        // STK-23: no stickiness yet → the four remove markers.
        using (var plain = await client.GetAsync("/"))
        {
            var markers = plain.Headers.GetValues("Set-Cookie").ToArray();
            Assert.Equal(4, markers.Length);
            for (var i = 0; i < 4; i++)
            {
                Assert.Matches($"^AWSALBAPP-{i}=_remove_; Expires=[A-Za-z]{{3}}, \\d\\d [A-Za-z]{{3}} \\d{{4}} \\d\\d:\\d\\d:\\d\\d GMT; Path=/$", markers[i]);
            }
        }

        // STK-20: the target sets SESSION → AWSALBAPP-0 captures the target.
        using var login = await client.GetAsync("/login");
        var loginBackend = EchoedRequest.Parse(await login.Content.ReadAsStringAsync()).Backend;
        var setCookies = login.Headers.GetValues("Set-Cookie").ToArray();
        Assert.Contains("SESSION=abc; Path=/", setCookies);
        var app = Assert.Single(setCookies, c => c.StartsWith("AWSALBAPP-0=", StringComparison.Ordinal));
        Assert.Matches("^AWSALBAPP-0=[A-Za-z0-9+/=]+; Expires=[^;]+ GMT; Path=/$", app);

        var cookie = $"SESSION=abc; AWSALBAPP-0={Value(app)}";
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/page");
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
            using var response = await client.SendAsync(request);
            var echoed = EchoedRequest.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(loginBackend, echoed.Backend);

            // The application cookie reaches the target unmodified; the stickiness is renewed (STK-20).
            Assert.Contains("SESSION=abc", echoed.Header("Cookie"));
            Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("AWSALBAPP-0=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AppCookie_CorsRequestFromChromium_GetsSameSiteNoneSecure()
    {
        await using var a = await TestBackend.StartAsync("a", handler: c =>
        {
            c.Response.Headers.SetCookie = "SESSION=1";
            return Task.CompletedTask;
        });
        await using var env = await StartAsync("", [Attribute("stickiness.enabled", "true"), Attribute("stickiness.type", "app_cookie"), Attribute("stickiness.app_cookie.cookie_name", "SESSION")], [a]);
        using var client = env.CreateClient(8080);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Origin", "https://app.example");
        request.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36");
        using var response = await client.SendAsync(request);

        var app = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("AWSALBAPP-0=", StringComparison.Ordinal));
        Assert.EndsWith("; Path=/; SameSite=None; Secure", app);
    }

    [Fact]
    public async Task WeightedForward_GroupAndTargetStickinessCombine()
    {
        await using var a1 = await TestBackend.StartAsync("a1");
        await using var a2 = await TestBackend.StartAsync("a2");
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var env = await AlbTestEnvironment.StartAsync($$$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "ForwardConfig": {
                "TargetGroups": [ { "TargetGroupName": "a", "Weight": 1 }, { "TargetGroupName": "b", "Weight": 1 } ],
                "TargetGroupStickinessConfig": { "Enabled": true, "DurationSeconds": 600 } } } ] } ],
              "TargetGroups": [
                { "Name": "a", "Protocol": "HTTP", "Port": 80, "TargetGroupAttributes": [ { "Key": "stickiness.enabled", "Value": "true" } ],
                  "Targets": [ { "Id": "127.0.0.1", "Port": {{{a1.Port}}} }, { "Id": "127.0.0.1", "Port": {{{a2.Port}}} } ] },
                { "Name": "b", "Protocol": "HTTP", "Port": 80, "TargetGroupAttributes": [ { "Key": "stickiness.enabled", "Value": "true" } ],
                  "Targets": [ { "Id": "127.0.0.1", "Port": {{{b1.Port}}} } ] } ]
            }
            """, configure: o => o.HealthChecks.Automatic = false);
        await env.Server.RunHealthChecksAsync();
        using var client = env.CreateClient(8080);

        using var first = await client.GetAsync("/");
        var backend = EchoedRequest.Parse(await first.Content.ReadAsStringAsync()).Backend;
        var setCookies = first.Headers.GetValues("Set-Cookie").ToArray();
        Assert.Equal(["AWSALBTG=", "AWSALBTGCORS=", "AWSALB=", "AWSALBCORS="], setCookies.Select(c => c[..(c.IndexOf('=', StringComparison.Ordinal) + 1)]));

        var cookie = string.Join("; ", setCookies.Select(c => c[..c.IndexOf(';', StringComparison.Ordinal)]));
        for (var i = 0; i < 8; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
            using var response = await client.SendAsync(request);
            Assert.Equal(backend, EchoedRequest.Parse(await response.Content.ReadAsStringAsync()).Backend);
        }
    }

    private static async Task<(string Backend, string? Cookie)> SendAsync(HttpClient client, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie.Contains("AWSALB", StringComparison.Ordinal) ? cookie : $"AWSALB={cookie}");
        }

        using var response = await client.SendAsync(request);
        var backend = EchoedRequest.Parse(await response.Content.ReadAsStringAsync()).Backend;
        var set = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith("AWSALB=", StringComparison.Ordinal)) : null;
        return (backend, set is null ? null : Value(set));
    }

    /// <summary>The value of a Set-Cookie (or the value itself).</summary>
    private static string Value(string setCookie)
    {
        var equals = setCookie.IndexOf('=', StringComparison.Ordinal);
        if (!setCookie.StartsWith("AWSALB", StringComparison.Ordinal) || equals < 0)
        {
            return setCookie;
        }

        var end = setCookie.IndexOf(';', StringComparison.Ordinal);
        return setCookie[(equals + 1)..(end < 0 ? setCookie.Length : end)];
    }

    [GeneratedRegex("^AWSALB=(?<value>[A-Za-z0-9+/=]+); Expires=(?<expires>[A-Za-z]{3}, \\d\\d [A-Za-z]{3} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT); Path=/$")]
    private static partial Regex LbCookieRegex();

    [GeneratedRegex("^AWSALBCORS=(?<value>[A-Za-z0-9+/=]+); Expires=(?<expires>[^;]+); Path=/; SameSite=None; Secure$")]
    private static partial Regex CorsCookieRegex();
}
