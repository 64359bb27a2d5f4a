using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Authentication;

/// <summary>
/// The session cookie on the wire (AUTH-3): the sealed ticket split into <c>{name}-0</c> … <c>{name}-3</c>
/// of at most 4 K each, <c>Secure</c>, <c>HttpOnly</c>, <c>Path=/</c>, <c>Expires</c> 7 days ahead
/// (the session's real end is inside the value), <c>SameSite=None</c> on CORS requests. Shards a
/// shorter session no longer uses are expired.
/// </summary>
public static class SessionCookies
{
    public const string Purpose = "session";

    /// <summary>The sealed value joined from the request's shards, or null when there is none.</summary>
    public static string? Read(IRequestCookieCollection cookies, string name)
    {
        if (!cookies.TryGetValue(name + "-0", out var first) || string.IsNullOrEmpty(first))
        {
            return null;
        }

        var value = new StringBuilder(first);
        for (var i = 1; i < AuthenticationDefaults.MaxCookieShards && cookies.TryGetValue(name + "-" + i.ToString(CultureInfo.InvariantCulture), out var next); i++)
        {
            value.Append(next);
        }

        return value.ToString();
    }

    /// <summary>The Set-Cookie values for a sealed session; null when it needs more than 4 shards.</summary>
    public static List<string>? Write(string name, string sealedValue, DateTimeOffset now, bool crossOrigin, IRequestCookieCollection requestCookies)
    {
        var shards = (sealedValue.Length + AuthenticationDefaults.CookieShardSize - 1) / AuthenticationDefaults.CookieShardSize;
        if (shards > AuthenticationDefaults.MaxCookieShards)
        {
            return null;
        }

        var attributes = Attributes(now + AuthenticationDefaults.SessionCookieLifetime, crossOrigin);
        var cookies = new List<string>(AuthenticationDefaults.MaxCookieShards);
        for (var i = 0; i < shards; i++)
        {
            var start = i * AuthenticationDefaults.CookieShardSize;
            var length = Math.Min(AuthenticationDefaults.CookieShardSize, sealedValue.Length - start);
            cookies.Add($"{name}-{i.ToString(CultureInfo.InvariantCulture)}={sealedValue.AsSpan(start, length)}{attributes}");
        }

        for (var i = shards; i < AuthenticationDefaults.MaxCookieShards; i++)
        {
            if (requestCookies.ContainsKey(name + "-" + i.ToString(CultureInfo.InvariantCulture)))
            {
                cookies.Add(Expired($"{name}-{i.ToString(CultureInfo.InvariantCulture)}", crossOrigin));
            }
        }

        return cookies;
    }

    /// <summary>Set-Cookie values that remove every shard the request carried.</summary>
    public static List<string> ExpireAll(string name, IRequestCookieCollection requestCookies, bool crossOrigin)
    {
        var cookies = new List<string>();
        for (var i = 0; i < AuthenticationDefaults.MaxCookieShards; i++)
        {
            var shard = name + "-" + i.ToString(CultureInfo.InvariantCulture);
            if (requestCookies.ContainsKey(shard))
            {
                cookies.Add(Expired(shard, crossOrigin));
            }
        }

        return cookies;
    }

    public static string Expired(string name, bool crossOrigin) => $"{name}={Attributes(DateTimeOffset.UnixEpoch, crossOrigin)}";

    public static string Attributes(DateTimeOffset expires, bool crossOrigin) =>
        $"; Expires={expires.UtcDateTime.ToString("R", CultureInfo.InvariantCulture)}; Path=/; Secure; HttpOnly{(crossOrigin ? "; SameSite=None" : "")}";
}
