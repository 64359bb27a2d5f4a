using System.Security.Cryptography.X509Certificates;

namespace AlbEmulator.TrustStores;

/// <summary>
/// A loaded trust store (LST-42): its CA certificates and revocation lists, immutable. A new instance
/// replaces it when the bundle or the revocations change.
/// </summary>
public sealed class TrustStore
{
    private readonly Dictionary<string, HashSet<string>> _revokedByIssuer;

    public TrustStore(string name, string arn, IReadOnlyList<X509Certificate2> caCertificates, IReadOnlyList<TrustStoreRevocation> revocations, string caBundlePem)
    {
        Name = name;
        Arn = arn;
        CaCertificates = caCertificates;
        Revocations = revocations;
        CaBundlePem = caBundlePem;
        Roots = [.. caCertificates];
        _revokedByIssuer = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var revocation in revocations)
        {
            var key = Convert.ToHexString(revocation.List.Issuer.RawData);
            if (!_revokedByIssuer.TryGetValue(key, out var serials))
            {
                _revokedByIssuer[key] = serials = new HashSet<string>(StringComparer.Ordinal);
            }

            serials.UnionWith(revocation.List.RevokedSerials);
        }
    }

    public string Name { get; }

    public string Arn { get; }

    public IReadOnlyList<X509Certificate2> CaCertificates { get; }

    /// <summary>The CA certificates as a collection (chain building, advertised CA names).</summary>
    public X509Certificate2Collection Roots { get; }

    public IReadOnlyList<TrustStoreRevocation> Revocations { get; }

    /// <summary>The bundle as uploaded (GetTrustStoreCaCertificatesBundle).</summary>
    public string CaBundlePem { get; }

    public int TotalRevokedEntries => Revocations.Sum(r => r.List.RevokedSerials.Count);

    /// <summary>True when a CRL issued by <paramref name="certificate"/>'s issuer lists its serial number.</summary>
    public bool IsRevoked(X509Certificate2 certificate) =>
        _revokedByIssuer.TryGetValue(Convert.ToHexString(certificate.IssuerName.RawData), out var serials)
        && serials.Contains(TrustStoreContent.SerialKey(certificate.SerialNumberBytes.Span));

    /// <summary>True when the CRL's issuer is one of this store's CA certificates.</summary>
    public bool IssuedByCa(RevocationList list) =>
        CaCertificates.Any(ca => ca.SubjectName.RawData.AsSpan().SequenceEqual(list.Issuer.RawData));

    /// <summary>A copy with other revocations (Add/RemoveTrustStoreRevocations).</summary>
    public TrustStore WithRevocations(IReadOnlyList<TrustStoreRevocation> revocations) => new(Name, Arn, CaCertificates, revocations, CaBundlePem);
}

/// <summary>One revocation file added to a trust store, with the id the API reports (RevocationId).</summary>
public sealed record TrustStoreRevocation(long RevocationId, RevocationList List, string? SourceFile);
