namespace AlbEmulator.Authentication;

/// <summary>
/// Knows the admin endpoint's URL once it is bound, so that authentication actions can reach the
/// built-in identity provider ([ext] <c>{admin-url}</c> in endpoint fields, authenticate-cognito).
/// </summary>
public sealed class AdminUrlResolver
{
    /// <summary>The placeholder replaced by the admin URL (no trailing slash) in endpoint and issuer fields.</summary>
    public const string Placeholder = "{admin-url}";

    private volatile string? _adminBase;

    /// <summary>The admin URL without a trailing slash, e.g. <c>http://127.0.0.1:8081</c>; null until bound or when disabled.</summary>
    public string? AdminBase => _adminBase;

    /// <summary>The built-in identity provider's issuer: the admin URL + <c>/idp</c>.</summary>
    public string? BuiltInIssuer => _adminBase is { } admin ? admin + "/idp" : null;

    public void SetAdminUri(Uri? adminUri) => _adminBase = adminUri?.GetLeftPart(UriPartial.Authority);

    /// <summary>A configured URL with <c>{admin-url}</c> replaced; unchanged when it has none.</summary>
    public string Resolve(string configured) =>
        configured.Contains(Placeholder, StringComparison.Ordinal) && _adminBase is { } admin
            ? configured.Replace(Placeholder, admin, StringComparison.Ordinal)
            : configured;

    /// <summary>The endpoints of an authenticate action, or null when they need the admin endpoint and it is disabled.</summary>
    public OidcEndpoints? Endpoints(OidcActionModel action)
    {
        if (action.IsCognito)
        {
            return BuiltInIssuer is { } issuer
                ? new OidcEndpoints(issuer, issuer + "/authorize", issuer + "/token", issuer + "/userinfo")
                : null;
        }

        var endpoints = new OidcEndpoints(Resolve(action.Issuer), Resolve(action.AuthorizationEndpoint), Resolve(action.TokenEndpoint), Resolve(action.UserInfoEndpoint));
        return endpoints.Issuer.Contains(Placeholder, StringComparison.Ordinal) || endpoints.TokenEndpoint.Contains(Placeholder, StringComparison.Ordinal) ? null : endpoints;
    }
}

/// <summary>The identity provider an authenticate action talks to.</summary>
public sealed record OidcEndpoints(string Issuer, string AuthorizationEndpoint, string TokenEndpoint, string UserInfoEndpoint);
