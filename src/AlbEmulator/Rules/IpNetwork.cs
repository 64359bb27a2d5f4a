using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace AlbEmulator.Rules;

/// <summary>
/// A CIDR block of a <c>source-ip</c> condition (RULE-25), parsed once. IPv4 blocks live in the low
/// 32 bits. An IPv4-mapped IPv6 peer (<c>::ffff:10.0.0.1</c>) is treated as the IPv4 address it maps,
/// so it matches IPv4 blocks and not IPv6 ones. Matching does not allocate.
/// </summary>
internal readonly struct IpNetwork
{
    private readonly UInt128 _prefix;
    private readonly UInt128 _mask;
    private readonly bool _isIPv4;

    private IpNetwork(UInt128 prefix, UInt128 mask, bool isIPv4)
    {
        _prefix = prefix & mask;
        _mask = mask;
        _isIPv4 = isIPv4;
    }

    /// <summary>
    /// Parses <c>address/length</c>; an address without <c>/length</c> is a single host. Host bits set
    /// in the address are ignored (<c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>).
    /// </summary>
    public static bool TryParse(string cidr, out IpNetwork network)
    {
        network = default;
        var text = cidr.AsSpan().Trim();
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        var isIPv4 = address.AddressFamily == AddressFamily.InterNetwork;
        var bits = isIPv4 ? 32 : 128;
        var length = bits;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], out length) || length < 0 || length > bits))
        {
            return false;
        }

        if (!TryRead(address, out var value, out var valueIsIPv4) || valueIsIPv4 != isIPv4)
        {
            return false;
        }

        var allOnes = isIPv4 ? (UInt128)uint.MaxValue : UInt128.MaxValue;
        var mask = length == 0 ? UInt128.Zero : allOnes & ~((UInt128.One << (bits - length)) - 1);
        network = new IpNetwork(value, mask, isIPv4);
        return true;
    }

    public bool Contains(IPAddress? address) =>
        address is not null
        && TryRead(address, out var value, out var isIPv4)
        && isIPv4 == _isIPv4
        && (value & _mask) == _prefix;

    // Reads an address as a number; IPv4-mapped IPv6 addresses come back as IPv4.
    private static bool TryRead(IPAddress address, out UInt128 value, out bool isIPv4)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            value = default;
            isIPv4 = false;
            return false;
        }

        if (written == 4)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            isIPv4 = true;
            return true;
        }

        if (written == 16 && address.IsIPv4MappedToIPv6)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
            isIPv4 = true;
            return true;
        }

        value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        isIPv4 = false;
        return written == 16;
    }
}
