using System.Globalization;
using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane.Query;
using AlbEmulator.Utilities;
using static AlbEmulator.ControlPlane.Query.QueryXml;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// The operations where a local process has nothing to do: they validate as AWS validates, store
/// (<see cref="StoredSettings"/>) and describe (docs/control-plane.md). SetSecurityGroups, SetSubnets,
/// SetIpAddressType, Describe/ModifyCapacityReservation, ModifyIpPools; and Add/Describe/RemoveListenerCertificates,
/// which edit the listener's certificate list (served for SNI at once).
/// </summary>
internal static class StoredSettingOperations
{
    private const int MaxSecurityGroups = 5;

    public static IEnumerable<object?> SetSecurityGroups(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("LoadBalancerArn");
        var groups = request.Strings("SecurityGroups") ?? throw AlbApiError.Missing("SecurityGroups");
        if (groups.Count > MaxSecurityGroups)
        {
            throw AlbApiError.Validation($"1 validation error detected: Value at 'securityGroups' failed to satisfy constraint: Member must have length less than or equal to {MaxSecurityGroups}");
        }

        foreach (var group in groups)
        {
            if (!IsId(group, "sg-"))
            {
                throw new AlbApiError("InvalidSecurityGroup", $"Security group '{group}' does not exist");
            }
        }

        var enforce = request.Get("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic");
        if (enforce is not (null or "on" or "off"))
        {
            throw AlbApiError.Validation($"1 validation error detected: Value '{enforce}' at 'enforceSecurityGroupInboundRulesOnPrivateLinkTraffic' failed to satisfy constraint: Member must satisfy enum value set: [on, off]");
        }

        return Store(controlPlane, arn, s => s with
        {
            SecurityGroups = groups.ToValueList(),
            EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic = enforce ?? s.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic,
        }, (_, s) =>
        [
            List("SecurityGroupIds", s.SecurityGroups!),
            E("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic", s.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic),
        ]);
    }

    public static IEnumerable<object?> SetSubnets(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("LoadBalancerArn");
        var subnets = (request.Strings("Subnets") ?? [])
            .Concat(request.Members("SubnetMappings").Select(m => m.Get("SubnetId") ?? throw AlbApiError.Missing("SubnetId")))
            .ToArray();
        if (subnets.Length == 0)
        {
            throw AlbApiError.Validation("You must specify subnets or subnet mappings");
        }

        foreach (var subnet in subnets)
        {
            if (!IsId(subnet, "subnet-"))
            {
                throw new AlbApiError("SubnetNotFound", $"The subnet ID '{subnet}' is not valid");
            }
        }

        if (subnets.Distinct(StringComparer.Ordinal).Count() < 2)
        {
            throw AlbApiError.Validation("At least two subnets in two different Availability Zones must be specified");
        }

        var ipAddressType = IpAddressType(request);
        return Store(controlPlane, arn, s => s with
        {
            Subnets = subnets.Distinct(StringComparer.Ordinal).ToValueList(),
            IpAddressType = ipAddressType ?? s.IpAddressType,
        }, (index, s) => [ShapeWriter.AvailabilityZones(Model.AwsIdentifiers.DefaultRegion, s), E("IpAddressType", s.IpAddressType ?? "ipv4")]);
    }

    public static IEnumerable<object?> SetIpAddressType(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("LoadBalancerArn");
        var type = IpAddressType(request) ?? throw AlbApiError.Missing("IpAddressType");
        return Store(controlPlane, arn, s => s with { IpAddressType = type }, (_, s) => [E("IpAddressType", s.IpAddressType)]);
    }

    public static IEnumerable<object?> DescribeCapacityReservation(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("LoadBalancerArn");
        controlPlane.State.Index().RequireLoadBalancer(arn);
        return CapacityReservation(controlPlane.State.Index(), controlPlane.State.SettingsOf(arn));
    }

    public static IEnumerable<object?> ModifyCapacityReservation(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("LoadBalancerArn");
        var reset = request.GetBool("ResetCapacityReservation") ?? false;
        var units = request.Struct("MinimumLoadBalancerCapacity")?.GetInt("CapacityUnits", 0, 1500);
        if (reset == units.HasValue)
        {
            throw AlbApiError.Validation("Specify either MinimumLoadBalancerCapacity or ResetCapacityReservation");
        }

        // ALB's minimum reservation is 100 LCUs (AWS's CapacityUnitsLimitExceeded below it).
        if (units is > 0 and < 100)
        {
            throw new AlbApiError("CapacityUnitsLimitExceeded", $"The capacity units '{units}' are below the minimum of 100 for an Application Load Balancer");
        }

        return Store(controlPlane, arn, s => s with { MinimumCapacityUnits = reset ? null : units }, CapacityReservation);
    }

