using System.Net;
using AlbEmulator.Authentication;
using AlbEmulator.Configuration;
using AlbEmulator.Errors;

namespace AlbEmulator.Tests.Authentication;

/// <summary>The token and userinfo calls: client_secret_post, and each failure's status and error_reason (AUTH-6).</summary>
public sealed class IdentityProviderClientTests
{
    private static readonly OidcEndpoints Endpoints = new("https://idp.test", "https://idp.test/auth", "https://idp.test/token", "https://idp.test/userinfo");
    private static readonly OidcActionModel Action = OidcActionModel.From(new AuthenticateOidcActionConfig { ClientId = "c1", ClientSecret = "s1" });

    [Fact]
    public async Task TheCodeIsRedeemedWithClientSecretPost()
    {
        var handler = StubHandler.Json("""{"access_token":"at","id_token":"a.b.c","refresh_token":"rt","expires_in":120}""");
        using var client = new IdentityProviderClient(null, handler);
        var (tokens, failure) = await client.RedeemCodeAsync(Endpoints, Action, "code-1", "https://lb/oauth2/idpresponse", default);
        Assert.Null(failure);
        Assert.Equal(new TokenResponse("at", "a.b.c", "rt", TimeSpan.FromSeconds(120)), tokens);
        Assert.Equal("grant_type=authorization_code&code=code-1&redirect_uri=https%3A%2F%2Flb%2Foauth2%2Fidpresponse&client_id=c1&client_secret=s1", Assert.Single(handler.Bodies));
    }

    [Theory]
    [InlineData(400, """{"error":"invalid_grant"}""", AlbError.IdentityProviderError, "AuthInvalidGrantError")]
    [InlineData(401, """{"error":"invalid_client"}""", AlbError.IdentityProviderError, "AuthTokenEpRequestFailed")]
    [InlineData(500, "", AlbError.IdentityProviderError, "AuthTokenEpRequestFailed")]
    [InlineData(200, "not json", AlbError.IdentityProviderError, "AuthInvalidTokenResponse")]
    [InlineData(200, """{"token_type":"Bearer"}""", AlbError.IdentityProviderError, "AuthInvalidTokenResponse")]
    public async Task TokenEndpointFailures(int status, string body, AlbError error, string reason)
    {
        using var client = new IdentityProviderClient(null, StubHandler.Json(body, (HttpStatusCode)status));
        var (_, failure) = await client.RedeemCodeAsync(Endpoints, Action, "c", "r", default);
        Assert.Equal((error, reason), (failure!.Error, failure.Reason));
    }

    [Theory]
    [InlineData(503, "", AlbError.IdentityProviderError, "AuthUserinfoEpRequestFailed")]
    [InlineData(200, "[]", AlbError.IdentityProviderError, "AuthInvalidUserinfoResponse")]
    [InlineData(200, "{", AlbError.IdentityProviderError, "AuthInvalidUserinfoResponse")]
    public async Task UserinfoFailures(int status, string body, AlbError error, string reason)
    {
        using var client = new IdentityProviderClient(null, StubHandler.Json(body, (HttpStatusCode)status));
        var (_, failure) = await client.GetUserInfoAsync(Endpoints, "at", default);
        Assert.Equal((error, reason), (failure!.Error, failure.Reason));
    }

    [Fact]
    public async Task UnreachableSlowAndOversizedAnswer500()
    {
        using var down = new IdentityProviderClient(null, new StubHandler((_, _) => throw new HttpRequestException("refused")));
        Assert.Equal((AlbError.AuthenticationError, "AuthTokenEpRequestTimeout"), Pair((await down.RedeemCodeAsync(Endpoints, Action, "c", "r", default)).Failure));
        Assert.Equal((AlbError.AuthenticationError, "AuthUserinfoEpRequestTimeout"), Pair((await down.GetUserInfoAsync(Endpoints, "at", default)).Failure));

        using var slow = new IdentityProviderClient(TimeSpan.FromMilliseconds(100), new StubHandler(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return new HttpResponseMessage(); }));
        Assert.Equal((AlbError.AuthenticationError, "AuthTokenEpRequestTimeout"), Pair((await slow.RedeemCodeAsync(Endpoints, Action, "c", "r", default)).Failure));

        using var huge = new IdentityProviderClient(null, StubHandler.Json("{\"a\":\"" + new string('x', 12 * 1024) + "\"}"));
        Assert.Equal((AlbError.AuthenticationError, "AuthUserinfoResponseSizeExceeded"), Pair((await huge.GetUserInfoAsync(Endpoints, "at", default)).Failure));
    }

    [Fact]
    public void TheIdTokenMustNameTheIssuerAndTheClient()
    {
        static string Jwt(string payload) => "e30." + Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(payload)) + ".sig";
        Assert.Null(OidcAuthenticator.CheckIdToken(Jwt("""{"iss":"https://idp.test","aud":"c1"}"""), Endpoints, Action));
        Assert.Null(OidcAuthenticator.CheckIdToken(Jwt("""{"iss":"https://idp.test","aud":["x","c1"]}"""), Endpoints, Action));
        Assert.Equal("AuthInvalidIdToken", OidcAuthenticator.CheckIdToken(null, Endpoints, Action)!.Reason);
        Assert.Equal("AuthInvalidIdToken", OidcAuthenticator.CheckIdToken("abc", Endpoints, Action)!.Reason);
        Assert.Equal("AuthInvalidIdToken", OidcAuthenticator.CheckIdToken(Jwt("""{"iss":"https://other","aud":"c1"}"""), Endpoints, Action)!.Reason);
        Assert.Equal("AuthInvalidIdToken", OidcAuthenticator.CheckIdToken(Jwt("""{"iss":"https://idp.test","aud":"c2"}"""), Endpoints, Action)!.Reason);
        Assert.Equal(AlbError.AuthenticationFailed, OidcAuthenticator.CheckIdToken(Jwt("nope"), Endpoints, Action)!.Error);
    }

    private static (AlbError, string) Pair(AuthFailure? failure) => (failure!.Error, failure.Reason);
}
