using System.Security.Cryptography.X509Certificates;

namespace AlbEmulator.TrustStores;

/// <summary>
/// A loaded trust store (LST-42): its CA certificates and revocation lists, immutable. A new instance
/// replaces it when the bundle or the revocations change.
/// </summary>
public sealed class TrustStore
{
    private readonly Dictionary<string, HashSet<string>> _revokedByIssuer;

    public TrustStore(string name, string arn, IReadOnlyList<X509Certificate2> caCertificates, IReadOnlyList<TrustStoreRevocation> revocations, string caBundlePem, long nextRevocationId = 0)
    {
        Name = name;
        NextRevocationId = Math.Max(nextRevocationId, revocations.Count == 0 ? 1 : revocations.Max(r => r.RevocationId) + 1);
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

    /// <summary>The id the next added revocation gets: ids are never reused, as AWS's are not.</summary>
    public long NextRevocationId { get; }

    public int TotalRevokedEntries => Revocations.Sum(r => r.List.RevokedSerials.Count);

    /// <summary>True when a CRL issued by <paramref name="certificate"/>'s issuer lists its serial number.</summary>
    public bool IsRevoked(X509Certificate2 certificate) =>
        _revokedByIssuer.TryGetValue(Convert.ToHexString(certificate.IssuerName.RawData), out var serials)
        && serials.Contains(TrustStoreContent.SerialKey(certificate.SerialNumberBytes.Span));

    /// <summary>The CA certificates of this store whose subject is the CRL's issuer.</summary>
    public IEnumerable<X509Certificate2> CasNamed(X500DistinguishedName issuer) =>
        CaCertificates.Where(ca => ca.SubjectName.RawData.AsSpan().SequenceEqual(issuer.RawData));

    /// <summary>A copy with other revocations (Add/RemoveTrustStoreRevocations); revocation ids keep counting.</summary>
    public TrustStore WithRevocations(IReadOnlyList<TrustStoreRevocation> revocations) => new(Name, Arn, CaCertificates, revocations, CaBundlePem, NextRevocationId);

    /// <summary>A copy with another CA bundle (ModifyTrustStore); the revocations stay.</summary>
    public TrustStore WithCaBundle(IReadOnlyList<X509Certificate2> caCertificates, string caBundlePem) => new(Name, Arn, caCertificates, Revocations, caBundlePem, NextRevocationId);
}

/// <summary>
/// One CRL of a trust store, with the id the API reports (RevocationId) and the PEM it came from
/// (GetTrustStoreRevocationContent).
/// </summary>
public sealed record TrustStoreRevocation(long RevocationId, RevocationList List, string? SourceFile);
