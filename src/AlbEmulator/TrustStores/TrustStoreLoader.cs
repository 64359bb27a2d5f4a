using AlbEmulator.Configuration;

namespace AlbEmulator.TrustStores;

/// <summary>Loads the config's <c>TrustStores[]</c> ([ext] local PEM files, config-format.md §5).</summary>
public static class TrustStoreLoader
{
    /// <summary>Loads one trust store; throws <see cref="TrustStoreContentException"/> with AWS's error code, or an IO exception.</summary>
    public static TrustStore Load(TrustStoreConfig config, string baseDirectory)
    {
        var name = config.Name ?? "";
        var bundlePem = File.ReadAllText(Path.GetFullPath(config.CaCertificatesBundleFile!, baseDirectory));
        var cas = TrustStoreContent.ReadCaBundle(bundlePem);
        var revocations = new List<TrustStoreRevocation>();
        foreach (var file in config.RevocationFiles)
        {
            foreach (var list in TrustStoreContent.ReadCrls(File.ReadAllText(Path.GetFullPath(file, baseDirectory))))
            {
                revocations.Add(new TrustStoreRevocation(revocations.Count + 1, list, file));
            }
        }

        var store = new TrustStore(name, TrustStoreArns.For(name), cas, revocations, bundlePem);
        Check(store);
        return store;
    }

    /// <summary>LST-44 quotas and CRL issuers.</summary>
    public static void Check(TrustStore store)
    {
        if (store.Revocations.Count > TrustStoreContent.MaxRevocationLists)
        {
            throw new TrustStoreContentException("TooManyTrustStoreRevocationEntries", $"A trust store can have at most {TrustStoreContent.MaxRevocationLists} revocation lists");
        }

        if (store.TotalRevokedEntries > TrustStoreContent.MaxRevocationEntries)
        {
            throw new TrustStoreContentException("TooManyTrustStoreRevocationEntries", $"A trust store can have at most {TrustStoreContent.MaxRevocationEntries} revocation entries");
        }

        foreach (var revocation in store.Revocations)
        {
            var issuers = store.CasNamed(revocation.List.Issuer).ToArray();
            if (issuers.Length == 0)
            {
                throw new TrustStoreContentException("InvalidRevocationContent", $"The CRL issued by '{revocation.List.Issuer.Name}' was not issued by a CA certificate of the trust store");
            }

            if (!issuers.Any(revocation.List.IsSignedBy))
            {
                throw new TrustStoreContentException("InvalidRevocationContent",
                    $"The signature of the CRL issued by '{revocation.List.Issuer.Name}' does not verify with that CA certificate's key (signature algorithm {revocation.List.SignatureAlgorithm}): the CRL was not signed by the trust store's CA");
            }
        }
    }

    /// <summary>Every trust store of a validated config, by name (case-sensitive, as AWS names are).</summary>
    public static IReadOnlyDictionary<string, TrustStore> LoadAll(AlbConfig config)
    {
        var stores = new Dictionary<string, TrustStore>(StringComparer.Ordinal);
        foreach (var trustStore in config.TrustStores)
        {
            if (trustStore.Name is { } name && trustStore.Content is { } content)
            {
                stores[name] = content;
            }
            else if (trustStore.Name is { } fileName && trustStore.CaCertificatesBundleFile is not null)
            {
                stores[fileName] = Load(trustStore, config.BaseDirectory);
            }
        }

        return stores;
    }

    /// <summary>The trust store a listener names by <c>TrustStoreName</c> [ext] or <c>TrustStoreArn</c>.</summary>
    public static string? ReferencedName(MutualAuthenticationConfig mutual) =>
        mutual.TrustStoreName ?? (mutual.TrustStoreArn is { } arn ? TrustStoreArns.NameOf(arn) : null);
}
