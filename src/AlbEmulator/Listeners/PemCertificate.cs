using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AlbEmulator.Listeners;

/// <summary>A listener certificate from a PEM certificate file and a PEM private-key file (config-format.md §2).</summary>
public static class PemCertificate
{
    /// <summary>Loads the pair as a certificate with its private key, usable by SslStream. Throws when unreadable or mismatched.</summary>
    public static X509Certificate2 Load(string certPath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static readonly ConcurrentDictionary<(string Certificate, string Key), (FileStamp Certificate, FileStamp Key, X509Certificate2 Loaded)> Loaded = new();

    /// <summary>
    /// <see cref="Load"/> once per pair of files: the same instance again while neither file has changed (size and
    /// modification time), so TLS contexts built for it are reused and a handshake never parses PEM.
    /// </summary>
    public static X509Certificate2 LoadCached(string certPath, string keyPath)
    {
        var key = (certPath, keyPath);
        var certificateStamp = FileStamp.Of(certPath);
        var keyStamp = FileStamp.Of(keyPath);
        if (Loaded.TryGetValue(key, out var cached) && cached.Certificate == certificateStamp && cached.Key == keyStamp)
        {
            return cached.Loaded;
        }

        var loaded = Load(certPath, keyPath);
        Loaded[key] = (certificateStamp, keyStamp, loaded);
        return loaded;
    }

    /// <summary>Null when the pair loads; otherwise why not, in one sentence (for --validate).</summary>
    public static string? Check(string certPath, string keyPath)
    {
        try
        {
            if (UnsupportedKeyAlgorithm(certPath) is { } algorithm)
            {
                return $"Cannot use certificate '{certPath}': {algorithm} keys are not supported on ALB listeners (LST-12); use an RSA or ECDSA key";
            }

            using var certificate = Load(certPath, keyPath);
            return null;
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            var reason = e.Message.Contains("public key", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("does not match", StringComparison.OrdinalIgnoreCase)
                ? "the private key does not belong to the certificate"
                : e.Message.TrimEnd('.');
            return $"Cannot use certificate '{certPath}' with key '{keyPath}': {reason}";
        }
    }

    /// <summary>
    /// The name of the certificate's key algorithm when ALB refuses it on a listener (LST-12: ED25519; ED448 likewise),
    /// else null. Read from the certificate alone, so the answer names ALB's rule instead of the crypto library's
    /// "not a known key algorithm".
    /// </summary>
    private static string? UnsupportedKeyAlgorithm(string certPath)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certPath));
        return certificate.PublicKey.Oid.Value switch
        {
            "1.3.101.112" => "ED25519",
            "1.3.101.113" => "ED448",
            _ => null,
        };
    }

    private readonly record struct FileStamp(long Length, DateTime Modified)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : throw new FileNotFoundException($"File '{path}' not found", path);
        }
    }
}
