using System.Text.Json;
using AlbEmulator.Utilities;

namespace AlbEmulator.Configuration.Reading;

/// <summary>Reads the authentication actions' config objects and the [ext] <c>IdentityProvider</c> section.</summary>
internal static class AuthenticationReader
{
    public static AuthenticateOidcActionConfig ReadOidc(JsonObjectReader o) => new()
    {
        Issuer = o.String("Issuer"),
        AuthorizationEndpoint = o.String("AuthorizationEndpoint"),
        TokenEndpoint = o.String("TokenEndpoint"),
        UserInfoEndpoint = o.String("UserInfoEndpoint"),
        ClientId = o.String("ClientId"),
        ClientSecret = o.String("ClientSecret"),
        UseExistingClientSecret = o.Bool("UseExistingClientSecret"),
        SessionCookieName = o.String("SessionCookieName"),
        Scope = o.String("Scope"),
        SessionTimeout = o.Int("SessionTimeout"),
        AuthenticationRequestExtraParams = ReadMap(o, "AuthenticationRequestExtraParams"),
        OnUnauthenticatedRequest = o.String("OnUnauthenticatedRequest"),
    };

    public static AuthenticateCognitoActionConfig ReadCognito(JsonObjectReader o) => new()
    {
        UserPoolArn = o.String("UserPoolArn"),
        UserPoolClientId = o.String("UserPoolClientId"),
        UserPoolDomain = o.String("UserPoolDomain"),
        SessionCookieName = o.String("SessionCookieName"),
        Scope = o.String("Scope"),
        SessionTimeout = o.Int("SessionTimeout"),
        AuthenticationRequestExtraParams = ReadMap(o, "AuthenticationRequestExtraParams"),
        OnUnauthenticatedRequest = o.String("OnUnauthenticatedRequest"),
    };

    public static JwtValidationActionConfig ReadJwtValidation(JsonObjectReader o) => new()
    {
        JwksEndpoint = o.String("JwksEndpoint"),
        Issuer = o.String("Issuer"),
        AdditionalClaims = o.ObjectList("AdditionalClaims", c => new JwtAdditionalClaimConfig
        {
            Format = c.String("Format"),
            Name = c.String("Name"),
            Values = c.StringList("Values") ?? ValueList<string>.Empty,
        }) ?? ValueList<JwtAdditionalClaimConfig>.Empty,
    };

    public static IdentityProviderConfig ReadIdentityProvider(JsonObjectReader o) => new()
    {
        Users = o.ObjectList("Users", u => new IdentityProviderUserConfig
        {
            Username = u.String("Username"),
            Password = u.String("Password"),
            ClaimsJson = ReadClaims(u),
        }) ?? ValueList<IdentityProviderUserConfig>.Empty,
        AccessTokenLifetimeSeconds = o.Int("AccessTokenLifetimeSeconds"),
    };

    private static string? ReadClaims(JsonObjectReader u)
    {
        if (u.Property("Claims") is not { } claims)
        {
            return null;
        }

        if (claims.ValueKind != JsonValueKind.Object)
        {
            u.AddError("Claims", JsonObjectReader.TypeMessage("Object", claims));
            return null;
        }

        return claims.GetRawText();
    }

    /// <summary>A JSON object of strings, as CloudFormation writes <c>AuthenticationRequestExtraParams</c>.</summary>
    private static ValueList<KeyValueConfig> ReadMap(JsonObjectReader o, string name)
    {
        if (o.Property(name) is not { } map)
        {
            return ValueList<KeyValueConfig>.Empty;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            o.AddError(name, JsonObjectReader.TypeMessage("Object", map));
            return ValueList<KeyValueConfig>.Empty;
        }

        var entries = new List<KeyValueConfig>();
        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                o.AddError($"{name}.{property.Name}", JsonObjectReader.TypeMessage("String", property.Value));
                continue;
            }

            entries.Add(new KeyValueConfig(property.Name, property.Value.GetString()!));
        }

        return entries.ToValueList();
    }
}