    public static IEnumerable<object?> ModifyIpPools(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("LoadBalancerArn");
        var pool = request.Struct("IpamPools")?.Get("Ipv4IpamPoolId");
        var remove = request.Strings("RemoveIpamPools") ?? [];
        if (remove.Any(r => r != "ipv4"))
        {
            throw AlbApiError.Validation("1 validation error detected: Value at 'removeIpamPools' failed to satisfy constraint: Member must satisfy enum value set: [ipv4]");
        }

        if (pool is not null && !IsId(pool, "ipam-pool-"))
        {
            throw AlbApiError.Validation($"The IPAM pool ID '{pool}' is not valid");
        }

        return Store(controlPlane, arn, s => s with { Ipv4IpamPoolId = remove.Count > 0 ? null : pool ?? s.Ipv4IpamPoolId }, (_, s) =>
            [s.Ipv4IpamPoolId is { } id ? Struct("IpamPools", E("Ipv4IpamPoolId", id)) : null]);
    }

    /// <summary>
    /// Adds certificates to the listener's certificate list (after its default one), where the TLS handshake finds
    /// them at once for SNI (Listeners/ServedCertificates) when the config names their local files [ext].
    /// </summary>
    public static IEnumerable<object?> AddListenerCertificates(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("ListenerArn");
        var certificates = RequireCertificates(request);
        return controlPlane.Change((change, index) =>
        {
            var listener = index.RequireListener(arn);
            RequireHttps(listener);
            RequireLocalFilesUsable(change.Config, certificates);
            // The certificate list follows the default certificate: the default's ARN may be added to it too (then
            // DescribeListenerCertificates lists it twice, IsDefault true and false, as AWS does).
            var present = listener.Certificates.Skip(1).Select(c => ShapeWriter.CertificateArn(index, c, listener)).ToList();
            var added = certificates.Distinct(StringComparer.Ordinal).Where(c => !present.Contains(c)).ToArray();
            if (listener.Certificates.Count + added.Length > 26)
            {
                throw new AlbApiError("TooManyCertificates", "You've reached the limit on the number of certificates per load balancer (25)");
            }

            if (added.Length == 0)
            {
                change.ConfigChanged = false;
            }
            else
            {
                change.Config = change.Config.WithListener(listener, listener with
                {
                    Certificates = listener.Certificates.Concat(added.Select(c => new CertificateConfig { CertificateArn = c })).ToValueList(),
                });
            }

            return (IEnumerable<object?>)[StructList("Certificates", present.Concat(added), c => [E("CertificateArn", c), E("IsDefault", false)])];
        });
    }

    public static IEnumerable<object?> RemoveListenerCertificates(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("ListenerArn");
        var certificates = RequireCertificates(request);
        return controlPlane.Change((change, index) =>
        {
            var listener = index.RequireListener(arn);
            var listed = listener.Certificates.Skip(1).Select(c => ShapeWriter.CertificateArn(index, c, listener)).ToHashSet(StringComparer.Ordinal);
            if (listener.Certificates.FirstOrDefault() is { } first && ShapeWriter.CertificateArn(index, first, listener) is var defaultArn
                && certificates.Contains(defaultArn) && !listed.Contains(defaultArn))
            {
                throw new AlbApiError("OperationNotPermitted", "The default certificate of a listener cannot be removed; use ModifyListener to replace it");
            }

            // Only the certificate list: the default's ARN, when it was added to the list too, leaves the list and stays the default.
            var kept = listener.Certificates.Where((c, i) => i == 0 || !certificates.Contains(ShapeWriter.CertificateArn(index, c, listener))).ToValueList();
            if (kept.Count == listener.Certificates.Count)
            {
                change.ConfigChanged = false;
            }
            else
            {
                // The next TLS handshake no longer finds the removed ones.
                change.Config = change.Config.WithListener(listener, listener with { Certificates = kept });
            }

            return (IEnumerable<object?>)[];
        });
    }

