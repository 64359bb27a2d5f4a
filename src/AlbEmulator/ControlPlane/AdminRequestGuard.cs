using System.Net;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// Keeps web pages away from the admin endpoint (docs/control-plane.md, "Safe by default"). A page a
/// developer visits can send requests to 127.0.0.1, and ARNs are predictable, so the endpoint refuses:
/// <list type="bullet">
/// <item>a <c>Host</c> that is not a loopback name (<c>localhost</c>, <c>*.localhost</c>) or address,
/// nor the address the admin socket accepted the connection on (the host of <c>--admin-url</c>): a DNS
/// name that resolves to this machine is how DNS rebinding reads and drives the endpoint;</item>
/// <item>an <c>Origin</c> whose host is not such a host, and <c>Sec-Fetch-Site: cross-site</c>: a
/// request made by another site's page (CSRF);</item>
/// <item>an ELBv2 call that changes something without the SigV4 <c>Authorization</c> header every SDK
/// and the aws CLI send (<see cref="RequireSignatureShape"/>): a browser cannot send that header to
/// another origin without a CORS preflight, which the endpoint never grants.</item>
/// </list>
/// Each refusal is an AWS-style error whose message says why.
/// </summary>
internal static class AdminRequestGuard
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The refusal for a request from another site or through a foreign host name; null when the request may proceed.</summary>
    public static AlbApiError? Check(HttpContext context)
    {
        var request = context.Request;
        var local = context.Connection.LocalIpAddress;
        var host = request.Host.Host;
        if (string.IsNullOrEmpty(host) || !IsAllowedHost(host, local))
        {
            return new AlbApiError(
                "AccessDenied",
                $"The admin endpoint refuses Host '{Printable(request.Host.Value)}': only localhost, loopback addresses and the address of --admin-url are accepted (a DNS name that resolves to this machine is how DNS rebinding reaches it).",
                StatusCodes.Status403Forbidden);
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsAllowedOrigin(origin, local))
        {
            return new AlbApiError(
                "AccessDenied",
                $"The admin endpoint refuses requests from web pages of other sites (Origin '{Printable(origin)}'): only pages on localhost or loopback addresses may call it.",
                StatusCodes.Status403Forbidden);
        }

        if (string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return new AlbApiError(
                "AccessDenied",
                "The admin endpoint refuses cross-site requests (Sec-Fetch-Site: cross-site): a page of another site cannot drive it.",
                StatusCodes.Status403Forbidden);
        }

        return null;
    }

    /// <summary>
    /// Requires the shape of a SigV4 <c>Authorization</c> header (algorithm, a five-part credential
    /// scope, SignedHeaders, a hex signature) when no admin credentials verify the signature itself.
    /// </summary>
    public static void RequireSignatureShape(HttpRequest request, string action)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw new AlbApiError(
                "MissingAuthenticationToken",
                $"Request is missing Authentication Token: {action} changes the emulator and needs the SigV4 Authorization header that AWS SDKs and the aws CLI send (any credentials are accepted unless --admin-credentials is set).",
                StatusCodes.Status403Forbidden);
        }

        if (SigV4Verifier.ParseAuthorization(authorization) is null)
        {
            throw new AlbApiError(
                "IncompleteSignature",
                $"The request signature does not conform to AWS standards: expected '{Algorithm} Credential=KEY/DATE/REGION/elasticloadbalancing/aws4_request, SignedHeaders=..., Signature=HEX'.");
        }
    }

    private static bool IsAllowedOrigin(string origin, IPAddress? local)
    {
        // "null" (sandboxed frames, file: pages) is another site too.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && IsAllowedHost(uri.Host, local);
    }

    private static bool IsAllowedHost(string host, IPAddress? local)
    {
        var name = host.TrimEnd('.');
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(name.Trim('[', ']'), out var address))
        {
            return false;
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        // The address the admin socket accepted on: the --admin-url host, or the interface's address when it binds 0.0.0.0 / [::].
        return local is not null && (address.Equals(local) || (local.IsIPv4MappedToIPv6 && address.Equals(local.MapToIPv4())));
    }

    /// <summary>The header as it may be quoted in a message: control characters replaced, length bounded.</summary>
    private static string Printable(string? value)
    {
        var text = new string((value ?? "").Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length > 200 ? text[..200] + "..." : text;
    }
}
