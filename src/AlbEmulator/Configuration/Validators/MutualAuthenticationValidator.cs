using System.Security.Cryptography;
using AlbEmulator.TrustStores;

namespace AlbEmulator.Configuration.Validators;

/// <summary>
/// Mutual TLS (LST-40..LST-45): a listener's <c>MutualAuthentication</c> and the top-level
/// <c>TrustStores[]</c> it refers to, whose files are read and checked here as CreateTrustStore would.
/// </summary>
internal static class MutualAuthenticationValidator
{
    public static readonly string[] Modes = ["off", "passthrough", "verify"];

    public static void Check(ValidationContext context, string resource, ListenerConfig listener)
    {
        if (listener.MutualAuthentication is not { } mutual)
        {
            return;
        }

        const string field = "MutualAuthentication";
        var mode = mutual.Mode ?? "off";
        if (Array.IndexOf(Modes, mode) < 0)
        {
            context.Add(resource, $"{field}.Mode", $"Mutual authentication mode '{mode}' must be one of 'off', 'passthrough', 'verify'");
            return;
        }

        if (mode != "off" && listener.Protocol != "HTTPS")
        {
            context.Add(resource, $"{field}.Mode", "Mutual authentication is only supported for HTTPS listeners");
        }

        var named = mutual.TrustStoreArn is not null || mutual.TrustStoreName is not null;
        if (mode == "verify")
        {
            if (!named)
            {
                context.Add(resource, $"{field}.TrustStoreArn", "A trust store is required when the mutual authentication mode is 'verify'");
            }
            else if (mutual.TrustStoreArn is not null && mutual.TrustStoreName is not null)
            {
                context.Add(resource, field, "Specify either TrustStoreArn or TrustStoreName, not both");
            }
            else if (TrustStoreLoader.ReferencedName(mutual) is not { } name || !context.Config.TrustStores.Any(t => t.Name == name))
            {
                context.Add(resource, mutual.TrustStoreArn is not null ? $"{field}.TrustStoreArn" : $"{field}.TrustStoreName",
                    $"Trust store '{mutual.TrustStoreArn ?? mutual.TrustStoreName}' not found");
            }
        }
        else
        {
            if (named)
            {
                context.Add(resource, field, $"A trust store can only be associated when the mutual authentication mode is 'verify'");
            }

            if (mutual.IgnoreClientCertificateExpiry is not null)
            {
                context.Add(resource, $"{field}.IgnoreClientCertificateExpiry", "IgnoreClientCertificateExpiry can only be specified when the mutual authentication mode is 'verify'");
            }
        }

        if (mutual.AdvertiseTrustStoreCaNames is { } advertise)
        {
            if (advertise is not ("on" or "off"))
            {
                context.Add(resource, $"{field}.AdvertiseTrustStoreCaNames", $"AdvertiseTrustStoreCaNames '{advertise}' must be one of 'on', 'off'");
            }
            else if (mode != "verify" && advertise == "on")
            {
                context.Add(resource, $"{field}.AdvertiseTrustStoreCaNames", "Trust store CA names can only be advertised when the mutual authentication mode is 'verify'");
            }
        }
    }

    /// <summary>The top-level trust stores: names, files, content and quotas (LST-44).</summary>
    public static void CheckTrustStores(ValidationContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < context.Config.TrustStores.Count; i++)
        {
            var trustStore = context.Config.TrustStores[i];
            var resource = ResourceNames.TrustStore(trustStore.Name, i);
            if (trustStore.Name is null)
            {
                context.Add(resource, "Name", "Name is required");
            }
            else
            {
                Names.Check(context, resource, "Name", "Trust store", trustStore.Name);
                if (!names.Add(trustStore.Name))
                {
                    context.Add(resource, "Name", $"A trust store with the name '{trustStore.Name}' already exists");
                }
            }

            if (trustStore.Content is not null)
            {
                continue; // checked by the API operation that made it
            }

            if (string.IsNullOrEmpty(trustStore.CaCertificatesBundleFile))
            {
                context.Add(resource, "CaCertificatesBundleFile", "CaCertificatesBundleFile is required");
                continue;
            }

            try
            {
                TrustStoreLoader.Load(trustStore, context.Config.BaseDirectory);
            }
            catch (TrustStoreContentException e)
            {
                context.Add(resource, "CaCertificatesBundleFile", $"{e.Code}: {e.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                context.Add(resource, "CaCertificatesBundleFile", $"Cannot read a trust store file: {e.Message}");
            }
        }
    }
}
