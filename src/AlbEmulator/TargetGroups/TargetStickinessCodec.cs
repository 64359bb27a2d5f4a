using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// The opaque value of the AWSALB / AWSALBCORS and AWSALBAPP-n cookies (STK-1): the stickiness expiry
/// and the target (group ARN, address, port), signed with a key that lives as long as the process.
/// Clients cannot read or forge it; a value from another process or key is simply invalid.
/// </summary>
public sealed class TargetStickinessCodec
{
    /// <summary>The process-wide codec.</summary>
    public static readonly TargetStickinessCodec Shared = new();

    private const int MacLength = 16;
    private const int MaxDecodedLength = 1024;
    private readonly byte[] _key;

    public TargetStickinessCodec(byte[]? key = null)
    {
        _key = key ?? RandomNumberGenerator.GetBytes(32);
    }

    public string Encode(TargetState target, DateTimeOffset stickyUntil)
    {
        var key = target.StickyKey;
        var value = new byte[8 + key.Length + MacLength];
        BinaryPrimitives.WriteInt64BigEndian(value, stickyUntil.ToUnixTimeSeconds());
        key.CopyTo(value, 8);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, value.AsSpan(0, 8 + key.Length), mac);
        mac[..MacLength].CopyTo(value.AsSpan(8 + key.Length));
        return Convert.ToBase64String(value);
    }

    /// <summary>
    /// Decodes <paramref name="value"/> and finds its target among <paramref name="candidates"/>.
    /// Returns <see cref="StickyLookup.Invalid"/> for anything not issued here (or tampered with),
    /// <see cref="StickyLookup.Expired"/> past its duration, <see cref="StickyLookup.OtherGroup"/> for a
    /// cookie of another group, <see cref="StickyLookup.Unavailable"/> when the target may not receive
    /// new requests (unhealthy, draining, gone: STK-2), else <see cref="StickyLookup.Found"/>.
    /// </summary>
    public StickyLookup Find(string? value, DateTimeOffset now, ReadOnlySpan<byte> groupPrefix, TargetState[] candidates, out TargetState? target)
    {
        target = null;
        if (string.IsNullOrEmpty(value) || value.Length > MaxDecodedLength * 4 / 3 + 4)
        {
            return StickyLookup.Invalid;
        }

        Span<byte> buffer = stackalloc byte[MaxDecodedLength];
        if (!Convert.TryFromBase64String(value, buffer, out var length) || length < 8 + MacLength + 1)
        {
            return StickyLookup.Invalid;
        }

        var signed = buffer[..(length - MacLength)];
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, signed, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], buffer.Slice(length - MacLength, MacLength)))
        {
            return StickyLookup.Invalid;
        }

        if (BinaryPrimitives.ReadInt64BigEndian(signed) < now.ToUnixTimeSeconds())
        {
            return StickyLookup.Expired;
        }

        var key = signed[8..];
        if (!key.StartsWith(groupPrefix))
        {
            return StickyLookup.OtherGroup;
        }

        foreach (var candidate in candidates)
        {
            if (key.SequenceEqual(candidate.StickyKey))
            {
                target = candidate;
                return StickyLookup.Found;
            }
        }

        return StickyLookup.Unavailable;
    }
}

/// <summary>What a stickiness cookie said (<see cref="TargetStickinessCodec.Find"/>).</summary>
public enum StickyLookup
{
    Invalid,
    Expired,
    OtherGroup,
    Unavailable,
    Found,
}
