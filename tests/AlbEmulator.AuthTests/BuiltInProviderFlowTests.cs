using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlbEmulator.Authentication;

namespace AlbEmulator.AuthTests;

/// <summary>
/// The whole browser flow against the built-in identity provider (authenticate-cognito): redirect with
/// state and AWSALBAuthNonce, the sign-in form, /oauth2/idpresponse, the session cookie, the claims
/// headers at the target, and x-amzn-oidc-data verified with only a standard ES256 verifier and the PEM.
/// </summary>
public sealed class BuiltInProviderFlowTests
{
    private static readonly string Rules = AuthScenario.Rule(10, "/app*", AuthScenario.Cognito(extra: """, "Scope": "openid email", "AuthenticationRequestExtraParams": { "prompt": "login" }"""));

    [Fact]
    public async Task SignInRedirectsToTheProviderThenForwardsWithClaimsHeaders()
    {
        await using var scenario = await AuthScenario.StartAsync(Rules);
        using var browser = new Browser();
        var start = await browser.GetAsync(scenario.Url("/app/page?x=1"));

        // 1. No session: 302 to the authorization endpoint with the code-flow parameters.
        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(scenario.Issuer + "/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        var query = Browser.Query(authorize);
        Assert.Equal("local-client", query["client_id"]);
        Assert.Equal($"https://127.0.0.1:{scenario.Url("/").Port}/oauth2/idpresponse", query["redirect_uri"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("openid email", query["scope"]);
        Assert.Equal("login", query["prompt"]);
        Assert.True(query["state"].Length > 20);
        var nonceCookie = Assert.Single(start.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("AWSALBAuthNonce=", nonceCookie, StringComparison.Ordinal);
        Assert.Contains("; Secure", nonceCookie, StringComparison.Ordinal);
        Assert.Equal("awselb/2.0", start.Headers.Server.ToString());

        // 2. The provider's form, the login, the callback: 302 back to the original URL with the session cookie.
        var callback = await browser.SignInAtBuiltInProviderAsync(start, "alice", AuthScenario.AlicePassword);
        Assert.Equal(HttpStatusCode.Found, callback.StatusCode);
        Assert.Equal(scenario.Url("/app/page?x=1"), callback.Headers.Location);
        var setCookies = callback.Headers.GetValues("Set-Cookie").ToArray();
        var session = Assert.Single(setCookies, c => c.StartsWith("AWSELBAuthSessionCookie-0=", StringComparison.Ordinal));
        Assert.Contains("; Path=/; Secure; HttpOnly", session, StringComparison.Ordinal);
        Assert.Contains(setCookies, c => c.StartsWith("AWSALBAuthNonce=;", StringComparison.Ordinal));
        var callbackLog = await scenario.LogAsync("/oauth2/idpresponse?", 0);
        Assert.Equal("302", callbackLog.ElbStatusCode);

        // 3. The original URL now reaches the target with the claims headers.
        var echoed = await Browser.EchoAsync(await browser.FollowAsync(callback));
        var data = Assert.Single(echoed.All(OidcRequestHeaders.Data));
        var identity = Assert.Single(echoed.All(OidcRequestHeaders.Identity));
        Assert.Equal(IdentityProvider.BuiltInIdentityProvider.StableSubject("alice"), identity);
        var accessToken = Assert.Single(echoed.All(OidcRequestHeaders.AccessToken));
        Assert.Equal(3, accessToken.Split('.').Length);
        using var payload = JsonDocument.Parse(Decode(data.Split('.')[1]));
        Assert.Equal("alice@example.com", payload.RootElement.GetProperty("email").GetString());
        Assert.Equal(identity, payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal(JsonValueKind.Array, payload.RootElement.GetProperty("groups").ValueKind);
        Assert.Equal(scenario.Issuer, payload.RootElement.GetProperty("iss").GetString());

        var line = await scenario.LogAsync("/app/page?x=1 ", 0);
        var forwarded = await scenario.Environment.WaitForAccessLogAsync(l => l.Contains("/app/page?x=1", StringComparison.Ordinal) && l.Contains("\"authenticate,forward\"", StringComparison.Ordinal));
        Assert.Contains(" 200 200 ", forwarded, StringComparison.Ordinal);
        Assert.Equal("authenticate", line.ActionsExecuted);
        Assert.Equal("10", line.MatchedRulePriority);
    }

    [Fact]
    public async Task ClaimsTokenVerifiesWithThePublishedPemAndAStandardEs256Verifier()
    {
        await using var scenario = await AuthScenario.StartAsync(Rules);
        using var browser = new Browser();
        var callback = await browser.SignInAtBuiltInProviderAsync(await browser.GetAsync(scenario.Url("/app/")), "alice", AuthScenario.AlicePassword);
        var echoed = await Browser.EchoAsync(await browser.FollowAsync(callback));
        var token = Assert.Single(echoed.All(OidcRequestHeaders.Data));
        var segments = token.Split('.');
        Assert.Equal(3, segments.Length);

        // The header members in ALB's order; base64url with '=' padding, as ALB writes it.
        var headerJson = Encoding.UTF8.GetString(Decode(segments[0]));
        using var header = JsonDocument.Parse(headerJson);
        Assert.Equal(["typ", "kid", "alg", "iss", "client", "signer", "exp"], header.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("local-client", header.RootElement.GetProperty("client").GetString());
        Assert.Equal(scenario.Server.Runtime.Current.LoadBalancers[0].Identifiers.LoadBalancerArn, header.RootElement.GetProperty("signer").GetString());
        Assert.Equal(scenario.Issuer, header.RootElement.GetProperty("iss").GetString());
        Assert.True(Guid.TryParse(header.RootElement.GetProperty("kid").GetString(), out _));
        foreach (var segment in segments)
        {
            Assert.DoesNotContain('+', segment);
            Assert.DoesNotContain('/', segment);
            Assert.Equal(0, segment.Length % 4);
        }

        Assert.True(segments.Any(s => s.EndsWith('=')), "ALB pads the segments with '='.");

        // The PEM from {admin-url}/public-keys/{kid}, and nothing but ECDsa (P-256, SHA-256, r||s).
        using var admin = new HttpClient { BaseAddress = scenario.Admin };
        var pem = await admin.GetStringAsync("public-keys/" + header.RootElement.GetProperty("kid").GetString());
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        var signature = Decode(segments[2]);
        Assert.Equal(64, signature.Length);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(segments[0] + "." + segments[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.False(key.VerifyData(Encoding.ASCII.GetBytes(segments[0] + "." + segments[1] + "x"), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("public-keys/" + Guid.NewGuid())).StatusCode);
    }

    [Fact]
    public async Task LargeClaimsShardTheSessionCookie()
    {
        await using var scenario = await AuthScenario.StartAsync(Rules);
        using var browser = new Browser();
        var callback = await browser.SignInAtBuiltInProviderAsync(await browser.GetAsync(scenario.Url("/app/")), "bob", "bob-pw");
        var cookies = callback.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("AWSELBAuthSessionCookie-", StringComparison.Ordinal)).ToArray();
        Assert.True(cookies.Length >= 2, "bob's session needs several shards: " + string.Join(" | ", cookies.Select(c => c[..40])));
        Assert.All(cookies, c => Assert.True(c.IndexOf(';', StringComparison.Ordinal) <= 4000 + "AWSELBAuthSessionCookie-0=".Length));
        Assert.Equal(Enumerable.Range(0, cookies.Length).Select(i => $"AWSELBAuthSessionCookie-{i}="), cookies.Select(c => c[..(c.IndexOf('=', StringComparison.Ordinal) + 1)]));

        var echoed = await Browser.EchoAsync(await browser.FollowAsync(callback));
        using var payload = JsonDocument.Parse(Decode(Assert.Single(echoed.All(OidcRequestHeaders.Data)).Split('.')[1]));
        Assert.Equal(AuthScenario.LargeClaim, payload.RootElement.GetProperty("notes").GetString());
    }

    [Fact]
    public async Task WrongPasswordShowsTheFormAgainAndCancelAnswers561()
    {
        await using var scenario = await AuthScenario.StartAsync(Rules);
        using var browser = new Browser();
        var start = await browser.GetAsync(scenario.Url("/app/"));
        var wrong = await browser.PostLoginAsync(start.Headers.Location!, "alice", "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Incorrect username or password.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var cancelled = await browser.PostLoginAsync(start.Headers.Location!, "alice", "", action: "cancel");
        Assert.Contains("error=access_denied", cancelled.Headers.Location!.Query, StringComparison.Ordinal);
        var answer = await browser.FollowAsync(cancelled);
        Assert.Equal(561, (int)answer.StatusCode);
        var line = await scenario.LogAsync("/oauth2/idpresponse?");
        Assert.Equal("561", line.ElbStatusCode);
        Assert.Equal("AuthMissingCodeParam", line.ErrorReason);
        Assert.Equal("authenticate", line.ActionsExecuted);
    }

    [Fact]
    public async Task AReusedCodeIsAnInvalidGrant561()
    {
        await using var scenario = await AuthScenario.StartAsync(Rules);
        using var browser = new Browser();
        var start = await browser.GetAsync(scenario.Url("/app/"));
        var login = await browser.PostLoginAsync(start.Headers.Location!, "alice", AuthScenario.AlicePassword);
        var callbackUrl = login.Headers.Location!;
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync(callbackUrl)).StatusCode);

        // The same callback again (a new nonce cookie for the same state is not needed: the code is spent first).
        var nonce = Browser.Query(start.Headers.Location!);
        Assert.NotNull(nonce);
        browser.Cookies.Add(scenario.Url("/"), new Cookie(AuthenticationDefaults.NonceCookieName, NonceOf(start)));
        var replay = await browser.GetAsync(callbackUrl);
        Assert.Equal(561, (int)replay.StatusCode);
        var line = await scenario.Environment.WaitForAccessLogAsync(l => l.Contains("AuthInvalidGrantError", StringComparison.Ordinal));
        Assert.Contains(" 561 - ", line, StringComparison.Ordinal);
    }

    internal static string NonceOf(HttpResponseMessage redirect)
    {
        var cookie = redirect.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("AWSALBAuthNonce=", StringComparison.Ordinal));
        return cookie["AWSALBAuthNonce=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    internal static byte[] Decode(string segment)
    {
        Assert.True(Base64Url.TryDecode(segment, out var bytes), "not base64url: " + segment);
        return bytes;
    }
}
