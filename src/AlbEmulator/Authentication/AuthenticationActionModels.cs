using AlbEmulator.Configuration;
using AlbEmulator.Model;

namespace AlbEmulator.Authentication;

/// <summary>
/// An authentication action of a rule, run by the request lifecycle after the match and before the final
/// action, in its Order (AUTH-1, ACT-50). <see cref="ActionModel.LogName"/> is the actions_executed token:
/// <c>authenticate</c> or <c>jwt-validation</c>.
/// </summary>
public abstract class AuthenticationActionModel : ActionModel
{
    /// <summary>The model of an authentication action's config, or null for another type.</summary>
    public static AuthenticationActionModel? Build(ActionConfig action) => action switch
    {
        { Type: "authenticate-oidc", AuthenticateOidcConfig: { } oidc } => OidcActionModel.From(oidc),
        { Type: "authenticate-cognito", AuthenticateCognitoConfig: { } cognito } => OidcActionModel.From(cognito),
        { Type: "jwt-validation", JwtValidationConfig: { } jwt } => new JwtValidationActionModel(jwt),
        _ => null,
    };
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
