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

    /// <summary>
    /// Loads the listener's PEM certificates, or generates a self-signed one when none is given (in the user's
    /// private certificate directory, with the names of <see cref="GeneratedCertificateNames.For"/>).
    /// <paramref name="announce"/> gets whole lines for the console (the generated certificate's path, a key that
    /// had to be replaced).
    /// </summary>
    public static ListenerCertificates Load(ListenerConfig listener, string baseDirectory, AwsIdentifiers identifiers, Action<string> announce, GeneratedCertificateOptions? generated = null)
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
            generated ??= new GeneratedCertificateOptions();
            var names = GeneratedCertificateNames.For(listener, identifiers, generated.ExtraNames);
            var (cert, path) = SelfSignedCertificate.GetOrCreate(listener.Port ?? 0, names, generated.Directory, announce);
            announce($"Listener {listener.Port} (HTTPS) has no certificate: using a generated self-signed certificate for {string.Join(", ", names)}; trust it with --cacert {path}");
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
