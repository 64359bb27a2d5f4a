using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using AlbEmulator.Errors;

namespace AlbEmulator.Authentication;

/// <summary>
/// JSON Web Key Sets for jwt-validation (ACT-50), fetched with the 5-second limit, at most 150 KB and
/// 10 keys, and cached per endpoint ([EMU] 5 minutes; an unknown <c>kid</c> refetches at most every 10 s,
/// so a key rotation is picked up). Only RSA keys are kept (RS256 is the only algorithm).
/// </summary>
public sealed class JwksCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IdentityProviderClient _client;
    private readonly TimeProvider _time;

    public JwksCache(IdentityProviderClient client, TimeProvider time)
    {
        _client = client;
        _time = time;
    }

    /// <summary>Fetches performed (tests and diagnostics).</summary>
    public int FetchCount => _fetches;

    private int _fetches;

    /// <summary>The RSA public keys of <paramref name="endpoint"/> (by kid; keys without one under ""), or the failure.</summary>
    public async Task<(IReadOnlyDictionary<string, RSAParameters>? Keys, AuthFailure? Failure)> GetAsync(string endpoint, string? kid, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(endpoint, static _ => new Entry());
        var now = _time.GetUtcNow();
        if (Usable(entry, kid, now))
        {
            return (entry.Keys, null);
        }

        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            now = _time.GetUtcNow();
            if (Usable(entry, kid, now))
            {
                return (entry.Keys, null);
            }

            Interlocked.Increment(ref _fetches);
            entry.LastAttempt = now;
            var (keys, failure) = await FetchAsync(endpoint, cancellationToken);
            if (keys is not null)
            {
                entry.Keys = keys;
                entry.FetchedAt = now;
            }

            return (keys, failure);
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    private static bool Usable(Entry entry, string? kid, DateTimeOffset now) =>
        entry.Keys is { } keys && now - entry.FetchedAt < AuthenticationDefaults.JwksCacheLifetime
        && (kid is null || keys.ContainsKey(kid) || now - entry.LastAttempt < AuthenticationDefaults.JwksRefetchInterval);

    private async Task<(IReadOnlyDictionary<string, RSAParameters>?, AuthFailure?)> FetchAsync(string endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        var (status, body, failure) = await _client.SendAsync(request, AuthenticationDefaults.MaxJwksBytes + 1, "JWKSRequestTimeout", "JWKS endpoint", cancellationToken,
            sizeReason: "JWKSResponseSizeExceeded", failedReason: "JWKSRequestFailed", error: AlbError.JwtValidationFailed);
        if (failure is not null)
        {
            return (null, failure);
        }

        if (status is < 200 or > 299)
        {
            return (null, new AuthFailure(AlbError.JwtValidationFailed, "JWKSRequestFailed", $"The JWKS endpoint {endpoint} answered {status}."));
        }

        return Parse(body, endpoint);
    }

    /// <summary>Reads a JWKS document: an object with a <c>keys</c> array of at most 10 keys.</summary>
    internal static (IReadOnlyDictionary<string, RSAParameters>?, AuthFailure?) Parse(byte[] body, string endpoint)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                return (null, Invalid(endpoint, "it is not a JSON object with a 'keys' array"));
            }

            if (keys.GetArrayLength() > AuthenticationDefaults.MaxJwksKeys)
            {
                return (null, Invalid(endpoint, $"it has {keys.GetArrayLength()} keys, over the limit of {AuthenticationDefaults.MaxJwksKeys}"));
            }

            var result = new Dictionary<string, RSAParameters>(StringComparer.Ordinal);
            foreach (var key in keys.EnumerateArray())
            {
                if (key.ValueKind != JsonValueKind.Object || Member(key, "kty") != "RSA" || Member(key, "use") is not (null or "sig"))
                {
                    continue;
                }

                if (Member(key, "n") is not { } n || Member(key, "e") is not { } e || !Base64Url.TryDecode(n, out var modulus) || !Base64Url.TryDecode(e, out var exponent) || modulus.Length == 0 || exponent.Length == 0)
                {
                    return (null, Invalid(endpoint, "an RSA key lacks a valid 'n' or 'e'"));
                }

                result.TryAdd(Member(key, "kid") ?? "", new RSAParameters { Modulus = modulus, Exponent = exponent });
            }

            return result.Count == 0 ? (null, Invalid(endpoint, "it has no RSA signing key")) : (result, null);
        }
        catch (JsonException)
        {
            return (null, Invalid(endpoint, "it is not JSON"));
        }
    }

    private static AuthFailure Invalid(string endpoint, string why) =>
        new(AlbError.JwtValidationFailed, "JWKSResponseInvalid", $"The JWKS from {endpoint} is not usable: {why}.");

    private static string? Member(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class Entry
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public IReadOnlyDictionary<string, RSAParameters>? Keys { get; set; }

        public DateTimeOffset FetchedAt { get; set; }

        public DateTimeOffset LastAttempt { get; set; } = DateTimeOffset.MinValue;
    }
}
