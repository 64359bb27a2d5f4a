using System.Net;
using AlbEmulator.Rules;

namespace AlbEmulator.Waf;

/// <summary>
/// [ext] Address → country (ISO 3166-1 alpha-2, optionally an ISO 3166-2 region) for
/// <c>GeoMatchStatement</c>: a laptop has no geolocation database, so the config document says which
/// addresses stand for which country (<c>GeoLocations</c>, docs/waf.md). The most specific CIDR wins;
/// an address in no entry has no country (<c>-</c> in the WAF log, as AWS logs an unknown origin).
/// </summary>
public sealed class GeoTable
{
    public static readonly GeoTable Empty = new([]);

    private readonly (IpNetwork Network, int PrefixLength, string Country, string? Region)[] _entries;

    public GeoTable(IEnumerable<(string Cidr, string Country, string? Region)> entries)
    {
        var list = new List<(IpNetwork, int, string, string?)>();
        foreach (var (cidr, country, region) in entries)
        {
            if (IpNetwork.TryParse(cidr, out var network))
            {
                var slash = cidr.IndexOf('/');
                var prefix = slash < 0 ? 128 : int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                list.Add((network, prefix, country.ToUpperInvariant(), region));
            }
        }

        _entries = list.OrderByDescending(e => e.Item2).ToArray();
    }

    public int Count => _entries.Length;

    /// <summary>The country and region of <paramref name="address"/>, or null.</summary>
    public (string Country, string? Region)? Lookup(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var entry in _entries)
        {
            if (entry.Network.Contains(address))
            {
                return (entry.Country, entry.Region);
            }
        }

        return null;
    }
}
