using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// The AWSALBTG / AWSALBTGCORS cookies of a weighted forward with target-group stickiness (STK-30).
/// The value is opaque to clients, as ALB's is: the chosen group and the stickiness expiry, signed with
/// a key that lives as long as the process (ALB encrypts with a rotating key, STK-1).
/// </summary>
public sealed class TargetGroupStickinessCookie
{
    public const string CookieName = "AWSALBTG";
    public const string CorsCookieName = "AWSALBTGCORS";

    /// <summary>The cookie's own Expires is always now + 7 days (STK-10, STK-30).</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(7);

    private readonly byte[] _key;

    public TargetGroupStickinessCookie(byte[]? key = null)
    {
        _key = key ?? RandomNumberGenerator.GetBytes(32);
    }

    public string Encode(string targetGroupArn, DateTimeOffset stickyUntil)
    {
        var group = Encoding.UTF8.GetBytes(targetGroupArn);
        var payload = new byte[8 + group.Length];
        BinaryPrimitives.WriteInt64BigEndian(payload, stickyUntil.ToUnixTimeSeconds());
        group.CopyTo(payload, 8);
        var mac = HMACSHA256.HashData(_key, payload);
        var value = new byte[payload.Length + 16];
        payload.CopyTo(value, 0);
        mac.AsSpan(0, 16).CopyTo(value.AsSpan(payload.Length));
        return Convert.ToBase64String(value);
    }

    /// <summary>Decodes a value; false for anything not issued by this process or expired (STK-31).</summary>
    public bool TryDecode(string? value, DateTimeOffset now, out string targetGroupArn)
    {
        targetGroupArn = "";
        if (string.IsNullOrEmpty(value) || value.Length > 1024)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[768];
        if (!Convert.TryFromBase64String(value, buffer, out var length) || length < 8 + 16 + 1)
        {
            return false;
        }

        var payload = buffer[..(length - 16)];
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, payload, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..16], buffer.Slice(length - 16, 16)))
        {
            return false;
        }

        var until = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload));
        if (until < now)
        {
            return false;
        }

        targetGroupArn = Encoding.UTF8.GetString(payload[8..]);
        return true;
    }

    /// <summary>The two Set-Cookie values ALB sends (STK-30 observed layout).</summary>
    public static (string Cookie, string CorsCookie) SetCookieHeaders(string value, DateTimeOffset now)
    {
        var expires = (now + CookieLifetime).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return ($"{CookieName}={value}; Expires={expires}; Path=/", $"{CorsCookieName}={value}; Expires={expires}; Path=/; SameSite=None; Secure");
    }
}