    public static IEnumerable<object?> DescribeListenerCertificates(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arn = request.Require("ListenerArn");
        var index = controlPlane.State.Index();
        var listener = index.RequireListener(arn);
        var all = listener.Certificates.Select((c, i) => (Arn: ShapeWriter.CertificateArn(index, c, listener), IsDefault: i == 0)).ToArray();
        return Paging.Page(request, all, "Certificates", c => [E("CertificateArn", c.Arn), E("IsDefault", c.IsDefault)]);
    }

    /// <summary>
    /// A certificate whose local files the config names [ext] must be usable now (CreateListener, ModifyListener,
    /// AddListenerCertificates), as AWS refuses a certificate it cannot use: <c>CertificateNotFound</c> says why.
    /// </summary>
    public static void RequireLocalFilesUsable(AlbConfig config, IEnumerable<string> certificateArns)
    {
        foreach (var arn in certificateArns)
        {
            if (config.LocalCertificate(arn) is { CertificateFile: { } file, PrivateKeyFile: { } key }
                && AlbEmulator.Listeners.PemCertificate.Check(Path.GetFullPath(file, config.BaseDirectory), Path.GetFullPath(key, config.BaseDirectory)) is { } problem)
            {
                throw new AlbApiError("CertificateNotFound", $"Certificate '{arn}' not found: {problem}");
            }
        }
    }

    /// <summary>Checks the load balancer exists, edits its stored settings and writes the result from them.</summary>
    private static IEnumerable<object?> Store(AlbControlPlane controlPlane, string arn, Func<StoredSettings, StoredSettings> edit, Func<ResourceIndex, StoredSettings, IEnumerable<object?>> result) =>
        controlPlane.Change((change, index) =>
        {
            change.ConfigChanged = false;
            index.RequireLoadBalancer(arn);
            var settings = edit(change.SettingsOf(arn));
            change.Settings[arn] = settings;
            return result(index, settings);
        });

    private static IEnumerable<object?> CapacityReservation(ResourceIndex index, StoredSettings settings) =>
    [
        settings.MinimumCapacityUnits is { } units ? E("LastModifiedTime", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)) : null,
        E("DecreaseRequestsRemaining", 4),
        settings.MinimumCapacityUnits is { } minimum ? Struct("MinimumLoadBalancerCapacity", E("CapacityUnits", minimum)) : null,
        StructList("CapacityReservationState", settings.MinimumCapacityUnits is null ? [] : ShapeWriter.AvailabilityZones(Model.AwsIdentifiers.DefaultRegion, settings).Elements().Select(z => z.Element(Ns + "ZoneName")!.Value), zone =>
        [
            E("AvailabilityZone", zone),
            E("EffectiveCapacityUnits", settings.MinimumCapacityUnits!.Value / Math.Max(1, (settings.Subnets ?? ShapeWriter.DefaultSubnets).Count)),
            Struct("State", E("Code", "provisioned")),
        ]),
    ];

    private static string? IpAddressType(QueryParameters request) => request.Get("IpAddressType") switch
    {
        null => null,
        "ipv4" or "dualstack" or "dualstack-without-public-ipv4" => request.Get("IpAddressType"),
        var other => throw AlbApiError.Validation($"1 validation error detected: Value '{other}' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack, dualstack-without-public-ipv4]"),
    };

    private static IReadOnlyList<string> RequireCertificates(QueryParameters request)
    {
        var certificates = request.Members("Certificates").Select(c => c.Get("CertificateArn") ?? throw AlbApiError.Missing("CertificateArn")).ToArray();
        foreach (var certificate in certificates)
        {
            if (!Configuration.Validators.ListenerValidator.IsCertificateArn(certificate))
            {
                throw new AlbApiError("CertificateNotFound", $"Certificate '{certificate}' not found");
            }
        }

        return certificates.Length > 0 ? certificates : throw AlbApiError.Missing("Certificates");
    }

    private static void RequireHttps(ListenerConfig listener)
    {
        if (listener.Protocol != "HTTPS")
        {
            throw AlbApiError.Validation("Certificates can only be added to HTTPS listeners");
        }
    }

    private static bool IsId(string value, string prefix) =>
        value.StartsWith(prefix, StringComparison.Ordinal) && value.Length > prefix.Length && value.Length <= prefix.Length + 17 && value[prefix.Length..].All(char.IsAsciiHexDigitLower);
}
