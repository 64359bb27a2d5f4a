using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlbEmulator.Authentication;
using AlbEmulator.Configuration;
using AlbEmulator.Tests.Common;
using AlbEmulator.Utilities;

namespace AlbEmulator.Tests.Authentication;

/// <summary>jwt-validation's checks with RSA keys generated here and a stubbed JWKS endpoint.</summary>
public sealed class JwtBearerValidatorTests
{
    private const long Now = 1_800_000_000;
    private const string Issuer = "https://issuer.test";
    private static readonly RSA SharedKey = RSA.Create(2048);
    private readonly RSA _key = SharedKey;
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(Now));

    private string Jwks(params string[] kids)
    {
        var p = _key.ExportParameters(false);
        return new JsonObject { ["keys"] = new JsonArray(kids.Select(k => (JsonNode)new JsonObject { ["kty"] = "RSA", ["kid"] = k, ["n"] = Base64Url.Encode(p.Modulus), ["e"] = Base64Url.Encode(p.Exponent) }).ToArray()) }.ToJsonString();
    }

    private (JwtBearerValidator Validator, StubHandler Handler) Create(StubHandler? handler = null)
    {
        handler ??= StubHandler.Json(Jwks("k1"));
        var client = new IdentityProviderClient(TimeSpan.FromSeconds(5), handler);
        return (new JwtBearerValidator(new JwksCache(client, _clock), new AdminUrlResolver(), _clock), handler);
    }

    private string Token(JsonObject claims, string kid = "k1", RSA? key = null)
    {
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(new JsonObject { ["alg"] = "RS256", ["kid"] = kid }.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + Base64Url.Encode((key ?? _key).SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static JwtValidationActionModel Action(params JwtAdditionalClaimConfig[] claims) =>
        new(new JwtValidationActionConfig { JwksEndpoint = "https://jwks.test/keys", Issuer = Issuer, AdditionalClaims = claims.ToValueList() });

    [Fact]
    public async Task AValidTokenPassesAndTheJwksIsFetchedOnce()
    {
        var (validator, handler) = Create();
        var token = Token(new JsonObject { ["iss"] = Issuer, ["exp"] = Now + 600, ["nbf"] = Now, ["iat"] = Now });
        Assert.Null(await validator.CheckAsync("Bearer " + token, Action(), default));
        Assert.Null(await validator.CheckAsync("bearer " + token, Action(), default));
        Assert.Equal(1, handler.Calls);

        // After the cache lifetime the JWKS is fetched again.
        _clock.Advance(AuthenticationDefaults.JwksCacheLifetime);
        Assert.Null(await validator.CheckAsync("Bearer " + token, Action(), default));
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task AnUnknownKidRefetchesTheJwksAtMostEveryTenSeconds()
    {
        var (validator, handler) = Create();
        var token = Token(new JsonObject { ["iss"] = Issuer, ["exp"] = Now + 600 }, kid: "rotated");
        Assert.Equal("JWTSignatureValidationError", (await validator.CheckAsync("Bearer " + token, Action(), default))!.Reason);
        Assert.Equal("JWTSignatureValidationError", (await validator.CheckAsync("Bearer " + token, Action(), default))!.Reason);
        Assert.Equal(1, handler.Calls);
        _clock.Advance(AuthenticationDefaults.JwksRefetchInterval);
        await validator.CheckAsync("Bearer " + token, Action(), default);
        Assert.Equal(2, handler.Calls);
    }

    public static TheoryData<string, string> ClaimCases => new()
    {
        { """{"exp":1800000100}""", "JWTClaimNotPresent" },
        { """{"iss":7,"exp":1800000100}""", "JWTClaimFormatInvalid" },
        { """{"iss":"https://other.test","exp":1800000100}""", "JWTClaimValueInvalid" },
        { """{"iss":"https://issuer.test"}""", "JWTClaimNotPresent" },
        { """{"iss":"https://issuer.test","exp":"soon"}""", "JWTClaimFormatInvalid" },
        { """{"iss":"https://issuer.test","exp":1800000000}""", "JWTClaimValueInvalid" },
        { """{"iss":"https://issuer.test","exp":1800000100,"nbf":"x"}""", "JWTClaimFormatInvalid" },
        { """{"iss":"https://issuer.test","exp":1800000100,"nbf":1800000001}""", "JWTClaimValueInvalid" },
        { """{"iss":"https://issuer.test","exp":1800000100,"iat":true}""", "JWTClaimFormatInvalid" },
        { """{"iss":"https://issuer.test","exp":1800000100,"iat":1800000001}""", "JWTClaimValueInvalid" },
        { """{"iss":"https://issuer.test","exp":1800000100.5,"nbf":1800000000,"iat":1799999999}""", "" },
    };

    [Theory]
    [MemberData(nameof(ClaimCases))]
    public void RegisteredClaims(string payload, string reason)
    {
        using var document = JsonDocument.Parse(payload);
        Assert.Equal(reason, JwtBearerValidator.CheckClaims(document.RootElement, Issuer, [], Now)?.Reason ?? "");
    }

    public static TheoryData<string, string, string, string> AdditionalCases => new()
    {
        { "single-string", "tenant", """{"tenant":"acme"}""", "" },
        { "single-string", "tenant", """{"tenant":"globex"}""", "" },
        { "single-string", "tenant", """{"tenant":"initech"}""", "JWTClaimValueInvalid" },
        { "single-string", "tenant", """{"tenant":["acme"]}""", "JWTClaimFormatInvalid" },
        { "single-string", "tenant", """{}""", "JWTClaimNotPresent" },
        { "string-array", "groups", """{"groups":["x","acme","globex"]}""", "" },
        { "string-array", "groups", """{"groups":["acme"]}""", "JWTClaimValueInvalid" },
        { "string-array", "groups", """{"groups":"acme globex"}""", "JWTClaimFormatInvalid" },
        { "string-array", "groups", """{"groups":["acme",1]}""", "JWTClaimFormatInvalid" },
        { "space-separated-values", "scope", """{"scope":"globex  read acme"}""", "" },
        { "space-separated-values", "scope", """{"scope":"acme"}""", "JWTClaimValueInvalid" },
        { "space-separated-values", "scope", """{"scope":["acme","globex"]}""", "JWTClaimFormatInvalid" },
    };

    [Theory]
    [MemberData(nameof(AdditionalCases))]
    public void AdditionalClaimsInTheirThreeFormats(string format, string name, string claims, string reason)
    {
        var payload = JsonNode.Parse(claims)!.AsObject();
        payload["iss"] = Issuer;
        payload["exp"] = Now + 100;
        using var document = JsonDocument.Parse(payload.ToJsonString());
        var claim = new JwtAdditionalClaimConfig { Format = format, Name = name, Values = new[] { "acme", "globex" }.ToValueList() };
        Assert.Equal(reason, JwtBearerValidator.CheckClaims(document.RootElement, Issuer, [claim], Now)?.Reason ?? "");
    }

    [Theory]
    [InlineData(null, "JWTHeaderNotPresent")]
    [InlineData("Bearer ", "JWTHeaderNotPresent")]
    [InlineData("Token abc", "JWTHeaderNotPresent")]
    [InlineData("Bearer a.b", "JWTRequestFormatInvalid")]
    [InlineData("Bearer a.b.c.d", "JWTRequestFormatInvalid")]
    [InlineData("Bearer e30.e30.!!", "JWTRequestFormatInvalid")]
    [InlineData("Bearer W10.e30.AA", "JWTRequestFormatInvalid")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.e30.", "JWTSignatureValidationError")]
    public async Task MalformedRequests(string? authorization, string reason)
    {
        var (validator, _) = Create();
        Assert.Equal(reason, (await validator.CheckAsync(authorization is null ? default : new Microsoft.Extensions.Primitives.StringValues(authorization), Action(), default))!.Reason);
    }

    [Fact]
    public async Task AWrongKeyOrATamperedPayloadFailsTheSignature()
    {
        var (validator, _) = Create();
        using var other = RSA.Create(2048);
        var claims = new JsonObject { ["iss"] = Issuer, ["exp"] = Now + 10 };
        Assert.Equal("JWTSignatureValidationError", (await validator.CheckAsync("Bearer " + Token(claims, key: other), Action(), default))!.Reason);
        var parts = Token(claims).Split('.');
        var tampered = parts[0] + "." + Base64Url.Encode(Encoding.UTF8.GetBytes("""{"iss":"https://issuer.test","exp":1900000000}""")) + "." + parts[2];
        Assert.Equal("JWTSignatureValidationError", (await validator.CheckAsync("Bearer " + tampered, Action(), default))!.Reason);
    }

    public static TheoryData<string, int, string> JwksCases => new()
    {
        { "{", 200, "JWKSResponseInvalid" },
        { "[]", 200, "JWKSResponseInvalid" },
        { """{"keys":[{"kty":"EC","kid":"e"}]}""", 200, "JWKSResponseInvalid" },
        { """{"keys":[{"kty":"RSA","kid":"k1","n":"!!","e":"AQAB"}]}""", 200, "JWKSResponseInvalid" },
        { "{}", 500, "JWKSRequestFailed" },
        { "{}", 404, "JWKSRequestFailed" },
    };

    [Theory]
    [MemberData(nameof(JwksCases))]
    public async Task JwksProblems(string body, int status, string reason)
    {
        var (validator, _) = Create(StubHandler.Json(body, (HttpStatusCode)status));
        Assert.Equal(reason, (await validator.CheckAsync("Bearer " + Token(new JsonObject { ["iss"] = Issuer, ["exp"] = Now + 10 }), Action(), default))!.Reason);
    }

    [Fact]
    public async Task JwksLimitsElevenKeysAndOver150KAndTimeout()
    {
        var token = "Bearer " + Token(new JsonObject { ["iss"] = Issuer, ["exp"] = Now + 10 });
        var (eleven, _) = Create(StubHandler.Json(Jwks(Enumerable.Range(0, 11).Select(i => "k" + i).ToArray())));
        Assert.Equal("JWKSResponseInvalid", (await eleven.CheckAsync(token, Action(), default))!.Reason);
        var (ten, _) = Create(StubHandler.Json(Jwks(Enumerable.Range(0, 10).Select(i => "k" + i).ToArray())));
        Assert.Null(await ten.CheckAsync(token, Action(), default));

        var big = Jwks("k1")[..^1] + ",\"pad\":\"" + new string('x', 150 * 1024) + "\"}";
        var (tooBig, _) = Create(StubHandler.Json(big));
        Assert.Equal("JWKSResponseSizeExceeded", (await tooBig.CheckAsync(token, Action(), default))!.Reason);

        var slowHandler = new StubHandler(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return new HttpResponseMessage(); });
        var client = new IdentityProviderClient(TimeSpan.FromMilliseconds(200), slowHandler);
        var slow = new JwtBearerValidator(new JwksCache(client, _clock), new AdminUrlResolver(), _clock);
        Assert.Equal("JWKSRequestTimeout", (await slow.CheckAsync(token, Action(), default))!.Reason);

        var down = new IdentityProviderClient(TimeSpan.FromSeconds(5), new StubHandler((_, _) => throw new HttpRequestException("Connection refused")));
        Assert.Equal("JWKSRequestFailed", (await new JwtBearerValidator(new JwksCache(down, _clock), new AdminUrlResolver(), _clock).CheckAsync(token, Action(), default))!.Reason);
    }
}
