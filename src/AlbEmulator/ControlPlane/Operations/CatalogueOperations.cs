using System.Security.Authentication;
using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane.Query;
using static AlbEmulator.ControlPlane.Query.QueryXml;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// DescribeSSLPolicies (the predefined ELB policies of <see cref="SslPolicies"/> with their protocols
/// and ciphers) and DescribeAccountLimits (AWS's default ELBv2 quotas).
/// </summary>
internal static class CatalogueOperations
{
    private static readonly string[] Tls13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"];
    private static readonly string[] EcdheGcm = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384"];
    private static readonly string[] EcdheSha2 = ["ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384"];
    private static readonly string[] EcdheSha1 = ["ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA", "ECDHE-ECDSA-AES256-SHA"];
    private static readonly string[] RsaSha2 = ["AES128-GCM-SHA256", "AES128-SHA256", "AES256-GCM-SHA384", "AES256-SHA256"];
    private static readonly string[] RsaSha1 = ["AES128-SHA", "AES256-SHA"];

    /// <summary>AWS's default quotas (Service Quotas, "Elastic Load Balancing").</summary>
    private static readonly (string Name, int Max)[] Limits =
    [
        ("application-load-balancers", 50),
        ("target-groups", 3000),
        ("targets-per-application-load-balancer", 1000),
        ("listeners-per-application-load-balancer", 50),
        ("rules-per-application-load-balancer", 100),
        ("certificates-per-application-load-balancer", 25),
        ("condition-values-per-alb-rule", 5),
        ("condition-wildcards-per-alb-rule", 5),
        ("target-groups-per-application-load-balancer", 100),
        ("target-groups-per-action-on-application-load-balancer", 5),
        ("target-id-registrations-per-application-load-balancer", 1000),
        ("network-load-balancers", 50),
        ("targets-per-network-load-balancer", 3000),
        ("targets-per-availability-zone-per-network-load-balancer", 500),
        ("listeners-per-network-load-balancer", 50),
        ("target-groups-per-action-on-network-load-balancer", 1),
        ("gateway-load-balancers", 100),
        ("gateway-load-balancers-per-vpc", 100),
        ("geneve-target-groups", 100),
        ("targets-per-availability-zone-per-gateway-load-balancer", 300),
    ];

    public static IEnumerable<object?> DescribeSSLPolicies(QueryParameters request, AlbControlPlane controlPlane)
    {
        var type = request.Get("LoadBalancerType");
        if (type is not (null or "application" or "network" or "gateway"))
        {
            throw AlbApiError.Validation($"1 validation error detected: Value '{type}' at 'loadBalancerType' failed to satisfy constraint: Member must satisfy enum value set: [application, network, gateway]");
        }

        IReadOnlyList<string> names = SslPolicies.Names.Order(StringComparer.Ordinal).ToArray();
        if (request.Strings("Names") is { Count: > 0 } wanted)
        {
            foreach (var name in wanted)
            {
                if (!SslPolicies.TryGet(name, out _, out _))
                {
                    throw new AlbApiError("SSLPolicyNotFound", $"SSL policy '{name}' not found");
                }
            }

            names = wanted;
        }

        // Every predefined policy applies to ALB and NLB; gateway load balancers have none.
        if (type == "gateway")
        {
            names = [];
        }

        return Paging.Page(request, names, "SslPolicies", Policy);
    }

    public static IEnumerable<object?> DescribeAccountLimits(QueryParameters request, AlbControlPlane controlPlane) =>
        Paging.Page(request, Limits, "Limits", l => [E("Name", l.Name), E("Max", l.Max.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    private static IEnumerable<object?> Policy(string name)
    {
        SslPolicies.TryGet(name, out var min, out var max);
        var protocols = new[] { (SslProtocols.Tls13, "TLSv1.3"), (SslProtocols.Tls12, "TLSv1.2"), (Tls11, "TLSv1.1"), (Tls10, "TLSv1") }
            .Where(p => p.Item1 >= min && p.Item1 <= max)
            .Select(p => p.Item2);
        return
        [
            List("SslProtocols", protocols),
            StructList("Ciphers", Ciphers(name, min, max).Select((c, i) => (c, i + 1)), c => [E("Name", c.c), E("Priority", c.Item2)]),
            E("Name", name),
            List("SupportedLoadBalancerTypes", ["application", "network"]),
        ];
    }

    /// <summary>
    /// The cipher list of a policy by its family (TLS 1.3 only; restricted GCM; forward secrecy only;
    /// TLS 1.2 without SHA-1; the 2016-08 set), in AWS's priority order.
    /// </summary>
    private static IEnumerable<string> Ciphers(string name, SslProtocols min, SslProtocols max)
    {
        var tls13 = max == SslProtocols.Tls13 ? Tls13 : [];
        if (min == SslProtocols.Tls13)
        {
            return tls13;
        }

        if (name.Contains("-Res-", StringComparison.Ordinal) || name.Contains("RFC9151", StringComparison.Ordinal))
        {
            return [.. tls13, .. EcdheGcm];
        }

        if (name.Contains("-FS-", StringComparison.Ordinal) || name.StartsWith("ELBSecurityPolicy-FS", StringComparison.Ordinal))
        {
            return min == SslProtocols.Tls12 ? [.. tls13, .. EcdheGcm, .. EcdheSha2] : [.. tls13, .. EcdheGcm, .. EcdheSha2, .. EcdheSha1];
        }

        if (min == SslProtocols.Tls12)
        {
            return name.Contains("-Ext", StringComparison.Ordinal) || name.Contains("TLS-1-2", StringComparison.Ordinal)
                ? [.. tls13, .. EcdheGcm, .. EcdheSha2, .. RsaSha2]
                : [.. tls13, .. EcdheGcm, .. EcdheSha2];
        }

        return [.. tls13, .. EcdheGcm, .. EcdheSha2, .. EcdheSha1, .. RsaSha2, .. RsaSha1];
    }

#pragma warning disable SYSLIB0039 // TLS 1.0 and 1.1 are obsolete, but ALB policies still list them.
    private const SslProtocols Tls10 = SslProtocols.Tls;
    private const SslProtocols Tls11 = SslProtocols.Tls11;
#pragma warning restore SYSLIB0039
}
