namespace AlbEmulator.Authentication;

/// <summary>
/// ALB's defaults and limits for the authentication actions (AUTH-1, AUTH-6, ACT-50), and the choices
/// AlbEmulator makes where AWS is silent ([EMU], docs/authentication.md), in one place.
/// </summary>
public static class AuthenticationDefaults
{
    public const string SessionCookieName = "AWSELBAuthSessionCookie";

    public const string Scope = "openid";

    /// <summary>7 days, in seconds; also the maximum.</summary>
    public const long SessionTimeoutSeconds = 604_800;

    public const string OnUnauthenticatedRequest = "authenticate";

    /// <summary>The callback path on every load balancer host (AUTH-2).</summary>
    public const string CallbackPath = "/oauth2/idpresponse";

    /// <summary>The cookie that binds the IdP round-trip to the browser (AUTH-2).</summary>
    public const string NonceCookieName = "AWSALBAuthNonce";

    /// <summary>A sign-in not finished within 15 minutes answers 401 (AUTH-6).</summary>
    public static readonly TimeSpan LoginTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Token, userinfo and JWKS requests: 5 seconds (AUTH-6, ACT-50).</summary>
    public static readonly TimeSpan IdentityProviderTimeout = TimeSpan.FromSeconds(5);

    /// <summary>User claims plus access token above 11 K answer 500 (AUTH-6).</summary>
    public const int MaxClaimsBytes = 11 * 1024;

    /// <summary>One session cookie shard holds at most 4 K; at most 4 shards (AUTH-3).</summary>
    public const int CookieShardSize = 4000;

    public const int MaxCookieShards = 4;

    /// <summary>The session cookie's Expires: 7 days whatever the SessionTimeout (AUTH-3).</summary>
    public static readonly TimeSpan SessionCookieLifetime = TimeSpan.FromDays(7);

    /// <summary>[EMU] Lifetime of one <c>x-amzn-oidc-data</c> token (its <c>exp</c>); AWS does not document it.</summary>
    public static readonly TimeSpan ClaimsTokenLifetime = TimeSpan.FromMinutes(2);

    /// <summary>[EMU] The access token's lifetime when the token endpoint gives no <c>expires_in</c>.</summary>
    public static readonly TimeSpan DefaultAccessTokenLifetime = TimeSpan.FromHours(1);

    public const int MaxExtraParams = 10;

    /// <summary>JWKS limits (ACT-50).</summary>
    public const int MaxJwksBytes = 150 * 1024;

    public const int MaxJwksKeys = 10;

    /// <summary>[EMU] How long a fetched JWKS is reused before it is fetched again.</summary>
    public static readonly TimeSpan JwksCacheLifetime = TimeSpan.FromMinutes(5);

    /// <summary>[EMU] An unknown <c>kid</c> refetches the JWKS at most this often (key rotation).</summary>
    public static readonly TimeSpan JwksRefetchInterval = TimeSpan.FromSeconds(10);

    public const int MaxAdditionalClaims = 10;

    public const int MaxClaimValues = 10;

    public const int MaxClaimValueLength = 256;

    public const int MaxEndpointLength = 256;

    /// <summary>Claims ALB always validates; AdditionalClaims may not name them.</summary>
    public static readonly string[] RegisteredClaims = ["exp", "iss", "nbf", "iat"];

    public static readonly string[] OnUnauthenticatedRequestValues = ["deny", "allow", "authenticate"];

    public static readonly string[] ClaimFormats = ["single-string", "string-array", "space-separated-values"];
}
