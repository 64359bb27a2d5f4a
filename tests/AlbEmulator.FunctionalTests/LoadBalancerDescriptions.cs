using System.Xml.Linq;

namespace AlbEmulator.FunctionalTests;

/// <summary>DescribeLoadBalancers on the admin endpoint, read into name → scheme, IP address type and DNS name.</summary>
internal static class LoadBalancerDescriptions
{
    private static readonly XNamespace Ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    public static async Task<Dictionary<string, (string Scheme, string IpAddressType, string DnsName)>> DescribeAsync(Uri adminUri)
    {
        using var admin = new HttpClient { BaseAddress = adminUri };
        using var response = await admin.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "DescribeLoadBalancers", ["Version"] = "2015-12-01" }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"DescribeLoadBalancers: {response.StatusCode} {body}");
        return XDocument.Parse(body).Descendants(Ns + "LoadBalancers").Single().Elements(Ns + "member").ToDictionary(
            lb => lb.Element(Ns + "LoadBalancerName")!.Value,
            lb => (lb.Element(Ns + "Scheme")!.Value, lb.Element(Ns + "IpAddressType")!.Value, lb.Element(Ns + "DNSName")!.Value));
    }
}
