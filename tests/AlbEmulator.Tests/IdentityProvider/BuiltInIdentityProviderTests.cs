using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AlbEmulator.Authentication;
using AlbEmulator.Configuration;
using AlbEmulator.IdentityProvider;
using AlbEmulator.Tests.Common;
using AlbEmulator.Utilities;

namespace AlbEmulator.Tests.IdentityProvider;

public sealed class BuiltInIdentityProviderTests
{
    private static readonly IdentityProviderConfig Config = new()
    {
        AccessTokenLifetimeSeconds = 60,
        Users = new[]
        {
            new IdentityProviderUserConfig { Username = "alice", Password = "pw", ClaimsJson = """{"email":"alice@example.com","groups":["admin"]}""" },
            new IdentityProviderUserConfig { Username = "svc", Password = "pw2", ClaimsJson = """{"sub":"fixed-sub"}""" },
        }.ToValueList(),
    };

    private static (BuiltInIdentityProvider Idp, ManualTimeProvider Clock) Create()
    {
        var admin = new AdminUrlResolver();
        admin.SetAdminUri(new Uri("http://127.0.0.1:8081/"));
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        return (new BuiltInIdentityProvider(() => Config, admin, clock), clock);
    }

    [Fact]
    public void CodesAreSingleUseBoundToClientAndRedirectAndExpire()
    {
        var (idp, clock) = Create();
        Assert.Null(idp.SignIn("alice", "wrong"));
        Assert.NotNull(idp.SignIn("alice", "pw"));
        var code = idp.IssueCode("alice", "c1", "https://lb/oauth2/idpresponse", "openid", "n1");
        Assert.Null(idp.RedeemCode(code, "c2", "https://lb/oauth2/idpresponse"));
        code = idp.IssueCode("alice", "c1", "https://lb/oauth2/idpresponse", "openid", "n1");
        Assert.Null(idp.RedeemCode(code, "c1", "https://other/oauth2/idpresponse"));
        code = idp.IssueCode("alice", "c1", "https://lb/oauth2/idpresponse", "openid", "n1");
        var tokens = idp.RedeemCode(code, "c1", "https://lb/oauth2/idpresponse")!;
        Assert.Null(idp.RedeemCode(code, "c1", "https://lb/oauth2/idpresponse"));
        Assert.Equal(60, tokens["expires_in"]!.GetValue<long>());

        code = idp.IssueCode("alice", "c1", "https://lb/oauth2/idpresponse", "openid", null);
        clock.Advance(BuiltInIdentityProvider.CodeLifetime);
        Assert.Null(idp.RedeemCode(code, "c1", null));
    }

    [Fact]
    public void TokensCarryTheClaimsUserinfoChecksExpiryAndRefreshWorks()
    {
        var (idp, clock) = Create();
        var tokens = idp.RedeemCode(idp.IssueCode("alice", "c1", "https://lb/cb", "openid", "n1"), "c1", "https://lb/cb")!;
        var id = Payload(tokens["id_token"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:8081/idp", id["iss"]!.GetValue<string>());
        Assert.Equal("c1", id["aud"]!.GetValue<string>());
        Assert.Equal("n1", id["nonce"]!.GetValue<string>());
        Assert.Equal("alice@example.com", id["email"]!.GetValue<string>());
        Assert.Equal(BuiltInIdentityProvider.StableSubject("alice"), id["sub"]!.GetValue<string>());

        var userInfo = idp.UserInfo(tokens["access_token"]!.GetValue<string>())!;
        Assert.Equal("""{"sub":"{{SUB}}","email":"alice@example.com","groups":["admin"],"username":"alice"}""".Replace("{{SUB}}", BuiltInIdentityProvider.StableSubject("alice"), StringComparison.Ordinal), userInfo.ToJsonString());
        Assert.Null(idp.UserInfo(tokens["access_token"]!.GetValue<string>() + "x"));

        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Null(idp.UserInfo(tokens["access_token"]!.GetValue<string>()));
        var refreshed = idp.Refresh(tokens["refresh_token"]!.GetValue<string>(), "c1")!;
        Assert.NotNull(idp.UserInfo(refreshed["access_token"]!.GetValue<string>()));
        Assert.Null(idp.Refresh(tokens["refresh_token"]!.GetValue<string>(), "other-client"));
        Assert.Null(idp.Refresh("unknown", "c1"));
    }

    [Fact]
    public void AConfiguredSubWinsAndMintedTokensVerifyWithTheJwks()
    {
        var (idp, _) = Create();
        Assert.Equal("fixed-sub", BuiltInIdentityProvider.UserClaims(Config.Users[1])["sub"]!.GetValue<string>());
        Assert.Equal("6b3f8bd8-1e84-5b1b-8ff1-4c6b7f3b0d4a".Length, BuiltInIdentityProvider.StableSubject("x").Length);
        Assert.Equal(BuiltInIdentityProvider.StableSubject("x"), BuiltInIdentityProvider.StableSubject("x"));

        var token = idp.MintToken("svc-1", new JsonObject { ["scope"] = "read" }, TimeSpan.FromMinutes(5));
        var parts = token.Split('.');
        var key = idp.Jwks()["keys"]![0]!;
        Assert.Equal(idp.KeyId, key["kid"]!.GetValue<string>());
        using var rsa = RSA.Create();
        Assert.True(Base64Url.TryDecode(key["n"]!.GetValue<string>(), out var n) & Base64Url.TryDecode(key["e"]!.GetValue<string>(), out var e));
        rsa.ImportParameters(new RSAParameters { Modulus = n, Exponent = e });
        Assert.True(Base64Url.TryDecode(parts[2], out var signature));
        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal("read", Payload(token)["scope"]!.GetValue<string>());
        Assert.Equal(1_800_000_300, Payload(token)["exp"]!.GetValue<long>());

        var discovery = idp.Discovery();
        Assert.Equal("http://127.0.0.1:8081/idp/jwks", discovery["jwks_uri"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:8081/idp/token", discovery["token_endpoint"]!.GetValue<string>());
    }

    private static JsonObject Payload(string jwt)
    {
        Assert.True(Base64Url.TryDecode(jwt.Split('.')[1], out var bytes));
        return JsonNode.Parse(bytes)!.AsObject();
    }
}
