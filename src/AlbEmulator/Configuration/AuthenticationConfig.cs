using AlbEmulator.Utilities;

namespace AlbEmulator.Configuration;

/// <summary>
/// <c>AuthenticateOidcConfig</c> (AUTH-1, config-format.md §5). Values as written; defaults are applied by
/// <see cref="Authentication.AuthenticationDefaults"/>.
/// </summary>
public sealed record AuthenticateOidcActionConfig
{
    public string? Issuer { get; init; }

    public string? AuthorizationEndpoint { get; init; }

    public string? TokenEndpoint { get; init; }

    public string? UserInfoEndpoint { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    /// <summary>Accepted from the API (ModifyRule keeps the stored secret); no effect locally.</summary>
    public bool? UseExistingClientSecret { get; init; }

    public string? SessionCookieName { get; init; }

    public string? Scope { get; init; }

    /// <summary>Seconds, 1–604800; default 604800.</summary>
    public long? SessionTimeout { get; init; }

    public ValueList<KeyValueConfig> AuthenticationRequestExtraParams { get; init; } = ValueList<KeyValueConfig>.Empty;

    /// <summary><c>deny</c>, <c>allow</c> or <c>authenticate</c> (default).</summary>
    public string? OnUnauthenticatedRequest { get; init; }
}

/// <summary><c>AuthenticateCognitoConfig</c>: served locally by the built-in identity provider.</summary>
public sealed record AuthenticateCognitoActionConfig
{
    public string? UserPoolArn { get; init; }

    public string? UserPoolClientId { get; init; }

    public string? UserPoolDomain { get; init; }

    public string? SessionCookieName { get; init; }

    public string? Scope { get; init; }

    public long? SessionTimeout { get; init; }

    public ValueList<KeyValueConfig> AuthenticationRequestExtraParams { get; init; } = ValueList<KeyValueConfig>.Empty;

    public string? OnUnauthenticatedRequest { get; init; }
}

/// <summary>One entry of a string map (<c>AuthenticationRequestExtraParams</c>).</summary>
public sealed record KeyValueConfig(string Key, string Value);

/// <summary><c>JwtValidationConfig</c> (ACT-50).</summary>
public sealed record JwtValidationActionConfig
{
    public string? JwksEndpoint { get; init; }

    public string? Issuer { get; init; }

    public ValueList<JwtAdditionalClaimConfig> AdditionalClaims { get; init; } = ValueList<JwtAdditionalClaimConfig>.Empty;
}

/// <summary>One <c>JwtValidationActionAdditionalClaim</c>.</summary>
public sealed record JwtAdditionalClaimConfig
{
    /// <summary><c>single-string</c>, <c>string-array</c> or <c>space-separated-values</c>.</summary>
    public string? Format { get; init; }

    public string? Name { get; init; }

    public ValueList<string> Values { get; init; } = ValueList<string>.Empty;
}

/// <summary>[ext] The built-in identity provider (config-format.md §5), served on the admin endpoint under <c>/idp</c>.</summary>
public sealed record IdentityProviderConfig
{
    public ValueList<IdentityProviderUserConfig> Users { get; init; } = ValueList<IdentityProviderUserConfig>.Empty;

    /// <summary>[ext] Lifetime of the access and ID tokens it issues, in seconds (default 3600).</summary>
    public int? AccessTokenLifetimeSeconds { get; init; }
}

/// <summary>A user of the built-in identity provider.</summary>
public sealed record IdentityProviderUserConfig
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>The user's claims as a JSON object text (any JSON values), served by userinfo and put in the ID token.</summary>
    public string? ClaimsJson { get; init; }
}
