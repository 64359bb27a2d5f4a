using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Authentication;

/// <summary>
/// The <c>x-amzn-oidc-*</c> headers a target receives (AUTH-4). Client-supplied ones are removed from
/// every request ([EMU] AUTH-4: ALB's behaviour on non-authenticated rules is undocumented), so a target
/// can trust them.
/// </summary>
public static class OidcRequestHeaders
{
    public const string AccessToken = "x-amzn-oidc-accesstoken";
    public const string Identity = "x-amzn-oidc-identity";
    public const string Data = "x-amzn-oidc-data";
    private const string Prefix = "x-amzn-oidc-";

    public static void StripClientSupplied(IHeaderDictionary headers)
    {
        // Enumerate the pairs, not Keys: Kestrel builds a new set of every header name for Keys, and this
        // runs for every request.
        List<string>? found = null;
        foreach (var header in headers)
        {
            if (header.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                (found ??= []).Add(header.Key);
            }
        }

        if (found is not null)
        {
            foreach (var name in found)
            {
                headers.Remove(name);
            }
        }
    }
}
