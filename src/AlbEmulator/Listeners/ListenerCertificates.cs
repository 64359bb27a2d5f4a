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
    /// Loads the listener's PEM certificates (its own files, or the files the config's top-level <c>Certificates</c>
    /// gives a <c>CertificateArn</c> [ext]). A default certificate that has no local files (an ARN ACM would serve, or
    /// no certificate at all) is stood in for by a self-signed one generated in the user's private certificate
    /// directory, with the names of <see cref="GeneratedCertificateNames.For"/>; the other certificates are served for
    /// SNI as they are. <paramref name="announce"/> gets whole lines for the console (the generated certificate's
    /// path, a key that had to be replaced).
    /// </summary>
    public static ListenerCertificates Load(ListenerConfig listener, string baseDirectory, AwsIdentifiers identifiers, Action<string> announce, GeneratedCertificateOptions? generated = null, AlbConfig? config = null)
    {
        var loaded = new List<(X509Certificate2, string)>();
        for (var i = 0; i < listener.Certificates.Count; i++)
        {
            if (Resolve(listener.Certificates[i], baseDirectory, identifiers, config, out var problem) is { } resolved)
            {
                loaded.Add(resolved);
            }
            else if (problem is not null)
            {
                throw new ListenerStartException($"Listener {listener.Port}: {problem}");
            }
            else if (i == 0)
            {
                loaded.Add(StandIn(listener, identifiers, announce, generated));
            }
        }

        if (loaded.Count == 0)
        {
            loaded.Add(StandIn(listener, identifiers, announce, generated));
        }

        return new ListenerCertificates(loaded.ToArray());
    }

    /// <summary>
    /// The self-signed certificate that stands in for a default certificate without local files (LST-10: a listener
    /// always has a default), with the default's ARN when it has one (DescribeListeners, <c>chosen_cert_arn</c>),
    /// else the ARN of the generated file. The same pair at start-up and after a change (ModifyListener, a config edit).
    /// </summary>
    public static (X509Certificate2 Certificate, string Arn) StandIn(ListenerConfig listener, AwsIdentifiers identifiers, Action<string> announce, GeneratedCertificateOptions? generated)
    {
        generated ??= new GeneratedCertificateOptions();
        var names = GeneratedCertificateNames.For(listener, identifiers, generated.ExtraNames);
        var (cert, path) = SelfSignedCertificate.GetOrCreate(listener.Port ?? 0, names, generated.Directory, announce);
        var arn = listener.Certificates.FirstOrDefault()?.CertificateArn;
        var why = arn is null ? "has no certificate" : $"has default certificate {arn} without local files";
        announce($"Listener {listener.Port} (HTTPS) {why}: using a generated self-signed certificate for {string.Join(", ", names)}; trust it with --cacert {path}");
        return (cert, arn ?? identifiers.CertificateArn(path));
    }

    /// <summary>
    /// The certificates of <paramref name="listener"/> as it is now (after CreateListener, ModifyListener,
    /// Add/RemoveListenerCertificates or a config edit): its default certificate (<paramref name="standIn"/> when it
    /// has no usable local files, as at start-up), then every other certificate that has them.
    /// <paramref name="problem"/> gets one line per certificate that cannot be served.
    /// </summary>
    public static ListenerCertificates Refresh(ListenerConfig listener, AlbConfig config, AwsIdentifiers identifiers, Func<(X509Certificate2 Certificate, string Arn)> standIn, Action<string> problem)
    {
        var served = new List<(X509Certificate2 Certificate, string Arn)>(listener.Certificates.Count);
        for (var i = 0; i < listener.Certificates.Count; i++)
        {
            var resolved = Resolve(listener.Certificates[i], config.BaseDirectory, identifiers, config, out var error);
            if (error is not null)
            {
                problem($"Listener {listener.Port}: {error}; not served");
            }

            if (resolved is { } found && !served.Any(s => ReferenceEquals(s.Certificate, found.Certificate)))
            {
                served.Add(found);
            }
            else if (i == 0)
            {
                served.Add(standIn());
            }
        }

        return new ListenerCertificates(served.Count == 0 ? [standIn()] : served.ToArray());
    }

    /// <summary>
    /// The certificate of one entry with its ARN: its own PEM files, or those the config names for its ARN. Null
    /// with no <paramref name="problem"/> for an ARN without local files (nothing to serve); null with a problem when
    /// the files cannot be used.
    /// </summary>
    private static (X509Certificate2 Certificate, string Arn)? Resolve(CertificateConfig certificate, string baseDirectory, AwsIdentifiers identifiers, AlbConfig? config, out string? problem)
    {
        problem = null;
        var files = certificate.CertificateFile is not null && certificate.PrivateKeyFile is not null
            ? certificate
            : certificate.CertificateArn is { } arn ? config?.LocalCertificate(arn) : null;
        if (files?.CertificateFile is null || files.PrivateKeyFile is null)
        {
            return null; // CertificateArn without local files: accepted, not served (config-format.md §2).
        }

        var certPath = Path.GetFullPath(files.CertificateFile, baseDirectory);
        var keyPath = Path.GetFullPath(files.PrivateKeyFile, baseDirectory);
        try
        {
            // The ARN DescribeListeners and DescribeListenerCertificates give it (ShapeWriter.CertificateArn).
            return (PemCertificate.LoadCached(certPath, keyPath), certificate.CertificateArn ?? identifiers.CertificateArn(files.CertificateFile));
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            problem = $"cannot read certificate '{files.CertificateFile}' with key '{files.PrivateKeyFile}': {e.Message}";
            return null;
        }
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

/// <summary>A listener could not start (port in use, unreadable certificate, a log file that cannot be opened): one line, exit code 2.</summary>
public sealed class ListenerStartException(string message) : Exception(message)
{
    /// <summary>The one line for a log file (<c>--access-log</c>, <c>--waf-log</c>, the host's <c>--log-file</c>) that cannot be opened.</summary>
    public static ListenerStartException CannotOpenLog(string option, string path, Exception reason) =>
        new($"{option} {path}: cannot open the file: {reason.Message}");
}
