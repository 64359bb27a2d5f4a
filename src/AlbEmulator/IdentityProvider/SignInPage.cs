using System.Text;
using System.Text.Encodings.Web;

namespace AlbEmulator.IdentityProvider;

/// <summary>The built-in identity provider's plain sign-in form (no scripts, no styles from elsewhere).</summary>
internal static class SignInPage
{
    /// <summary>The authorize parameters the form carries to <c>/idp/login</c>.</summary>
    public static readonly string[] CarriedParameters = ["client_id", "redirect_uri", "state", "scope", "nonce", "response_type"];

    public static string Render(string loginUrl, IReadOnlyDictionary<string, string> parameters, string? error, string? username)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Sign in - AlbEmulator identity provider</title></head>\n<body>\n");
        page.Append("<h1>Sign in</h1>\n<p>AlbEmulator built-in identity provider (local, for development).</p>\n");
        if (error is not null)
        {
            page.Append("<p role=\"alert\">").Append(html.Encode(error)).Append("</p>\n");
        }

        page.Append("<form method=\"post\" action=\"").Append(html.Encode(loginUrl)).Append("\">\n");
        foreach (var name in CarriedParameters)
        {
            if (parameters.TryGetValue(name, out var value))
            {
                page.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(html.Encode(value)).Append("\">\n");
            }
        }

        page.Append("<p><label>Username <input name=\"username\" autocomplete=\"username\" value=\"").Append(html.Encode(username ?? "")).Append("\" autofocus></label></p>\n");
        page.Append("<p><label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"></label></p>\n");
        page.Append("<p><button type=\"submit\" name=\"action\" value=\"sign-in\">Sign in</button> ");
        page.Append("<button type=\"submit\" name=\"action\" value=\"cancel\">Cancel</button></p>\n</form>\n</body>\n</html>\n");
        return page.ToString();
    }
}
