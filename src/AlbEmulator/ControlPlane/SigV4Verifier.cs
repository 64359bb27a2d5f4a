using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// Verifies AWS Signature Version 4 on ELBv2 API requests when credentials are configured
/// (<c>--admin-credentials ACCESS_KEY:SECRET</c>). Without them every signature is accepted, as most local
/// emulators do (alb-observability-api §4.1: the scope names service <c>elasticloadbalancing</c>).
/// </summary>
internal sealed class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private readonly string _accessKeyId;
    private readonly byte[] _secret;

    private SigV4Verifier(string accessKeyId, string secret)
    {
        _accessKeyId = accessKeyId;
        _secret = Encoding.UTF8.GetBytes("AWS4" + secret);
    }

    /// <summary><c>ACCESS_KEY:SECRET</c>, or null/empty for "accept any signature".</summary>
    public static SigV4Verifier? FromCredentials(string? credentials)
    {
        if (string.IsNullOrEmpty(credentials))
        {
            return null;
        }

        var colon = credentials.IndexOf(':');
        return colon <= 0 || colon == credentials.Length - 1
            ? throw new ArgumentException("Admin credentials must be ACCESS_KEY:SECRET.", nameof(credentials))
            : new SigV4Verifier(credentials[..colon], credentials[(colon + 1)..]);
    }

    /// <summary>Throws the AWS error the service would answer when the request is not signed with the configured credentials.</summary>
    public void Verify(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw new AlbApiError("MissingAuthenticationToken", "Request is missing Authentication Token", StatusCodes.Status403Forbidden);
        }

        if (ParseAuthorization(authorization) is not { } parsed)
        {
            throw new AlbApiError("IncompleteSignature", "The request signature does not conform to AWS standards.", StatusCodes.Status400BadRequest);
        }

        var (scope, signedHeaders, signature) = parsed;
        if (scope[0] != _accessKeyId)
        {
            throw new AlbApiError("InvalidClientTokenId", "The security token included in the request is invalid.", StatusCodes.Status403Forbidden);
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        var canonical = new StringBuilder();
        canonical.Append(request.Method).Append('\n');
        canonical.Append(request.Path.HasValue ? request.Path.Value : "/").Append('\n');
        canonical.Append(CanonicalQuery(request.QueryString.Value)).Append('\n');
        foreach (var name in signedHeaders.Split(';'))
        {
            var value = name == "host" ? request.Host.Value : request.Headers[name].ToString();
            canonical.Append(name).Append(':').Append(string.Join(' ', (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Convert.ToHexStringLower(SHA256.HashData(body)));
        var stringToSign = $"{Algorithm}\n{amzDate}\n{string.Join('/', scope[1..])}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = _secret;
        foreach (var element in scope[1..])
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(element));
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw new AlbApiError("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.", StatusCodes.Status403Forbidden);
        }
    }

    /// <summary>
    /// The parts of an <c>AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c> header:
    /// the five-part credential scope (key/date/region/service/aws4_request), the signed header names
    /// and the hex signature; null when the header does not have that shape.
    /// </summary>
    public static (string[] Scope, string SignedHeaders, string Signature)? ParseAuthorization(string authorization)
    {
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return null;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("Credential=", StringComparison.Ordinal))
            {
                credential = part["Credential=".Length..];
            }
            else if (part.StartsWith("SignedHeaders=", StringComparison.Ordinal))
            {
                signedHeaders = part["SignedHeaders=".Length..];
            }
            else if (part.StartsWith("Signature=", StringComparison.Ordinal))
            {
                signature = part["Signature=".Length..];
            }
        }

        var scope = credential?.Split('/');
        return scope is { Length: 5 } && scope.All(s => s.Length > 0) && scope[4] == "aws4_request"
            && !string.IsNullOrEmpty(signedHeaders) && signature is { Length: > 0 } && signature.All(char.IsAsciiHexDigit)
            ? (scope, signedHeaders, signature)
            : null;
    }

    private static string CanonicalQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return "";
        }

        return string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }
}
