using AlbEmulator.Configuration;
using AlbEmulator.TrustStores;

namespace AlbEmulator.MutualTls;

/// <summary><c>MutualAuthentication.Mode</c> (LST-40).</summary>
public enum MutualTlsMode
{
    Off,
    Passthrough,
    Verify,
}

/// <summary>A listener's resolved mutual-TLS settings (LST-40..LST-45), built with each config snapshot.</summary>
public sealed class MutualTlsSettings
{
    public static readonly MutualTlsSettings Off = new(MutualTlsMode.Off, null, false, false);

    public MutualTlsSettings(MutualTlsMode mode, TrustStore? trustStore, bool ignoreClientCertificateExpiry, bool advertiseTrustStoreCaNames)
    {
        Mode = mode;
        TrustStore = trustStore;
        IgnoreClientCertificateExpiry = ignoreClientCertificateExpiry;
        AdvertiseTrustStoreCaNames = advertiseTrustStoreCaNames;
    }

    public MutualTlsMode Mode { get; }

    /// <summary>The trust store (verify mode).</summary>
    public TrustStore? TrustStore { get; }

    public bool IgnoreClientCertificateExpiry { get; }

    /// <summary>LST-45: the trust store's CA names go into the TLS CertificateRequest.</summary>
    public bool AdvertiseTrustStoreCaNames { get; }

    /// <summary>Resolves a validated listener's <c>MutualAuthentication</c> against the loaded trust stores.</summary>
    public static MutualTlsSettings From(MutualAuthenticationConfig? config, IReadOnlyDictionary<string, TrustStore> trustStores)
    {
        var mode = config?.Mode switch
        {
            "passthrough" => MutualTlsMode.Passthrough,
            "verify" => MutualTlsMode.Verify,
            _ => MutualTlsMode.Off,
        };
        if (mode == MutualTlsMode.Off)
        {
            return Off;
        }

        var store = mode == MutualTlsMode.Verify && TrustStoreLoader.ReferencedName(config!) is { } name ? trustStores.GetValueOrDefault(name) : null;
        return new MutualTlsSettings(mode, store, config!.IgnoreClientCertificateExpiry == true, mode == MutualTlsMode.Verify && config.AdvertiseTrustStoreCaNames == "on");
    }
}
