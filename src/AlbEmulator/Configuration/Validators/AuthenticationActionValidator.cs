using System.Text.RegularExpressions;
using AlbEmulator.Authentication;

namespace AlbEmulator.Configuration.Validators;

/// <summary>
/// <c>authenticate-oidc</c>, <c>authenticate-cognito</c> (AUTH-1) and <c>jwt-validation</c> (ACT-50):
/// HTTPS listeners only, required fields, URL forms, ranges and the documented limits.
/// </summary>
internal static partial class AuthenticationActionValidator
{
    public const string Oidc = "authenticate-oidc";
    public const string Cognito = "authenticate-cognito";
    public const string JwtValidation = "jwt-validation";

    public static readonly string[] Types = [Oidc, Cognito, JwtValidation];

    public static void Check(ValidationContext context, string resource, string prefix, ActionConfig action, string? listenerProtocol)
    {
        if (listenerProtocol is not null && !string.Equals(listenerProtocol, "HTTPS", StringComparison.Ordinal))
        {
            context.Add(resource, $"{prefix}.Type", $"Action type '{action.Type}' is only supported on HTTPS listeners");
        }

        switch (action.Type)
        {
            case Oidc:
                CheckOidc(context, resource, $"{prefix}.AuthenticateOidcConfig", action.AuthenticateOidcConfig);
                break;
            case Cognito:
                CheckCognito(context, resource, $"{prefix}.AuthenticateCognitoConfig", action.AuthenticateCognitoConfig);
                break;
            default:
                CheckJwt(context, resource, $"{prefix}.JwtValidationConfig", action.JwtValidationConfig);
                break;
        }
    }

    private static void CheckOidc(ValidationContext context, string resource, string path, AuthenticateOidcActionConfig? config)
    {
        if (config is null)
        {
            context.Add(resource, path, "AuthenticateOidcConfig is required for Type 'authenticate-oidc'");
            return;
        }

        Url(context, resource, path, "Issuer", config.Issuer);
        Url(context, resource, path, "AuthorizationEndpoint", config.AuthorizationEndpoint);
        Url(context, resource, path, "TokenEndpoint", config.TokenEndpoint);
        Url(context, resource, path, "UserInfoEndpoint", config.UserInfoEndpoint);
        if (string.IsNullOrEmpty(config.ClientId))
        {
            context.Add(resource, $"{path}.ClientId", "ClientId is required");
        }

        Session(context, resource, path, config.SessionCookieName, config.SessionTimeout, config.OnUnauthenticatedRequest, config.AuthenticationRequestExtraParams);
    }

    private static void CheckCognito(ValidationContext context, string resource, string path, AuthenticateCognitoActionConfig? config)
    {
        if (config is null)
        {
            context.Add(resource, path, "AuthenticateCognitoConfig is required for Type 'authenticate-cognito'");
            return;
        }

        foreach (var (name, value) in new[] { ("UserPoolArn", config.UserPoolArn), ("UserPoolClientId", config.UserPoolClientId), ("UserPoolDomain", config.UserPoolDomain) })
        {
            if (string.IsNullOrEmpty(value))
            {
                context.Add(resource, $"{path}.{name}", $"{name} is required");
            }
        }

        if (config.UserPoolArn is { Length: > 0 } arn && !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            context.Add(resource, $"{path}.UserPoolArn", $"UserPoolArn '{arn}' is not an ARN");
        }

        if (context.Config.IdentityProvider is null)
        {
            context.Add(resource, path, "authenticate-cognito is served by the built-in identity provider: add an 'IdentityProvider' section with its users");
        }

        Session(context, resource, path, config.SessionCookieName, config.SessionTimeout, config.OnUnauthenticatedRequest, config.AuthenticationRequestExtraParams);
    }

    private static void Session(ValidationContext context, string resource, string path, string? cookieName, long? timeout, string? onUnauthenticated, IReadOnlyList<KeyValueConfig> extraParams)
    {
        if (cookieName is not null && !CookieNamePattern().IsMatch(cookieName))
        {
            context.Add(resource, $"{path}.SessionCookieName", $"SessionCookieName '{cookieName}' must be a cookie name (letters, digits and !#$%&'*+-.^_`|~)");
        }

        if (timeout is { } seconds && seconds is < 1 or > AuthenticationDefaults.SessionTimeoutSeconds)
        {
            context.Add(resource, $"{path}.SessionTimeout", $"SessionTimeout '{seconds}' must be between 1 and {AuthenticationDefaults.SessionTimeoutSeconds} seconds");
        }

        if (onUnauthenticated is not null && !AuthenticationDefaults.OnUnauthenticatedRequestValues.Contains(onUnauthenticated))
        {
            context.Add(resource, $"{path}.OnUnauthenticatedRequest", $"OnUnauthenticatedRequest '{onUnauthenticated}' must be one of 'deny', 'allow', 'authenticate'");
        }

        if (extraParams.Count > AuthenticationDefaults.MaxExtraParams)
        {
            context.Add(resource, $"{path}.AuthenticationRequestExtraParams", $"At most {AuthenticationDefaults.MaxExtraParams} AuthenticationRequestExtraParams are allowed (found {extraParams.Count})");
        }

        foreach (var param in extraParams)
        {
            if (!ExtraParamPattern().IsMatch(param.Key))
            {
                context.Add(resource, $"{path}.AuthenticationRequestExtraParams.{param.Key}", $"Parameter name '{param.Key}' must match '[a-zA-Z0-9]+'");
            }
        }
    }

