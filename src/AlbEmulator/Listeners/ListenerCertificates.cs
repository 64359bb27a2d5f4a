using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AlbEmulator.Configuration;
using AlbEmulator.Model;

namespace AlbEmulator.Listeners;

/// <summary>
/// The certificates of one HTTPS listener and ALB's SNI selection (LST-11): no SNI or no match → the
/// default (first) certificate; one match → that one; several → ECDSA before RSA, then the largest
/// key, then the latest expiry.
/// </summary>
public sealed class ListenerCertificates
{
    private readonly (X509Certificate2 Certificate, string Arn)[] _certificates;

    private ListenerCertificates((X509Certificate2, string)[] certificates)
    {
        _certificates = certificates;
    }

    public X509Certificate2 Default => _certificates[0].Certificate;

    public int Count => _certificates.Length;

    /// <summary>Loads the listener's PEM certificates, or generates a self-signed one when none is given.</summary>
    public static ListenerCertificates Load(ListenerConfig listener, string baseDirectory, AwsIdentifiers identifiers, Action<string> announce)
    {
        var loaded = new List<(X509Certificate2, string)>();
        foreach (var certificate in listener.Certificates)
        {
            if (certificate.CertificateFile is null || certificate.PrivateKeyFile is null)
            {
                continue; // CertificateArn only: accepted and ignored (config-format.md §2).
            }

            var certPath = Path.GetFullPath(certificate.CertificateFile, baseDirectory);
            var keyPath = Path.GetFullPath(certificate.PrivateKeyFile, baseDirectory);
            X509Certificate2 cert;
            try
            {
                cert = PemCertificate.Load(certPath, keyPath);
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
            {
                throw new ListenerStartException($"Listener {listener.Port}: cannot read certificate '{certificate.CertificateFile}' with key '{certificate.PrivateKeyFile}': {e.Message}");
            }

            loaded.Add((cert, identifiers.CertificateArn(certPath)));
        }

        if (loaded.Count == 0)
        {
            var (cert, path) = SelfSignedCertificate.GetOrCreate(listener.Port ?? 0);
            announce(path);
            loaded.Add((cert, identifiers.CertificateArn(path)));
        }

        return new ListenerCertificates(loaded.ToArray());
    }

    /// <summary>Chooses the certificate for a client hello's SNI name; <paramref name="matched"/> is false when the default was used for want of a match.</summary>
    public (X509Certificate2 Certificate, string Arn) Select(string? serverName, out bool matched)
    {
        matched = false;
        if (string.IsNullOrEmpty(serverName))
        {
            return _certificates[0];
        }

        (X509Certificate2 Certificate, string Arn)? best = null;
        foreach (var candidate in _certificates)
        {
            if (!candidate.Certificate.MatchesHostname(serverName, allowWildcards: true, allowCommonName: true))
            {
                continue;
            }

            if (best is null || IsBetter(candidate.Certificate, best.Value.Certificate))
            {
                best = candidate;
            }
        }

        if (best is null)
        {
            return _certificates[0];
        }

        matched = true;
        return best.Value;
    }

    private static bool IsBetter(X509Certificate2 candidate, X509Certificate2 current)
    {
        var candidateEcdsa = candidate.GetECDsaPublicKey() is not null;
        var currentEcdsa = current.GetECDsaPublicKey() is not null;
        if (candidateEcdsa != currentEcdsa)
        {
            return candidateEcdsa;
        }

        var candidateBits = candidate.PublicKey.GetRSAPublicKey()?.KeySize ?? candidate.PublicKey.GetECDsaPublicKey()?.KeySize ?? 0;
        var currentBits = current.PublicKey.GetRSAPublicKey()?.KeySize ?? current.PublicKey.GetECDsaPublicKey()?.KeySize ?? 0;
        return candidateBits != currentBits ? candidateBits > currentBits : candidate.NotAfter > current.NotAfter;
    }
}

/// <summary>A listener could not start (port in use, unreadable certificate): one line, exit code 2.</summary>
public sealed class ListenerStartException(string message) : Exception(message);

/// <summary>
/// The self-signed certificate of an HTTPS listener configured without certificates. It is written as PEM
/// under the temp directory and reused while valid, so a client can trust it once.
/// </summary>
public static class SelfSignedCertificate
{
    public static (X509Certificate2 Certificate, string PemPath) GetOrCreate(int listenerPort)
    {
        var directory = Path.Combine(Path.GetTempPath(), "alb-emulator", "certs");
        Directory.CreateDirectory(directory);
        var certPath = Path.Combine(directory, $"listener-{listenerPort}.pem");
        var keyPath = Path.Combine(directory, $"listener-{listenerPort}-key.pem");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            try
            {
                using var existing = X509Certificate2.CreateFromPemFile(certPath, keyPath);
                if (existing.NotAfter > DateTime.UtcNow.AddDays(1))
                {
                    return (X509CertificateLoader.LoadPkcs12(existing.Export(X509ContentType.Pkcs12), null), certPath);
                }
            }
            catch (CryptographicException)
            {
                // Unreadable: make a new one.
            }
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=alb-emulator.local", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddDnsName("alb-emulator.local");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(365));
        File.WriteAllText(certPath, created.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null), certPath);
    }
}
