using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AlbEmulator.Authentication;

/// <summary>
/// The emulator's secrets for authentication, generated at start and kept for its lifetime: the
/// ES256 (P-256) key that signs <c>x-amzn-oidc-data</c> with its <c>kid</c> (a UUID, AUTH-4), and the
/// AES-256-GCM key that encrypts session cookies and the <c>state</c> parameter (AUTH-3). A restart
/// ends every session, as a key rotation would.
/// </summary>
public sealed class AuthenticationKeys : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _publicKeyPems = new(StringComparer.OrdinalIgnoreCase);

    public AuthenticationKeys()
    {
        SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        SigningKeyId = Guid.NewGuid().ToString();
        _publicKeyPems[SigningKeyId] = SigningKey.ExportSubjectPublicKeyInfoPem() + "\n";
        EncryptionKey = RandomNumberGenerator.GetBytes(32);
    }

    public ECDsa SigningKey { get; }

    /// <summary>The <c>kid</c> of <c>x-amzn-oidc-data</c> headers.</summary>
    public string SigningKeyId { get; }

    internal byte[] EncryptionKey { get; }

    /// <summary>The PEM (SubjectPublicKeyInfo) served at <c>{admin-url}/public-keys/{kid}</c>, or null for an unknown kid.</summary>
    public string? PublicKeyPem(string kid) => _publicKeyPems.GetValueOrDefault(kid);

    public void Dispose() => SigningKey.Dispose();
}
