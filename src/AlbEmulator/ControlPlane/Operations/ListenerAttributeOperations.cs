using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.Utilities;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// DescribeListenerAttributes and ModifyListenerAttributes (LST-50, LST-51): the listener attributes of
/// <see cref="AttributeCatalog.Listener"/>, validated like the config; Modify returns the complete list.
/// </summary>
internal static class ListenerAttributeOperations
{
    public static IEnumerable<object?> DescribeListenerAttributes(QueryParameters request, AlbControlPlane controlPlane)
    {
        var listener = controlPlane.State.Index().RequireListener(request.Require("ListenerArn"));
        return ShapeWriter.Attributes(All(listener.ListenerAttributes));
    }

    public static IEnumerable<object?> ModifyListenerAttributes(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("ListenerArn");
        var attributes = ShapeReader.Attributes(request);
        if (attributes.Count == 0)
        {
            throw AlbApiError.Missing("Attributes");
        }

        return controlPlane.Change((change, index) =>
        {
            var listener = index.RequireListener(arn);
            var merged = LoadBalancerOperations.Merge(listener.ListenerAttributes, attributes)
                .Where(a => a.Value.Length > 0 || AttributeCatalog.FindListener(a.Key) is null) // an empty value restores the default (LST-51)
                .ToValueList();
            var modified = listener with { ListenerAttributes = merged };
            change.Config = change.Config.WithListener(listener, modified);
            return ShapeWriter.Attributes(All(merged));
        });
    }

    private static IEnumerable<AttributeConfig> All(IReadOnlyList<AttributeConfig> configured) =>
        AttributeCatalog.Listener.Select(d => new AttributeConfig(d.Key, AttributeCatalog.GetOrDefault(configured, d))).ToArray();

    /// <summary><c>MutualAuthentication</c> of CreateListener/ModifyListener, or null when the request has none.</summary>
    public static MutualAuthenticationConfig? ReadMutualAuthentication(QueryParameters request) =>
        request.Struct("MutualAuthentication") is { } mutual
            ? new MutualAuthenticationConfig
            {
                Mode = mutual.Get("Mode"),
                TrustStoreArn = mutual.Get("TrustStoreArn"),
                IgnoreClientCertificateExpiry = mutual.GetBool("IgnoreClientCertificateExpiry"),
                AdvertiseTrustStoreCaNames = mutual.Get("AdvertiseTrustStoreCaNames"),
            }
            : null;
}
