using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlbEmulator.Configuration;
using AlbEmulator.Errors;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Authentication;

/// <summary>
/// <c>jwt-validation</c> (ACT-50): the bearer token from <c>Authorization</c>, RS256 only, signed by a key
/// of the JWKS; <c>iss</c> and <c>exp</c> always, <c>nbf</c> and <c>iat</c> when present, then the
/// AdditionalClaims. A valid token is forwarded unchanged; anything else answers 401 ([EMU]) with the
/// JWT*/JWKS* error_reason (docs/authentication.md lists which check gives which).
/// </summary>
public sealed class JwtBearerValidator
{
    private const int MaxVerifiedTokens = 4096;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], RSA> ImportedKeys = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyDictionary<string, RSAParameters>> VerifiedTokens = new(StringComparer.Ordinal);

    private readonly JwksCache _jwks;
    private readonly AdminUrlResolver _admin;
    private readonly TimeProvider _time;

    public JwtBearerValidator(JwksCache jwks, AdminUrlResolver admin, TimeProvider time)
    {
        _jwks = jwks;
        _admin = admin;
        _time = time;
    }

    public async ValueTask<ActionOutcome> ValidateAsync(HttpContext context, AlbRequestState state, JwtValidationActionModel action)
    {
        AuthFailure? failure;
        try
        {
            failure = await CheckAsync(context.Request.Headers.Authorization, action, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = Fail("JWTValidationInternalError", $"Validation failed unexpectedly: {e.GetType().Name}: {e.Message}");
        }

        if (failure is null)
        {
            return ActionOutcome.Continue;
        }

        state.ErrorReason = failure.Reason;
        return ActionOutcome.Reject(failure.Error, failure.Detail);
    }

    internal async Task<AuthFailure?> CheckAsync(Microsoft.Extensions.Primitives.StringValues authorization, JwtValidationActionModel action, CancellationToken cancellationToken)
    {
        if (authorization.Count != 1 || authorization[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || value.AsSpan(7).Trim().IsEmpty)
        {
            return Fail("JWTHeaderNotPresent", "The request has no 'Authorization: Bearer <token>' header.");
        }

        var token = value[7..].Trim();
        var parts = token.Split('.');
        if (parts.Length != 3 || !Base64Url.TryDecode(parts[0], out var headerBytes) || !Base64Url.TryDecode(parts[1], out var payloadBytes) || !Base64Url.TryDecode(parts[2], out var signature))
        {
            return Fail("JWTRequestFormatInvalid", "The bearer token is not three base64url segments.");
        }

        JsonDocument header, payload;
        try
        {
            header = JsonDocument.Parse(headerBytes);
            payload = JsonDocument.Parse(payloadBytes);
        }
        catch (JsonException)
        {
            return Fail("JWTRequestFormatInvalid", "The bearer token's header or payload is not JSON.");
        }

        using (header)
        using (payload)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object || payload.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fail("JWTRequestFormatInvalid", "The bearer token's header or payload is not a JSON object.");
            }

            var alg = StringMember(header.RootElement, "alg");
            if (alg != "RS256")
            {
                return Fail("JWTSignatureValidationError", $"The token is signed with '{alg}'; only RS256 is supported.");
            }

            var kid = StringMember(header.RootElement, "kid");
            var endpoint = _admin.Resolve(action.JwksEndpoint);
            var (keys, failure) = await _jwks.GetAsync(endpoint, kid, cancellationToken);
            if (keys is null)
            {
                return failure;
            }

            if (!VerifiedTokens.TryGetValue(token, out var verifiedWith) || !ReferenceEquals(verifiedWith, keys))
            {
                var signingInput = Encoding.ASCII.GetBytes(token.AsSpan(0, parts[0].Length + 1 + parts[1].Length).ToString());
                if (Verify(keys, kid, signingInput, signature))
                {
                    RememberVerified(token, keys);
                }
                else
                {
                    return Fail("JWTSignatureValidationError", kid is not null && !keys.ContainsKey(kid)
                        ? $"No key with kid '{kid}' in the JWKS at {endpoint}."
                        : "The signature does not verify with the JWKS keys.");
                }
            }

            return CheckClaims(payload.RootElement, _admin.Resolve(action.Issuer), action.AdditionalClaims, _time.GetUtcNow().ToUnixTimeSeconds());
        }
    }

    /// <summary>
    /// A token whose signature verified against this very key set (the JWKS as fetched; a re-fetch is a new set) verifies
    /// again: a client sends the same bearer token on many requests, and each RSA verification costs OpenSSL 3 far more
    /// than the rest of the request. Claims (exp, nbf, iss, additional) are still checked on every request. Bounded: the
    /// memory is forgotten when it holds <see cref="MaxVerifiedTokens"/>.
    /// </summary>
    private static void RememberVerified(string token, IReadOnlyDictionary<string, RSAParameters> keys)
    {
        if (VerifiedTokens.Count >= MaxVerifiedTokens)
        {
            VerifiedTokens.Clear();
        }

        VerifiedTokens[token] = keys;
    }

    private static bool Verify(IReadOnlyDictionary<string, RSAParameters> keys, string? kid, byte[] data, byte[] signature)
    {
        IEnumerable<RSAParameters> candidates = kid is not null
            ? keys.TryGetValue(kid, out var one) ? [one] : []
            : keys.Values;
        foreach (var parameters in candidates)
        {
            try
            {
                var rsa = Imported(parameters);
                bool verified;
                lock (rsa)
                {
                    verified = rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }

                if (verified)
                {
                    return true;
                }
            }
            catch (CryptographicException)
            {
            }
        }

        return false;
    }

    /// <summary>
    /// The key imported once per fetched JWKS key (keyed by its modulus array, which a re-fetch replaces): importing an
    /// RSA key into OpenSSL cost far more than the verification itself (bench/run.sh's jwt-validation scale row).
    /// </summary>
    private static RSA Imported(RSAParameters parameters)
    {
        var modulus = parameters.Modulus ?? throw new CryptographicException("The JWKS key has no modulus.");
        if (ImportedKeys.TryGetValue(modulus, out var rsa))
        {
            return rsa;
        }

        var created = RSA.Create();
        created.ImportParameters(parameters);
        rsa = ImportedKeys.GetValue(modulus, _ => created);
        if (!ReferenceEquals(rsa, created))
        {
            created.Dispose();
        }

        return rsa;
    }

    /// <summary>The registered claims, then each additional claim in its format.</summary>
    internal static AuthFailure? CheckClaims(JsonElement claims, string issuer, IReadOnlyList<JwtAdditionalClaimConfig> additional, long now)
    {
        if (!claims.TryGetProperty("iss", out var iss))
        {
            return Fail("JWTClaimNotPresent", "The token has no 'iss' claim.");
        }

        if (iss.ValueKind != JsonValueKind.String)
        {
            return Fail("JWTClaimFormatInvalid", "The 'iss' claim is not a string.");
        }

        if (iss.GetString() != issuer)
        {
            return Fail("JWTClaimValueInvalid", $"The 'iss' claim '{iss.GetString()}' is not the configured Issuer '{issuer}'.");
        }

        if (!claims.TryGetProperty("exp", out var exp))
        {
            return Fail("JWTClaimNotPresent", "The token has no 'exp' claim.");
        }

        if (NumericDate(exp) is not { } expires)
        {
            return Fail("JWTClaimFormatInvalid", "The 'exp' claim is not a number.");
        }

        if (now >= expires)
        {
            return Fail("JWTClaimValueInvalid", $"The token expired at {DateTimeOffset.FromUnixTimeSeconds(expires):u}.");
        }

        if (claims.TryGetProperty("nbf", out var nbf))
        {
            if (NumericDate(nbf) is not { } notBefore)
            {
                return Fail("JWTClaimFormatInvalid", "The 'nbf' claim is not a number.");
            }

            if (now < notBefore)
            {
                return Fail("JWTClaimValueInvalid", $"The token is not valid before {DateTimeOffset.FromUnixTimeSeconds(notBefore):u}.");
            }
        }

        if (claims.TryGetProperty("iat", out var iat))
        {
            if (NumericDate(iat) is not { } issuedAt)
            {
                return Fail("JWTClaimFormatInvalid", "The 'iat' claim is not a number.");
            }

            if (issuedAt > now)
            {
                return Fail("JWTClaimValueInvalid", $"The token was issued in the future ({DateTimeOffset.FromUnixTimeSeconds(issuedAt):u}).");
            }
        }

        foreach (var claim in additional)
        {
            if (CheckAdditional(claims, claim) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    /// <summary>
    /// [EMU] single-string: a string equal to one of the Values; string-array: an array of strings holding
    /// every one of the Values; space-separated-values: a string whose space-separated items hold every
    /// one of the Values (AWS does not document the matching rule).
    /// </summary>
    private static AuthFailure? CheckAdditional(JsonElement claims, JwtAdditionalClaimConfig claim)
    {
        var name = claim.Name ?? "";
        if (!claims.TryGetProperty(name, out var value))
        {
            return Fail("JWTClaimNotPresent", $"The token has no '{name}' claim.");
        }

        switch (claim.Format)
        {
            case "single-string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    return Fail("JWTClaimFormatInvalid", $"The '{name}' claim is not a string.");
                }

                return claim.Values.Contains(value.GetString()!)
                    ? null
                    : Fail("JWTClaimValueInvalid", $"The '{name}' claim '{value.GetString()}' is not one of '{string.Join("', '", claim.Values)}'.");
            case "string-array":
                if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                {
                    return Fail("JWTClaimFormatInvalid", $"The '{name}' claim is not an array of strings.");
                }

                var items = value.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal);
                return Missing(name, claim.Values, items);
            default:
                if (value.ValueKind != JsonValueKind.String)
                {
                    return Fail("JWTClaimFormatInvalid", $"The '{name}' claim is not a string of space-separated values.");
                }

                return Missing(name, claim.Values, value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
        }
    }

    private static AuthFailure? Missing(string name, IReadOnlyList<string> required, HashSet<string> present)
    {
        var missing = required.Where(v => !present.Contains(v)).ToArray();
        return missing.Length == 0 ? null : Fail("JWTClaimValueInvalid", $"The '{name}' claim lacks '{string.Join("', '", missing)}'.");
    }

    private static long? NumericDate(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) && Math.Abs(number) < 1e15 ? (long)Math.Floor(number) : null;

    private static string? StringMember(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static AuthFailure Fail(string reason, string detail) => new(AlbError.JwtValidationFailed, reason, detail);
}
