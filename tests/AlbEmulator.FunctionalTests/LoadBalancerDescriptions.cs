namespace AlbEmulator.FunctionalTests;

/// <summary>DescribeLoadBalancers on the admin endpoint (<see cref="ElbApi"/>), read into name → scheme, IP address type and DNS name.</summary>
internal static class LoadBalancerDescriptions
{
    public static async Task<Dictionary<string, (string Scheme, string IpAddressType, string DnsName)>> DescribeAsync(Uri adminUri)
    {
        using var api = new ElbApi(adminUri);
        var ns = ElbApi.Ns;
        return (await api.CallAsync("DescribeLoadBalancers")).Descendants(ns + "LoadBalancers").Single().Elements(ns + "member").ToDictionary(
            lb => lb.Element(ns + "LoadBalancerName")!.Value,
            lb => (lb.Element(ns + "Scheme")!.Value, lb.Element(ns + "IpAddressType")!.Value, lb.Element(ns + "DNSName")!.Value));
    }
}
