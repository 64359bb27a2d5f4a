using System.Net;
using AlbEmulator.Authentication;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.AuthTests;

/// <summary>
/// OnUnauthenticatedRequest (authenticate / deny / allow), client-supplied x-amzn-oidc-* headers,
/// SessionTimeout, refresh tokens, and the callback's 401s (login timeout with an injected clock,
/// missing or foreign state, missing nonce cookie).
/// </summary>
public sealed class SessionTests
{
    private static string Rules(string extra = "") => string.Join(",\n",
        AuthScenario.Rule(10, "/app*", AuthScenario.Cognito(extra: extra)),
        AuthScenario.Rule(20, "/deny*", AuthScenario.Cognito("deny", extra)),
        AuthScenario.Rule(30, "/allow*", AuthScenario.Cognito("allow", extra)));

    private static readonly (string, string)[] ForgedHeaders =
        [("x-amzn-oidc-data", "forged"), ("X-Amzn-Oidc-Identity", "mallory"), ("x-amzn-oidc-accesstoken", "forged"), ("x-amzn-oidc-other", "x")];

    [Fact]
    public async Task DenyAnswers401AllowForwardsWithoutClaimsAndForgedHeadersNeverReachTheTarget()
    {
        await using var scenario = await AuthScenario.StartAsync(Rules());
        using var browser = new Browser();

        var denied = await browser.GetAsync(scenario.Url("/deny/x"), ForgedHeaders);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("Authorization Required", denied.ReasonPhrase);
        Assert.Contains("<title>401 Authorization Required</title>", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var deniedLine = await scenario.LogAsync("/deny/x");
        Assert.Equal("401", deniedLine.ElbStatusCode);
        Assert.Equal("authenticate", deniedLine.ActionsExecuted);
        Assert.Equal("-", deniedLine.ErrorReason);

        var allowed = await Browser.EchoAsync(await browser.GetAsync(scenario.Url("/allow/x"), ForgedHeaders));
        Assert.DoesNotContain(allowed.Headers, h => h[0].StartsWith("x-amzn-oidc-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("authenticate,forward", (await scenario.LogAsync("/allow/x")).ActionsExecuted);

        // A rule without authentication: the forged headers are removed too ([EMU] AUTH-4).
        var plain = await Browser.EchoAsync(await browser.GetAsync(scenario.Url("/other"), ForgedHeaders));
        Assert.DoesNotContain(plain.Headers, h => h[0].StartsWith("x-amzn-oidc-", StringComparison.OrdinalIgnoreCase));

        // After signing in, allow and deny rules forward the claims; forged values are replaced.
        var callback = await browser.SignInAtBuiltInProviderAsync(await browser.GetAsync(scenario.Url("/app/")), "alice", AuthScenario.AlicePassword);
        Assert.Equal(HttpStatusCode.Found, callback.StatusCode);
        foreach (var path in new[] { "/deny/y", "/allow/y" })
        {
            var echoed = await Browser.EchoAsync(await browser.GetAsync(scenario.Url(path), ForgedHeaders));
            Assert.Equal(IdentityProvider.BuiltInIdentityProvider.StableSubject("alice"), Assert.Single(echoed.All(OidcRequestHeaders.Identity)));
            Assert.NotEqual("forged", Assert.Single(echoed.All(OidcRequestHeaders.Data)));
            Assert.Empty(echoed.All("x-amzn-oidc-other"));
        }
    }

    [Fact]
    public async Task ATamperedCookieIsLoggedAsAuthInvalidCookieAndRedirects()
    {
        await using var scenario = await AuthScenario.StartAsync(Rules());
        using var browser = new Browser();
        browser.Cookies.Add(scenario.Url("/"), new Cookie("AWSELBAuthSessionCookie-0", "bm90LWEtc2Vzc2lvbg"));
        var response = await browser.GetAsync(scenario.Url("/app/tampered"));
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("AuthInvalidCookie", (await scenario.LogAsync("/app/tampered")).ErrorReason);
        await scenario.WaitForTotalAsync("ELBAuthFailure", 1);
    }

    [Fact]
    public async Task TheSessionEndsAfterSessionTimeoutAndDenyThenRedirects()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var scenario = await AuthScenario.StartAsync(Rules(""", "SessionTimeout": 60"""), time: clock);
        using var browser = new Browser();
        var callback = await browser.SignInAtBuiltInProviderAsync(await browser.GetAsync(scenario.Url("/app/")), "alice", AuthScenario.AlicePassword);
        Assert.Equal(HttpStatusCode.Found, callback.StatusCode);
        await scenario.WaitForTotalAsync("ELBAuthSuccess", 1);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(scenario.Url("/app/a"))).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(scenario.Url("/app/b"))).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(2));
        var expired = await browser.GetAsync(scenario.Url("/app/c"));
        Assert.Equal(HttpStatusCode.Found, expired.StatusCode);
        Assert.StartsWith(scenario.Issuer + "/authorize", expired.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);

