using AlbEmulator.Utilities;

namespace AlbEmulator.Configuration.Reading;

/// <summary>Builds <see cref="TrustStoreConfig"/> and a listener's <see cref="MutualAuthenticationConfig"/> (config-format.md §5).</summary>
internal static class TrustStoreReader
{
    public static TrustStoreConfig Read(JsonObjectReader o) => new()
    {
        Name = o.String("Name"),
        CaCertificatesBundleFile = o.String("CaCertificatesBundleFile"),
        RevocationFiles = o.StringList("RevocationFiles") ?? ValueList<string>.Empty,
    };

    public static MutualAuthenticationConfig ReadMutualAuthentication(JsonObjectReader o) => new()
    {
        Mode = o.String("Mode"),
        TrustStoreArn = o.String("TrustStoreArn"),
        TrustStoreName = o.String("TrustStoreName"),
        IgnoreClientCertificateExpiry = o.Bool("IgnoreClientCertificateExpiry"),
        AdvertiseTrustStoreCaNames = o.String("AdvertiseTrustStoreCaNames"),
    };
}
