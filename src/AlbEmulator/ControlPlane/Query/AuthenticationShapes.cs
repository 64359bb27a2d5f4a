using AlbEmulator.Authentication;
using AlbEmulator.Configuration;
using AlbEmulator.Utilities;
using static AlbEmulator.ControlPlane.Query.QueryXml;

namespace AlbEmulator.ControlPlane.Query;

/// <summary>
/// The ELBv2 shapes of the authentication actions (alb-observability-api §4.8):
/// <c>AuthenticateOidcConfig</c>, <c>AuthenticateCognitoConfig</c> and <c>JwtValidationConfig</c>, read
/// into the config records and written back with AWS's defaults (the client secret is never returned).
/// </summary>
internal static class AuthenticationShapes
{
    public static AuthenticateOidcActionConfig? ReadOidc(QueryParameters a) => a.Struct("AuthenticateOidcConfig") is { } c ? new AuthenticateOidcActionConfig
    {
        Issuer = c.Get("Issuer"),
        AuthorizationEndpoint = c.Get("AuthorizationEndpoint"),
        TokenEndpoint = c.Get("TokenEndpoint"),
        UserInfoEndpoint = c.Get("UserInfoEndpoint"),
        ClientId = c.Get("ClientId"),
        ClientSecret = c.Get("ClientSecret"),
        UseExistingClientSecret = c.GetBool("UseExistingClientSecret"),
        SessionCookieName = c.Get("SessionCookieName"),
        Scope = c.Get("Scope"),
        SessionTimeout = c.GetInt("SessionTimeout"),
        AuthenticationRequestExtraParams = ExtraParams(c),
        OnUnauthenticatedRequest = c.Get("OnUnauthenticatedRequest"),
    } : null;

    public static AuthenticateCognitoActionConfig? ReadCognito(QueryParameters a) => a.Struct("AuthenticateCognitoConfig") is { } c ? new AuthenticateCognitoActionConfig
    {
        UserPoolArn = c.Get("UserPoolArn"),
        UserPoolClientId = c.Get("UserPoolClientId"),
        UserPoolDomain = c.Get("UserPoolDomain"),
        SessionCookieName = c.Get("SessionCookieName"),
        Scope = c.Get("Scope"),
        SessionTimeout = c.GetInt("SessionTimeout"),
        AuthenticationRequestExtraParams = ExtraParams(c),
        OnUnauthenticatedRequest = c.Get("OnUnauthenticatedRequest"),
    } : null;

    public static JwtValidationActionConfig? ReadJwtValidation(QueryParameters a) => a.Struct("JwtValidationConfig") is { } c ? new JwtValidationActionConfig
    {
        JwksEndpoint = c.Get("JwksEndpoint"),
        Issuer = c.Get("Issuer"),
        AdditionalClaims = c.Members("AdditionalClaims").Select(m => new JwtAdditionalClaimConfig
        {
            Format = m.Get("Format"),
            Name = m.Get("Name"),
            Values = (m.Strings("Values") ?? []).ToValueList(),
        }).ToValueList(),
    } : null;

    private static ValueList<KeyValueConfig> ExtraParams(QueryParameters c) =>
        c.Entries("AuthenticationRequestExtraParams").Select(e => new KeyValueConfig(e.Key, e.Value)).ToValueList();

    /// <summary>
    /// The session members AuthenticateOidcConfig and AuthenticateCognitoConfig share, in AWS's order and with
    /// AWS's defaults (XElement flattens the array into its parent's members).
    /// </summary>
    private static object?[] SessionMembers(string? cookieName, string? scope, long? timeout, ValueList<KeyValueConfig> extraParams, string? onUnauthenticated) =>
    [
        E("SessionCookieName", cookieName ?? AuthenticationDefaults.SessionCookieName),
        E("Scope", scope ?? AuthenticationDefaults.Scope),
        E("SessionTimeout", timeout ?? AuthenticationDefaults.SessionTimeoutSeconds),
        Map("AuthenticationRequestExtraParams", extraParams.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))),
        E("OnUnauthenticatedRequest", onUnauthenticated ?? AuthenticationDefaults.OnUnauthenticatedRequest),
    ];

    /// <summary>The authentication config member of an action, or nothing for other types.</summary>
    public static IEnumerable<object?> Write(ActionConfig action)
    {
        if (action.AuthenticateOidcConfig is { } oidc)
        {
            yield return Struct(
                "AuthenticateOidcConfig",
                E("Issuer", oidc.Issuer),
                E("AuthorizationEndpoint", oidc.AuthorizationEndpoint),
                E("TokenEndpoint", oidc.TokenEndpoint),
                E("UserInfoEndpoint", oidc.UserInfoEndpoint),
                E("ClientId", oidc.ClientId),
                SessionMembers(oidc.SessionCookieName, oidc.Scope, oidc.SessionTimeout, oidc.AuthenticationRequestExtraParams, oidc.OnUnauthenticatedRequest));
        }

        if (action.AuthenticateCognitoConfig is { } cognito)
        {
            yield return Struct(
                "AuthenticateCognitoConfig",
                E("UserPoolArn", cognito.UserPoolArn),
                E("UserPoolClientId", cognito.UserPoolClientId),
                E("UserPoolDomain", cognito.UserPoolDomain),
                SessionMembers(cognito.SessionCookieName, cognito.Scope, cognito.SessionTimeout, cognito.AuthenticationRequestExtraParams, cognito.OnUnauthenticatedRequest));
        }

        if (action.JwtValidationConfig is { } jwt)
        {
            yield return Struct(
                "JwtValidationConfig",
                E("JwksEndpoint", jwt.JwksEndpoint),
                E("Issuer", jwt.Issuer),
                StructList("AdditionalClaims", jwt.AdditionalClaims, c => [E("Format", c.Format), E("Name", c.Name), List("Values", c.Values)]));
        }
    }
}
