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

    /// <summary>Null when the pair loads; otherwise why not, in one sentence (for --validate).</summary>
    public static string? Check(string certPath, string keyPath)
    {
        try
        {
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
}
