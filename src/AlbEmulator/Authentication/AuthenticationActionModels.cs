using AlbEmulator.Configuration;

namespace AlbEmulator.Authentication;

/// <summary>An authentication action of a rule, run after the match and before the routing action (AUTH-1, ACT-50).</summary>
public abstract class AuthenticationActionModel
{
    /// <summary>The <c>actions_executed</c> token: <c>authenticate</c> or <c>jwt-validation</c>.</summary>
    public abstract string LogName { get; }

    /// <summary>The model of the first authentication action in <paramref name="actions"/>, or null.</summary>
    public static AuthenticationActionModel? Build(IReadOnlyList<ActionConfig> actions)
    {
        foreach (var action in actions.OrderBy(a => a.Order ?? 0))
        {
            switch (action)
            {
                case { Type: "authenticate-oidc", AuthenticateOidcConfig: { } oidc }:
                    return OidcActionModel.From(oidc);
                case { Type: "authenticate-cognito", AuthenticateCognitoConfig: { } cognito }:
                    return OidcActionModel.From(cognito);
                case { Type: "jwt-validation", JwtValidationConfig: { } jwt }:
                    return new JwtValidationActionModel(jwt);
            }
        }

        return null;
    }
}

/// <summary>What to do with a request that has no valid session (AUTH-2).</summary>
public enum UnauthenticatedRequestBehavior
{
    Authenticate,
    Deny,
    Allow,
}

/// <summary><c>authenticate-oidc</c> or <c>authenticate-cognito</c> with ALB's defaults applied.</summary>
public sealed class OidcActionModel : AuthenticationActionModel
{
    private OidcActionModel(bool isCognito, string? issuer, string? authorizationEndpoint, string? tokenEndpoint, string? userInfoEndpoint, string clientId, string? clientSecret,
        string? cookieName, string? scope, long? sessionTimeout, IReadOnlyList<KeyValueConfig> extraParams, string? onUnauthenticated)
    {
        IsCognito = isCognito;
        Issuer = issuer ?? "";
        AuthorizationEndpoint = authorizationEndpoint ?? "";
        TokenEndpoint = tokenEndpoint ?? "";
        UserInfoEndpoint = userInfoEndpoint ?? "";
        ClientId = clientId;
        ClientSecret = clientSecret;
        SessionCookieName = cookieName ?? AuthenticationDefaults.SessionCookieName;
        Scope = scope ?? AuthenticationDefaults.Scope;
        SessionTimeout = TimeSpan.FromSeconds(sessionTimeout ?? AuthenticationDefaults.SessionTimeoutSeconds);
        ExtraParams = extraParams;
        OnUnauthenticatedRequest = onUnauthenticated switch
        {
            "deny" => UnauthenticatedRequestBehavior.Deny,
            "allow" => UnauthenticatedRequestBehavior.Allow,
            _ => UnauthenticatedRequestBehavior.Authenticate,
        };
    }

    public override string LogName => "authenticate";

    /// <summary>authenticate-cognito: served by the built-in identity provider.</summary>
    public bool IsCognito { get; }

    /// <summary>As configured; may contain the [ext] <c>{admin-url}</c> placeholder (resolved per request).</summary>
    public string Issuer { get; }

    public string AuthorizationEndpoint { get; }

    public string TokenEndpoint { get; }

    public string UserInfoEndpoint { get; }

    public string ClientId { get; }

    public string? ClientSecret { get; }

    public string SessionCookieName { get; }

    public string Scope { get; }

    public TimeSpan SessionTimeout { get; }

    public IReadOnlyList<KeyValueConfig> ExtraParams { get; }

    public UnauthenticatedRequestBehavior OnUnauthenticatedRequest { get; }

    public static OidcActionModel From(AuthenticateOidcActionConfig c) =>
        new(false, c.Issuer, c.AuthorizationEndpoint, c.TokenEndpoint, c.UserInfoEndpoint, c.ClientId ?? "", c.ClientSecret,
            c.SessionCookieName, c.Scope, c.SessionTimeout, c.AuthenticationRequestExtraParams, c.OnUnauthenticatedRequest);

    public static OidcActionModel From(AuthenticateCognitoActionConfig c) =>
        new(true, null, null, null, null, c.UserPoolClientId ?? "", null,
            c.SessionCookieName, c.Scope, c.SessionTimeout, c.AuthenticationRequestExtraParams, c.OnUnauthenticatedRequest);
}

/// <summary><c>jwt-validation</c> (ACT-50).</summary>
public sealed class JwtValidationActionModel : AuthenticationActionModel
{
    public JwtValidationActionModel(JwtValidationActionConfig config)
    {
        JwksEndpoint = config.JwksEndpoint ?? "";
        Issuer = config.Issuer ?? "";
        AdditionalClaims = config.AdditionalClaims;
    }

    public override string LogName => "jwt-validation";

    /// <summary>As configured; may contain the [ext] <c>{admin-url}</c> placeholder.</summary>
    public string JwksEndpoint { get; }

    public string Issuer { get; }

    public IReadOnlyList<JwtAdditionalClaimConfig> AdditionalClaims { get; }
}
