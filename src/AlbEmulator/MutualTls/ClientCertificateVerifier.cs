using System.Security.Cryptography.X509Certificates;

namespace AlbEmulator.MutualTls;

/// <summary>
/// X.509 client authentication in verify mode (LST-42, LST-44): the chain must lead to a CA of the trust
/// store, be at most 4 certificates above the leaf, be unrevoked by the store's CRLs, be within its
/// validity (unless <c>IgnoreClientCertificateExpiry</c>), use a supported key, and the leaf must be
/// allowed for client authentication. The result is a connection-log <c>Failed:</c> code, or null.
/// The order of the checks is AlbEmulator's choice [UNCONFIRMED]: size, type, chain depth, trust,
/// validity, purpose, revocation.
/// </summary>
public static class ClientCertificateVerifier
{
    /// <summary>LST-44: certificates allowed above the leaf.</summary>
    public const int MaxChainDepth = 4;

    /// <summary>LST-44: the TLS message that carries the client's chain.</summary>
    public const int MaxChainBytes = 64 * 1024;

    /// <summary>
    /// [EMU] Verify mode without a client certificate ends the handshake [UNCONFIRMED]; AWS's code list has
    /// no entry for it, so the connection log says the client was not trusted.
    /// </summary>
    public const string NoCertificateCode = "ClientCertUntrusted";

    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    public static string? Verify(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> presentedIntermediates, MutualTlsSettings settings, DateTime nowUtc)
    {
        if (settings.TrustStore is not { } store)
        {
            return "UnmappedConnectionError";
        }

        if (leaf.RawData.Length + presentedIntermediates.Sum(c => c.RawData.Length) > MaxChainBytes)
        {
            return "ClientCertMaxSizeExceeded";
        }

        if (leaf.Version != 3 || !IsSupportedKey(leaf))
        {
            return "ClientCertTypeUnsupported";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(store.Roots);
        foreach (var intermediate in presentedIntermediates)
        {
            chain.ChainPolicy.ExtraStore.Add(intermediate);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = nowUtc;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (settings.IgnoreClientCertificateExpiry)
        {
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        }

        var trusted = chain.Build(leaf);
        var elements = chain.ChainElements;
        if (elements.Count - 1 > MaxChainDepth)
        {
            return "ClientCertMaxChainDepthExceeded";
        }

        if (!trusted)
        {
            var all = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (f, s) => f | s.Status);
            if ((all & (X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.ExplicitDistrust)) != 0)
            {
                return "ClientCertUntrusted";
            }

            if ((all & X509ChainStatusFlags.NotTimeValid) != 0)
            {
                return nowUtc < leaf.NotBefore.ToUniversalTime() ? "ClientCertNotYetValid" : "ClientCertExpired";
            }

            if ((all & (X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.InvalidBasicConstraints)) != 0)
            {
                return "ClientCertPurposeInvalid";
            }

            return "ClientCertInvalid";
        }

        if (!AllowsClientAuth(leaf))
        {
            return "ClientCertPurposeInvalid";
        }

        foreach (var element in elements)
        {
            var certificate = element.Certificate;
            var selfSigned = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
            if (!selfSigned && store.IsRevoked(certificate))
            {
                return "ClientCertCrlHit";
            }
        }

        return null;
    }

    /// <summary>LST-44: RSA 2048–8192 bits, or ECDSA on P-256, P-384 or P-521.</summary>
    private static bool IsSupportedKey(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.KeySize is >= 2048 and <= 8192;
        }

        using var ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is null)
        {
            return false;
        }

        var curve = ecdsa.ExportParameters(false).Curve;
        return curve.Oid?.Value is "1.2.840.10045.3.1.7" or "1.3.132.0.34" or "1.3.132.0.35"
            || curve.Oid?.FriendlyName is "nistP256" or "nistP384" or "nistP521" or "ECDSA_P256" or "ECDSA_P384" or "ECDSA_P521";
    }

    private static bool AllowsClientAuth(X509Certificate2 leaf)
    {
        foreach (var extension in leaf.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension eku)
            {
                foreach (var oid in eku.EnhancedKeyUsages)
                {
                    if (oid.Value is ClientAuthOid or AnyExtendedKeyUsageOid)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return true;
    }
}