    private static void CheckJwt(ValidationContext context, string resource, string path, JwtValidationActionConfig? config)
    {
        if (config is null)
        {
            context.Add(resource, path, "JwtValidationConfig is required for Type 'jwt-validation'");
            return;
        }

        Url(context, resource, path, "JwksEndpoint", config.JwksEndpoint, AuthenticationDefaults.MaxEndpointLength);
        if (string.IsNullOrEmpty(config.Issuer))
        {
            context.Add(resource, $"{path}.Issuer", "Issuer is required");
        }
        else if (config.Issuer.Length > AuthenticationDefaults.MaxEndpointLength)
        {
            context.Add(resource, $"{path}.Issuer", $"Issuer cannot be longer than {AuthenticationDefaults.MaxEndpointLength} characters");
        }

        if (config.AdditionalClaims.Count > AuthenticationDefaults.MaxAdditionalClaims)
        {
            context.Add(resource, $"{path}.AdditionalClaims", $"At most {AuthenticationDefaults.MaxAdditionalClaims} AdditionalClaims are allowed (found {config.AdditionalClaims.Count})");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.AdditionalClaims.Count; i++)
        {
            var claim = config.AdditionalClaims[i];
            var claimPath = $"{path}.AdditionalClaims[{i}]";
            if (string.IsNullOrEmpty(claim.Name))
            {
                context.Add(resource, $"{claimPath}.Name", "Name is required");
            }
            else if (AuthenticationDefaults.RegisteredClaims.Contains(claim.Name))
            {
                context.Add(resource, $"{claimPath}.Name", $"Claim '{claim.Name}' is always validated and cannot be an additional claim");
            }
            else if (!names.Add(claim.Name))
            {
                context.Add(resource, $"{claimPath}.Name", $"Claim '{claim.Name}' is listed more than once");
            }

            if (claim.Format is null)
            {
                context.Add(resource, $"{claimPath}.Format", "Format is required");
            }
            else if (!AuthenticationDefaults.ClaimFormats.Contains(claim.Format))
            {
                context.Add(resource, $"{claimPath}.Format", $"Format '{claim.Format}' must be one of '{string.Join("', '", AuthenticationDefaults.ClaimFormats)}'");
            }

            if (claim.Values.Count is 0 or > AuthenticationDefaults.MaxClaimValues)
            {
                context.Add(resource, $"{claimPath}.Values", $"Values must list 1 to {AuthenticationDefaults.MaxClaimValues} values (found {claim.Values.Count})");
            }

            foreach (var value in claim.Values)
            {
                if (value.Length > AuthenticationDefaults.MaxClaimValueLength)
                {
                    context.Add(resource, $"{claimPath}.Values", $"A claim value cannot be longer than {AuthenticationDefaults.MaxClaimValueLength} characters");
                }
                else if (claim.Format == "space-separated-values" && value.Contains(' '))
                {
                    context.Add(resource, $"{claimPath}.Values", $"Value '{value}' cannot contain spaces with Format 'space-separated-values'");
                }
            }
        }
    }

    /// <summary>A full URL. AWS requires https; [ext] http is accepted for local identity providers, and <c>{admin-url}</c>.</summary>
    private static void Url(ValidationContext context, string resource, string path, string name, string? value, int maxLength = int.MaxValue)
    {
        if (string.IsNullOrEmpty(value))
        {
            context.Add(resource, $"{path}.{name}", $"{name} is required");
            return;
        }

        if (value.Length > maxLength)
        {
            context.Add(resource, $"{path}.{name}", $"{name} cannot be longer than {maxLength} characters");
        }

        // [ext] {admin-url} stands for the admin endpoint (the built-in identity provider).
        var resolved = value.Replace(AdminUrlResolver.Placeholder, "http://127.0.0.1:8081", StringComparison.Ordinal);
        if (!Uri.TryCreate(resolved, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            context.Add(resource, $"{path}.{name}", $"{name} '{value}' must be a full URL with the https (or, locally, http) protocol");
        }
    }

    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex CookieNamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ExtraParamPattern();
}
