using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AlbEmulator.Authentication;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.AuthTests;

/// <summary>
/// jwt-validation (ACT-50) on the wire, with RSA keys generated here and a JWKS served by a test
/// backend: every outcome and its error_reason, the token forwarded unchanged, the JWKS cache, and the
/// built-in identity provider's tokens (client credentials) through <c>{admin-url}</c>.
/// </summary>
public sealed class JwtValidationTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.test";
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private string _jwksMode = "ok";
    private int _jwksRequests;
    private TestBackend _jwks = null!;
    private AuthScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _jwks = await TestBackend.StartAsync("jwks", handler: ServeJwksAsync);
        var claims = """
            , "AdditionalClaims": [
                { "Format": "single-string", "Name": "tenant", "Values": [ "acme", "globex" ] },
                { "Format": "string-array", "Name": "groups", "Values": [ "dev" ] },
                { "Format": "space-separated-values", "Name": "scope", "Values": [ "read", "write" ] } ]
            """;
        _scenario = await AuthScenario.StartAsync(string.Join(",\n",
            AuthScenario.Rule(10, "/api*", $$"""{ "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "http://127.0.0.1:{{_jwks.Port}}/jwks", "Issuer": "{{Issuer}}" {{claims}} } }"""),
            AuthScenario.Rule(20, "/plain*", $$"""{ "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "http://127.0.0.1:{{_jwks.Port}}/jwks", "Issuer": "{{Issuer}}" } }"""),
            AuthScenario.Rule(30, "/builtin*", """{ "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "{admin-url}/idp/jwks", "Issuer": "{admin-url}/idp" } }""")));
    }

    public async Task DisposeAsync()
    {
        await _scenario.DisposeAsync();
        await _jwks.DisposeAsync();
        _key.Dispose();
        _otherKey.Dispose();
    }

    private static JsonObject ValidClaims(long? now = null)
    {
        var t = now ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = Issuer, ["sub"] = "svc", ["exp"] = t + 300, ["nbf"] = t - 10, ["iat"] = t - 10,
            ["tenant"] = "acme", ["groups"] = new JsonArray("ops", "dev"), ["scope"] = "read write admin",
        };
    }

    public static TheoryData<string, string> Outcomes => new()
    {
        { "no-header", "JWTHeaderNotPresent" },
        { "basic", "JWTHeaderNotPresent" },
        { "two-segments", "JWTRequestFormatInvalid" },
        { "not-json", "JWTRequestFormatInvalid" },
        { "hs256", "JWTSignatureValidationError" },
        { "other-key", "JWTSignatureValidationError" },
        { "unknown-kid", "JWTSignatureValidationError" },
        { "tampered", "JWTSignatureValidationError" },
        { "no-iss", "JWTClaimNotPresent" },
        { "wrong-iss", "JWTClaimValueInvalid" },
        { "no-exp", "JWTClaimNotPresent" },
        { "string-exp", "JWTClaimFormatInvalid" },
        { "expired", "JWTClaimValueInvalid" },
        { "nbf-future", "JWTClaimValueInvalid" },
        { "iat-future", "JWTClaimValueInvalid" },
        { "no-tenant", "JWTClaimNotPresent" },
        { "tenant-array", "JWTClaimFormatInvalid" },
        { "tenant-other", "JWTClaimValueInvalid" },
        { "groups-string", "JWTClaimFormatInvalid" },
        { "groups-missing-dev", "JWTClaimValueInvalid" },
        { "scope-array", "JWTClaimFormatInvalid" },
        { "scope-missing-write", "JWTClaimValueInvalid" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task AnInvalidRequestAnswers401WithItsErrorReason(string variant, string errorReason)
    {
        var claims = ValidClaims();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string? authorization = variant switch
        {
            "no-header" => null,
            "basic" => "Basic YTpi",
            "two-segments" => "Bearer abc.def",
            "not-json" => "Bearer " + Base64Url.Encode("{"u8) + "." + Base64Url.Encode("{}"u8) + ".AAAA",
            _ => null,
        };
        if (authorization is null && variant != "no-header")
        {
            var key = variant == "other-key" ? _otherKey : _key;
            var kid = variant == "unknown-kid" ? "nope" : "k1";
            var alg = variant == "hs256" ? "HS256" : "RS256";
            switch (variant)
            {
                case "no-iss": claims.Remove("iss"); break;
                case "wrong-iss": claims["iss"] = "https://evil.test"; break;
                case "no-exp": claims.Remove("exp"); break;
                case "string-exp": claims["exp"] = "tomorrow"; break;
                case "expired": claims["exp"] = now - 1; break;
                case "nbf-future": claims["nbf"] = now + 120; break;
                case "iat-future": claims["iat"] = now + 120; break;
                case "no-tenant": claims.Remove("tenant"); break;
                case "tenant-array": claims["tenant"] = new JsonArray("acme"); break;
                case "tenant-other": claims["tenant"] = "initech"; break;
                case "groups-string": claims["groups"] = "dev"; break;
                case "groups-missing-dev": claims["groups"] = new JsonArray("ops"); break;
                case "scope-array": claims["scope"] = new JsonArray("read", "write"); break;
                case "scope-missing-write": claims["scope"] = "read"; break;
            }

            var token = Sign(key, claims, kid, alg);
            if (variant == "tampered")
            {
                var parts = token.Split('.');
                claims["tenant"] = "globex";
                token = parts[0] + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString())) + "." + parts[2];
            }

            authorization = "Bearer " + token;
        }

        var path = $"/api/{variant}";
        var response = await SendAsync(path, authorization);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _scenario.Backend.RequestCount);
        var line = await _scenario.LogAsync(path);
        Assert.Equal("401", line.ElbStatusCode);
        Assert.Equal(errorReason, line.ErrorReason);
        Assert.Equal("jwt-validation", line.ActionsExecuted);
    }

    [Fact]
    public async Task AValidTokenIsForwardedUnchangedAndTheJwksIsCached()
    {
        var token = Sign(_key, ValidClaims(), "k1");
        var before = Volatile.Read(ref _jwksRequests);
        for (var i = 0; i < 3; i++)
        {
            var echoed = await Browser.EchoAsync(await SendAsync($"/api/ok{i}", "Bearer " + token));
            Assert.Equal("Bearer " + token, echoed.Header("Authorization"));
        }

        Assert.True(Volatile.Read(ref _jwksRequests) - before <= 1, "the JWKS is fetched once and cached");
        Assert.Equal("jwt-validation,forward", (await _scenario.LogAsync("/api/ok0")).ActionsExecuted);

        // A key without kid in the token: every JWKS key is tried.
        var withoutKid = Sign(_key, ValidClaims(), kid: null);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/plain/no-kid", "Bearer " + withoutKid)).StatusCode);
    }

    public static TheoryData<string, string> JwksOutcomes => new()
    {
        { "status-500", "JWKSRequestFailed" },
        { "not-json", "JWKSResponseInvalid" },
        { "eleven-keys", "JWKSResponseInvalid" },
        { "too-big", "JWKSResponseSizeExceeded" },
        { "slow", "JWKSRequestTimeout" },
    };

    [Theory]
    [MemberData(nameof(JwksOutcomes))]
    public async Task JwksTroubleAnswers401WithItsErrorReason(string mode, string errorReason)
    {
        // A fresh emulator so nothing is cached; the endpoint misbehaves from the start.
        _jwksMode = mode;
        await using var scenario = await AuthScenario.StartAsync(AuthScenario.Rule(10, "/api*",
            $$"""{ "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "http://127.0.0.1:{{_jwks.Port}}/jwks", "Issuer": "{{Issuer}}" } }"""));
        using var client = new Browser();
        var request = new Uri(scenario.Url("/api/jwks"), "");
        var response = await client.GetAsync(request, [("Authorization", "Bearer " + Sign(_key, ValidClaims(), "k1"))]);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(errorReason, (await scenario.LogAsync("/api/jwks")).ErrorReason);
    }

    [Fact]
    public async Task JwksDownAnswers401JwksRequestFailed()
    {
        await using var scenario = await AuthScenario.StartAsync(AuthScenario.Rule(10, "/api*",
            $$"""{ "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "http://127.0.0.1:1/jwks", "Issuer": "{{Issuer}}" } }"""));
        using var client = new Browser();
        var response = await client.GetAsync(scenario.Url("/api/down"), [("Authorization", "Bearer " + Sign(_key, ValidClaims(), "k1"))]);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("JWKSRequestFailed", (await scenario.LogAsync("/api/down")).ErrorReason);
    }

    [Fact]
    public async Task TheBuiltInProvidersClientCredentialsTokensPassThroughAdminUrlRules()
    {
        using var admin = new HttpClient { BaseAddress = _scenario.Admin };
        var tokenResponse = await admin.PostAsync("idp/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "svc-a", ["client_secret"] = "x" }));
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var accessToken = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/builtin/cc", "Bearer " + accessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("/builtin/foreign", "Bearer " + Sign(_key, ValidClaims(), "k1"))).StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string? authorization)
    {
        using var browser = new Browser();
        return await browser.GetAsync(_scenario.Url(path), authorization is null ? [] : [("Authorization", authorization)]);
    }

    private static string Sign(RSA key, JsonObject claims, string? kid, string alg = "RS256")
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.Encode(signature);
    }

    private async Task ServeJwksAsync(HttpContext context)
    {
        Interlocked.Increment(ref _jwksRequests);
        var response = context.Response;
        var parameters = _key.ExportParameters(false);
        JsonObject Key(string kid) => new() { ["kty"] = "RSA", ["kid"] = kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = Base64Url.Encode(parameters.Modulus), ["e"] = Base64Url.Encode(parameters.Exponent) };
        switch (_jwksMode)
        {
            case "status-500":
                response.StatusCode = 500;
                return;
            case "not-json":
                await response.WriteAsync("<html/>");
                return;
            case "eleven-keys":
                await response.WriteAsync(new JsonObject { ["keys"] = new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)Key("k" + i)).ToArray()) }.ToJsonString());
                return;
            case "too-big":
                await response.WriteAsync(new JsonObject { ["keys"] = new JsonArray(Key("k1")), ["padding"] = new string('x', 151 * 1024) }.ToJsonString());
                return;
            case "slow":
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                return;
            default:
                response.ContentType = "application/json";
                await response.WriteAsync(new JsonObject { ["keys"] = new JsonArray(Key("k1"), new JsonObject { ["kty"] = "EC", ["kid"] = "ec", ["crv"] = "P-256", ["x"] = "AA", ["y"] = "AA" }) }.ToJsonString());
                return;
        }
    }
}
