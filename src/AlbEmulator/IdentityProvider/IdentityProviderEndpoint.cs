using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.IdentityProvider;

/// <summary>
/// The built-in identity provider on the admin endpoint (config-format.md §5):
/// <c>GET /idp/.well-known/openid-configuration</c>, <c>GET /idp/authorize</c> (the sign-in form),
/// <c>POST /idp/login</c> (form fields <c>username</c>, <c>password</c>), <c>POST /idp/token</c>,
/// <c>GET|POST /idp/userinfo</c> and <c>GET /idp/jwks</c>. Bad input gets an OAuth error, never a 500.
/// </summary>
internal static class IdentityProviderEndpoint
{
    public const string PathPrefix = "/idp";

    public static async Task HandleAsync(HttpContext context, BuiltInIdentityProvider idp)
    {
        var request = context.Request;
        var path = request.Path.Value![PathPrefix.Length..];
        if (!idp.IsConfigured || idp.Issuer is null)
        {
            await WriteJsonAsync(context, 404, new JsonObject { ["error"] = "not_configured", ["error_description"] = "The config has no 'IdentityProvider' section." });
            return;
        }

        switch (path)
        {
            case "/.well-known/openid-configuration" when HttpMethods.IsGet(request.Method):
                await WriteJsonAsync(context, 200, idp.Discovery());
                break;
            case "/jwks" when HttpMethods.IsGet(request.Method):
                await WriteJsonAsync(context, 200, idp.Jwks());
                break;
            case "/authorize" when HttpMethods.IsGet(request.Method):
                await AuthorizeAsync(context, idp);
                break;
            case "/login" when HttpMethods.IsPost(request.Method) && request.HasFormContentType:
                await LoginAsync(context, idp);
                break;
            case "/token" when HttpMethods.IsPost(request.Method):
                await TokenAsync(context, idp);
                break;
            case "/userinfo" when HttpMethods.IsGet(request.Method) || HttpMethods.IsPost(request.Method):
                await UserInfoAsync(context, idp);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private static async Task AuthorizeAsync(HttpContext context, BuiltInIdentityProvider idp)
    {
        var parameters = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (CheckAuthorizeParameters(parameters) is { } problem)
        {
            await WritePageAsync(context, 400, $"<!DOCTYPE html>\n<html><body><h1>Invalid sign-in request</h1><p>{System.Net.WebUtility.HtmlEncode(problem)}</p></body></html>\n");
            return;
        }

        await WritePageAsync(context, 200, SignInPage.Render(idp.Issuer + "/login", parameters, error: null, username: null));
    }

    private static string? CheckAuthorizeParameters(IReadOnlyDictionary<string, string> parameters)
    {
        if (parameters.GetValueOrDefault("response_type") != "code")
        {
            return "response_type must be 'code'.";
        }

        if (string.IsNullOrEmpty(parameters.GetValueOrDefault("client_id")))
        {
            return "client_id is required.";
        }

        return Uri.TryCreate(parameters.GetValueOrDefault("redirect_uri"), UriKind.Absolute, out var redirect) && redirect.Scheme is "https" or "http"
            ? null
            : "redirect_uri must be an absolute http(s) URL.";
    }

    private static async Task LoginAsync(HttpContext context, BuiltInIdentityProvider idp)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var parameters = SignInPage.CarriedParameters.Where(form.ContainsKey).ToDictionary(n => n, n => form[n].ToString(), StringComparer.Ordinal);
        parameters.TryAdd("response_type", "code");
        if (CheckAuthorizeParameters(parameters) is { } problem)
        {
            await WritePageAsync(context, 400, $"<!DOCTYPE html>\n<html><body><h1>Invalid sign-in request</h1><p>{System.Net.WebUtility.HtmlEncode(problem)}</p></body></html>\n");
            return;
        }

        var redirectUri = parameters["redirect_uri"];
        var state = parameters.GetValueOrDefault("state");
        if (form["action"] == "cancel")
        {
            Redirect(context, redirectUri, ("error", "access_denied"), ("error_description", "The user cancelled the sign-in."), ("state", state));
            return;
        }

        var username = form["username"].ToString();
        if (idp.SignIn(username, form["password"]) is null)
        {
            await WritePageAsync(context, 401, SignInPage.Render(idp.Issuer + "/login", parameters, "Incorrect username or password.", username));
            return;
        }

        var code = idp.IssueCode(username, parameters["client_id"], redirectUri, parameters.GetValueOrDefault("scope") ?? "openid", parameters.GetValueOrDefault("nonce"));
        Redirect(context, redirectUri, ("code", code), ("state", state));
    }

    private static async Task TokenAsync(HttpContext context, BuiltInIdentityProvider idp)
    {
        if (!context.Request.HasFormContentType)
        {
            await OAuthErrorAsync(context, 400, "invalid_request", "The token request must be application/x-www-form-urlencoded.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var clientId = ClientId(context.Request, form);
        if (string.IsNullOrEmpty(clientId))
        {
            await OAuthErrorAsync(context, 401, "invalid_client", "No client_id (form field or HTTP Basic).");
            return;
        }

        JsonObject? tokens;
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                tokens = form["code"].ToString() is { Length: > 0 } code ? idp.RedeemCode(code, clientId, form.ContainsKey("redirect_uri") ? form["redirect_uri"].ToString() : null) : null;
                break;
            case "refresh_token":
                tokens = form["refresh_token"].ToString() is { Length: > 0 } refreshToken ? idp.Refresh(refreshToken, clientId) : null;
                break;
            case "client_credentials":
                tokens = idp.ClientCredentials(clientId, form["scope"].ToString());
                break;
            default:
                await OAuthErrorAsync(context, 400, "unsupported_grant_type", "grant_type must be authorization_code, refresh_token or client_credentials.");
                return;
        }

        if (tokens is null)
        {
            await OAuthErrorAsync(context, 400, "invalid_grant", "The code or refresh token is unknown, used already, expired, or issued to another client or redirect URI.");
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        await WriteJsonAsync(context, 200, tokens);
    }

    private static async Task UserInfoAsync(HttpContext context, BuiltInIdentityProvider idp)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        if (token is null || idp.UserInfo(token) is not { } claims)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await OAuthErrorAsync(context, 401, "invalid_token", "The access token is missing, expired or not issued by this provider.");
            return;
        }

        await WriteJsonAsync(context, 200, claims);
    }

    /// <summary>client_secret_basic or client_secret_post; [EMU] any secret is accepted.</summary>
    private static string? ClientId(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } parameter)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = decoded.IndexOf(':');
                return Uri.UnescapeDataString(colon < 0 ? decoded : decoded[..colon]);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return form["client_id"].ToString();
    }

    private static void Redirect(HttpContext context, string redirectUri, params (string Name, string? Value)[] parameters)
    {
        var location = new StringBuilder(redirectUri);
        var separator = redirectUri.Contains('?') ? '&' : '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            location.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location.ToString();
        context.Response.Headers.CacheControl = "no-store";
    }

    private static Task OAuthErrorAsync(HttpContext context, int status, string error, string description) =>
        WriteJsonAsync(context, status, new JsonObject { ["error"] = error, ["error_description"] = description });

    private static Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static Task WritePageAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }
}