        // deny: expired auth info redirects (single-page apps, AUTH-2), no auth info at all answers 401.
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync(scenario.Url("/deny/expired"))).StatusCode);
        using var stranger = new Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(scenario.Url("/deny/none"))).StatusCode);
    }

    [Fact]
    public async Task ClaimsAreRefreshedWithTheRefreshTokenWhenTheAccessTokenExpires()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var scenario = await AuthScenario.StartAsync(Rules(), AuthScenario.Users(tokenLifetime: 60), clock);
        using var browser = new Browser();
        var callback = await browser.SignInAtBuiltInProviderAsync(await browser.GetAsync(scenario.Url("/app/")), "alice", AuthScenario.AlicePassword);
        var first = await Browser.EchoAsync(await browser.FollowAsync(callback));
        var firstToken = Assert.Single(first.All(OidcRequestHeaders.AccessToken));

        clock.Advance(TimeSpan.FromSeconds(61));
        var refreshedResponse = await browser.GetAsync(scenario.Url("/app/later"));
        Assert.Contains(refreshedResponse.Headers.GetValues("Set-Cookie"), c => c.StartsWith("AWSELBAuthSessionCookie-0=", StringComparison.Ordinal));
        var refreshed = await Browser.EchoAsync(refreshedResponse);
        Assert.NotEqual(firstToken, Assert.Single(refreshed.All(OidcRequestHeaders.AccessToken)));
        Assert.Equal(IdentityProvider.BuiltInIdentityProvider.StableSubject("alice"), Assert.Single(refreshed.All(OidcRequestHeaders.Identity)));
        await scenario.WaitForTotalAsync("ELBAuthRefreshTokenSuccess", 1);

        // Within the new token's lifetime no further refresh happens.
        var again = await browser.GetAsync(scenario.Url("/app/again"));
        Assert.False(again.Headers.TryGetValues("Set-Cookie", out _));
    }

    [Fact]
    public async Task ALoginNotFinishedWithin15MinutesAnswers401()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var scenario = await AuthScenario.StartAsync(Rules(), time: clock);
        using var browser = new Browser();
        var start = await browser.GetAsync(scenario.Url("/app/slow"));
        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var callback = await browser.SignInAtBuiltInProviderAsync(start, "alice", AuthScenario.AlicePassword);
        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        var line = await scenario.LogAsync("/oauth2/idpresponse?");
        Assert.Equal("401", line.ElbStatusCode);
        Assert.Equal("AuthInvalidStateParam", line.ErrorReason);
        Assert.Equal("10", line.MatchedRulePriority);
    }

    [Fact]
    public async Task TheCallbackRejectsMissingOrForeignStateAndAMissingNonceCookie()
    {
        await using var scenario = await AuthScenario.StartAsync(Rules());
        using var browser = new Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(scenario.Url("/oauth2/idpresponse?code=abc"))).StatusCode);
        Assert.Equal("AuthMissingStateParam", (await scenario.LogAsync("/oauth2/idpresponse?code=abc")).ErrorReason);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(scenario.Url("/oauth2/idpresponse?code=abc&state=forged"))).StatusCode);
        Assert.Equal("AuthInvalidStateParam", (await scenario.LogAsync("/oauth2/idpresponse?code=abc&state=forged")).ErrorReason);

        // A real state, but the browser lost the AWSALBAuthNonce cookie.
        var start = await browser.GetAsync(scenario.Url("/app/"));
        var login = await browser.PostLoginAsync(start.Headers.Location!, "alice", AuthScenario.AlicePassword);
        using var cookieless = new Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookieless.GetAsync(login.Headers.Location!)).StatusCode);

        // Missing code with a valid state and nonce.
        var state = Browser.Query(start.Headers.Location!)["state"];
        var noCode = await browser.GetAsync(scenario.Url("/oauth2/idpresponse?state=" + Uri.EscapeDataString(state)));
        Assert.Equal(HttpStatusCode.Unauthorized, noCode.StatusCode);
        await scenario.Environment.WaitForAccessLogAsync(l => l.Contains("\"AuthMissingCodeParam\"", StringComparison.Ordinal));
        await scenario.WaitForTotalAsync("ELBAuthFailure", 4);
    }

    [Fact]
    public async Task TheCallbackPathIsAnOrdinaryPathOnListenersWithoutAuthentication()
    {
        await using var scenario = await AuthScenario.StartAsync(AuthScenario.Rule(10, "/api*", """{ "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "{admin-url}/idp/jwks", "Issuer": "{admin-url}/idp" } }"""));
        using var browser = new Browser();
        var echoed = await Browser.EchoAsync(await browser.GetAsync(scenario.Url("/oauth2/idpresponse?code=x")));
        Assert.Equal("/oauth2/idpresponse?code=x", echoed.RawTarget);
    }
}
