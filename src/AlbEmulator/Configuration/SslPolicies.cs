using System.Collections.Frozen;
using System.Security.Authentication;

namespace AlbEmulator.Configuration;

/// <summary>
/// The predefined ELB security policies an HTTPS listener accepts, with the TLS versions each one
/// allows (alb-data-plane.md LST-20, LST-21). The emulator enforces the protocol range and ignores
/// cipher lists (LST-22 [EMU]).
/// </summary>
public static class SslPolicies
{
    /// <summary>The policy AWS applies when a listener is created by API/CloudFormation without one (LST-20).</summary>
    public const string Default = "ELBSecurityPolicy-2016-08";

#pragma warning disable SYSLIB0039 // TLS 1.0 and 1.1 are obsolete, but ALB policies still allow them.
    private const SslProtocols Tls10 = SslProtocols.Tls;
    private const SslProtocols Tls11 = SslProtocols.Tls11;
#pragma warning restore SYSLIB0039
    private const SslProtocols Tls12 = SslProtocols.Tls12;
    private const SslProtocols Tls13 = SslProtocols.Tls13;

    private static readonly FrozenDictionary<string, (SslProtocols Min, SslProtocols Max)> Table =
        new Dictionary<string, (SslProtocols Min, SslProtocols Max)>(StringComparer.Ordinal)
        {
            // TLS 1.3 only
            ["ELBSecurityPolicy-TLS13-1-3-2021-06"] = (Tls13, Tls13),
            ["ELBSecurityPolicy-TLS13-1-3-PQ-2025-09"] = (Tls13, Tls13),
            ["ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04"] = (Tls13, Tls13),
            ["ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09"] = (Tls13, Tls13),

            // TLS 1.2 - 1.3
            ["ELBSecurityPolicy-TLS13-1-2-2021-06"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Res-2021-06"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-PQ-2025-09"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09"] = (Tls12, Tls13),
            ["ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07"] = (Tls12, Tls13),

            // TLS 1.1 - 1.3
            ["ELBSecurityPolicy-TLS13-1-1-2021-06"] = (Tls11, Tls13),
            ["ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04"] = (Tls11, Tls13),

            // TLS 1.0 - 1.3
            ["ELBSecurityPolicy-TLS13-1-0-2021-06"] = (Tls10, Tls13),
            ["ELBSecurityPolicy-TLS13-1-0-PQ-2025-09"] = (Tls10, Tls13),
            ["ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04"] = (Tls10, Tls13),
            ["ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09"] = (Tls10, Tls13),

            // TLS 1.2 only
            ["ELBSecurityPolicy-TLS-1-2-2017-01"] = (Tls12, Tls12),
            ["ELBSecurityPolicy-TLS-1-2-Ext-2018-06"] = (Tls12, Tls12),
            ["ELBSecurityPolicy-FS-1-2-Res-2020-10"] = (Tls12, Tls12),
            ["ELBSecurityPolicy-FS-1-2-Res-2019-08"] = (Tls12, Tls12),
            ["ELBSecurityPolicy-FS-1-2-2019-08"] = (Tls12, Tls12),

            // TLS 1.1 - 1.2
            ["ELBSecurityPolicy-TLS-1-1-2017-01"] = (Tls11, Tls12),
            ["ELBSecurityPolicy-FS-1-1-2019-08"] = (Tls11, Tls12),

            // TLS 1.0 - 1.2
            ["ELBSecurityPolicy-2016-08"] = (Tls10, Tls12),
            ["ELBSecurityPolicy-2015-05"] = (Tls10, Tls12),
            ["ELBSecurityPolicy-TLS-1-0-2015-04"] = (Tls10, Tls12),
            ["ELBSecurityPolicy-FS-2018-06"] = (Tls10, Tls12),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every known policy name.</summary>
    public static IEnumerable<string> Names => Table.Keys;

    /// <summary>The lowest and highest TLS version of a policy; false when the name is not a known policy.</summary>
    public static bool TryGet(string name, out SslProtocols minTls, out SslProtocols maxTls)
    {
        if (Table.TryGetValue(name, out var range))
        {
            (minTls, maxTls) = range;
            return true;
        }

        minTls = SslProtocols.None;
        maxTls = SslProtocols.None;
        return false;
    }

    /// <summary>The TLS versions a policy allows, as one flags value (for Kestrel's <c>SslProtocols</c>).</summary>
    public static SslProtocols Allowed(SslProtocols minTls, SslProtocols maxTls)
    {
        var all = new[] { Tls10, Tls11, Tls12, Tls13 };
        var result = SslProtocols.None;
        foreach (var protocol in all)
        {
            if (protocol >= minTls && protocol <= maxTls)
            {
                result |= protocol;
            }
        }

        return result;
    }
}
