using System.Security.Cryptography;
using System.Text;
using AlbEmulator.Model;

namespace AlbEmulator.TrustStores;

/// <summary>
/// Trust-store ARNs: <c>arn:aws:elasticloadbalancing:{region}:{account}:truststore/{name}/{16 hex}</c>.
/// A trust store belongs to the account, not to a load balancer, so its id derives from its name only.
/// </summary>
public static class TrustStoreArns
{
    public static string For(string name, string region = AwsIdentifiers.DefaultRegion, string accountId = AwsIdentifiers.DefaultAccountId) =>
        $"arn:aws:elasticloadbalancing:{region}:{accountId}:truststore/{name}/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("truststore/" + name)).AsSpan(0, 8))}";

    /// <summary>The name in a trust-store ARN (<c>…:truststore/{name}/{id}</c>), or null when it is not one.</summary>
    public static string? NameOf(string arn)
    {
        const string marker = ":truststore/";
        var start = arn.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0 || !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        start += marker.Length;
        var end = arn.IndexOf('/', start);
        var name = end < 0 ? arn[start..] : arn[start..end];
        return name.Length == 0 ? null : name;
    }
}
