using System.Globalization;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// The Set-Cookie values of target stickiness, attribute for attribute as ALB sends them: Expires
/// always now + 7 days (never Max-Age), <c>Path=/</c>, no Domain, no HttpOnly (STK-1, STK-10, STK-11,
/// STK-20..STK-23).
/// </summary>
public static class StickinessCookies
{
    public const string LbCookieName = "AWSALB";
    public const string LbCorsCookieName = "AWSALBCORS";
    public const string AppCookiePrefix = "AWSALBAPP-";
    public const string RemoveMarker = "_remove_";

    /// <summary>AWSALBAPP-0 … AWSALBAPP-3 (STK-21).</summary>
    public static readonly string[] AppCookieNames = ["AWSALBAPP-0", "AWSALBAPP-1", "AWSALBAPP-2", "AWSALBAPP-3"];

    /// <summary>The ALB cookie's own lifetime, not configurable (STK-10, STK-20).</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(7);

    public static string Expires(DateTimeOffset now) => (now + CookieLifetime).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>STK-10/STK-11: AWSALB, then AWSALBCORS with the same value plus <c>SameSite=None; Secure</c>.</summary>
    public static (string Cookie, string CorsCookie) LbCookies(string value, DateTimeOffset now)
    {
        var expires = Expires(now);
        return ($"{LbCookieName}={value}; Expires={expires}; Path=/", $"{LbCorsCookieName}={value}; Expires={expires}; Path=/; SameSite=None; Secure");
    }

    /// <summary>STK-20/STK-22: one AWSALBAPP shard; <c>SameSite=None; Secure</c> only for CORS requests from Chromium 80+.</summary>
    public static string AppCookie(int shard, string value, DateTimeOffset now, bool crossSite) =>
        $"{AppCookieNames[shard]}={value}; Expires={Expires(now)}; Path=/" + (crossSite ? "; SameSite=None; Secure" : "");

    /// <summary>STK-23: the four "remove" markers sent while no app stickiness is established.</summary>
    public static void AddRemoveMarkers(List<string> cookies, DateTimeOffset now)
    {
        var expires = Expires(now);
        foreach (var name in AppCookieNames)
        {
            cookies.Add($"{name}={RemoveMarker}; Expires={expires}; Path=/");
        }
    }

    /// <summary>
    /// STK-22: a CORS request (it has an Origin header) from a Chromium 80+ browser (a
    /// <c>Chrome/NN</c> or <c>Chromium/NN</c> User-Agent token with NN ≥ 80).
    /// </summary>
    public static bool IsChromiumCors(string? origin, string? userAgent)
    {
        if (string.IsNullOrEmpty(origin) || string.IsNullOrEmpty(userAgent))
        {
            return false;
        }

        foreach (var token in (ReadOnlySpan<string>)["Chrome/", "Chromium/"])
        {
            var at = userAgent.IndexOf(token, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var digits = userAgent.AsSpan(at + token.Length);
            var end = 0;
            while (end < digits.Length && char.IsAsciiDigit(digits[end]))
            {
                end++;
            }

            if (int.TryParse(digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major >= 80)
            {
                return true;
            }
        }

        return false;
    }
}
