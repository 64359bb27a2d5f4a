using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlbEmulator.Authentication;
using AlbEmulator.Configuration;

namespace AlbEmulator.IdentityProvider;

/// <summary>
/// [ext] The built-in OpenID provider (config-format.md §5) for a laptop with no identity provider:
/// the users and claims of the config's <c>IdentityProvider</c> section, the authorization-code flow
/// with refresh tokens (and client credentials for service tokens), RS256 tokens, and the JWKS. Any
/// client ID and secret are accepted. Served on the admin endpoint under <c>/idp</c> by
/// <see cref="IdentityProviderEndpoint"/>; its issuer is the admin URL + <c>/idp</c>.
/// </summary>
public sealed class BuiltInIdentityProvider : IDisposable
{
    /// <summary>Authorization codes are single-use and live 5 minutes.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    public const int DefaultTokenLifetimeSeconds = 3600;

    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Grant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Func<IdentityProviderConfig?> _config;
    private readonly AdminUrlResolver _admin;
    private readonly TimeProvider _time;
    private readonly RSA _key = RSA.Create(2048);

    public BuiltInIdentityProvider(Func<IdentityProviderConfig?> config, AdminUrlResolver admin, TimeProvider time)
    {
        _config = config;
        _admin = admin;
        _time = time;
        KeyId = "idp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>The <c>kid</c> of the RS256 key that signs its tokens.</summary>
    public string KeyId { get; }

    /// <summary>The issuer (admin URL + <c>/idp</c>); null while the admin endpoint is not bound.</summary>
    public string? Issuer => _admin.BuiltInIssuer;

    /// <summary>Whether the config has an <c>IdentityProvider</c> section.</summary>
    public bool IsConfigured => _config() is not null;

    private TimeSpan TokenLifetime => TimeSpan.FromSeconds(_config()?.AccessTokenLifetimeSeconds ?? DefaultTokenLifetimeSeconds);

    /// <summary>The configured user with this name and password, or null.</summary>
    public IdentityProviderUserConfig? SignIn(string? username, string? password)
    {
        var user = FindUser(username);
        return user is not null && password is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.Password ?? ""), Encoding.UTF8.GetBytes(password))
            ? user
            : null;
    }

    public IdentityProviderUserConfig? FindUser(string? username) =>
        username is null ? null : _config()?.Users.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.Ordinal));

    /// <summary>A single-use code for a signed-in user.</summary>
    public string IssueCode(string username, string clientId, string redirectUri, string scope, string? nonce)
    {
        var code = Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new Grant(username, clientId, redirectUri, scope, nonce, _time.GetUtcNow() + CodeLifetime);
        return code;
    }

    /// <summary>Redeems a code (once); null is <c>invalid_grant</c>.</summary>
    public JsonObject? RedeemCode(string code, string clientId, string? redirectUri)
    {
        if (!_codes.TryRemove(code, out var grant) || grant.Expires <= _time.GetUtcNow() || grant.ClientId != clientId
            || (redirectUri is not null && redirectUri != grant.RedirectUri) || FindUser(grant.Username) is not { } user)
        {
            return null;
        }

        var refreshToken = Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        _refreshTokens[refreshToken] = grant with { Nonce = null };
        return Tokens(user, grant, refreshToken);
    }

    /// <summary>New tokens for a refresh token; null is <c>invalid_grant</c>.</summary>
    public JsonObject? Refresh(string refreshToken, string clientId)
    {
        if (!_refreshTokens.TryGetValue(refreshToken, out var grant) || grant.ClientId != clientId || FindUser(grant.Username) is not { } user)
        {
            return null;
        }

        return Tokens(user, grant, refreshToken);
    }

    /// <summary>Client credentials: an access token whose subject is the client (service-to-service, for jwt-validation rules).</summary>
    public JsonObject ClientCredentials(string clientId, string? scope)
    {
        var lifetime = TokenLifetime;
        var claims = new JsonObject { ["client_id"] = clientId };
        if (!string.IsNullOrEmpty(scope))
        {
            claims["scope"] = scope;
        }

        return new JsonObject
        {
            ["access_token"] = MintToken(clientId, claims, lifetime, audience: null, tokenUse: "access"),
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)lifetime.TotalSeconds,
        };
    }

    private JsonObject Tokens(IdentityProviderUserConfig user, Grant grant, string refreshToken)
    {
        var lifetime = TokenLifetime;
        var claims = UserClaims(user);
        var subject = claims["sub"]!.GetValue<string>();
        var access = new JsonObject { ["client_id"] = grant.ClientId, ["scope"] = grant.Scope, ["username"] = user.Username };
        var id = (JsonObject)claims.DeepClone();
        id.Remove("sub");
        if (grant.Nonce is { } nonce)
        {
            id["nonce"] = nonce;
        }

        return new JsonObject
        {
            ["access_token"] = MintToken(subject, access, lifetime, audience: null, tokenUse: "access"),
            ["id_token"] = MintToken(subject, id, lifetime, audience: grant.ClientId, tokenUse: "id"),
            ["refresh_token"] = refreshToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)lifetime.TotalSeconds,
        };
    }

    /// <summary>
    /// The userinfo claims of an access token it issued: <c>sub</c>, <c>username</c> and the user's
    /// configured claims; null when the token is not a valid, unexpired token of this provider.
    /// </summary>
    public JsonObject? UserInfo(string accessToken)
    {
        if (ReadOwnToken(accessToken) is not { } payload || payload["username"]?.GetValue<string>() is not { } username || FindUser(username) is not { } user)
        {
            return null;
        }

        return UserClaims(user);
    }

    /// <summary>A user's claims: the configured ones, plus <c>sub</c> (a UUID derived from the username unless configured) and <c>username</c>.</summary>
    public static JsonObject UserClaims(IdentityProviderUserConfig user)
    {
        var claims = new JsonObject();
        var configured = user.ClaimsJson is { } json ? JsonNode.Parse(json) as JsonObject : null;
        claims["sub"] = configured?["sub"]?.DeepClone() ?? StableSubject(user.Username ?? "");
        foreach (var (name, value) in configured ?? [])
        {
            if (name != "sub")
            {
                claims[name] = value?.DeepClone();
            }
        }

        if (!claims.ContainsKey("username"))
        {
            claims["username"] = user.Username;
        }

        return claims;
    }

    /// <summary>A UUID that is the same for the same username in every run.</summary>
    public static string StableSubject(string username)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("alb-emulator-idp:" + username));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>
    /// An RS256 JWT signed by this provider: <c>iss</c>, <c>sub</c>, <c>iat</c>, <c>exp</c>, <c>jti</c>,
    /// <c>token_use</c>, <c>aud</c> when given, then <paramref name="claims"/> (AlbEmulator.Testing mints
    /// bearer tokens for jwt-validation rules with it).
    /// </summary>
    public string MintToken(string subject, JsonObject? claims, TimeSpan lifetime, string? audience = null, string tokenUse = "access")
    {
        var now = _time.GetUtcNow();
        var payload = new JsonObject
        {
            ["iss"] = Issuer ?? throw new InvalidOperationException("The built-in identity provider needs the admin endpoint (--admin-url)."),
            ["sub"] = subject,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["token_use"] = tokenUse,
        };
        if (audience is not null)
        {
            payload["aud"] = audience;
        }

        foreach (var (name, value) in claims ?? [])
        {
            payload[name] = value?.DeepClone();
        }

        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId, ["typ"] = "JWT" };
        var signingInput = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.Encode(signature);
    }

    /// <summary>The payload of a token this provider signed, unexpired; else null.</summary>
    private JsonObject? ReadOwnToken(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !Base64Url.TryDecode(parts[2], out var signature) || !Base64Url.TryDecode(parts[1], out var payloadBytes))
        {
            return null;
        }

        if (!_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(payloadBytes) is JsonObject payload && payload["exp"]?.GetValue<long>() > _time.GetUtcNow().ToUnixTimeSeconds() ? payload : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The JWKS: the one RSA signing key.</summary>
    public JsonObject Jwks()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["kid"] = KeyId,
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["n"] = Base64Url.Encode(parameters.Modulus),
                ["e"] = Base64Url.Encode(parameters.Exponent),
            }),
        };
    }

    /// <summary>The OpenID Connect discovery document.</summary>
    public JsonObject Discovery()
    {
        var issuer = Issuer!;
        return new JsonObject
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/authorize",
            ["token_endpoint"] = issuer + "/token",
            ["userinfo_endpoint"] = issuer + "/userinfo",
            ["jwks_uri"] = issuer + "/jwks",
            ["response_types_supported"] = new JsonArray("code"),
            ["grant_types_supported"] = new JsonArray("authorization_code", "refresh_token", "client_credentials"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["scopes_supported"] = new JsonArray("openid", "email", "profile"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "client_secret_post", "none"),
            ["claims_supported"] = new JsonArray("sub", "username"),
        };
    }

    public void Dispose() => _key.Dispose();

    private sealed record Grant(string Username, string ClientId, string RedirectUri, string Scope, string? Nonce, DateTimeOffset Expires);
}
