using Microsoft.AspNetCore.Http;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// Chooses the target of a forwarded request within its group: the sticky target when a valid
/// stickiness cookie names one that may still receive requests (STK-10, STK-20), else the group's
/// algorithm (TG-43: the algorithm only chooses the first target of a session). A sticky target that
/// is unhealthy, draining or gone is replaced and the cookie re-issued for the new one (STK-2, STK-24).
/// </summary>
public static class TargetRouter
{
    /// <summary>
    /// The target, or null when the group has none that may receive requests (TG-34: 503).
    /// lb_cookie: AWSALB and AWSALBCORS are added to <paramref name="setCookies"/> (expiry reset on every
    /// response, STK-1). app_cookie: <paramref name="appSession"/> tells the response transformer
    /// whether stickiness was already established by the client's AWSALBAPP cookie (STK-20, STK-23).
    /// </summary>
    public static TargetState? Choose(
        TargetGroupState group,
        IRequestCookieCollection cookies,
        DateTimeOffset now,
        bool allowAppCookie,
        ref List<string>? setCookies,
        out bool appSession)
    {
        appSession = false;
        var attributes = group.Group.Attributes;
        var candidates = group.Routing.Candidates;
        if (candidates.Length == 0)
        {
            return null;
        }

        var codec = TargetStickinessCodec.Shared;
        TargetState? target = null;
        switch (attributes.Stickiness)
        {
            case StickinessType.LbCookie:
            {
                // AWSALBCORS takes precedence when both arrive (STK-10).
                var value = cookies[StickinessCookies.LbCorsCookieName] ?? cookies[StickinessCookies.LbCookieName];
                if (value is not null)
                {
                    codec.Find(value, now, group.StickyPrefix, candidates, out target);
                }

                target ??= TargetSelector.Select(group, now);
                var (cookie, corsCookie) = StickinessCookies.LbCookies(codec.Encode(target!, now + attributes.LbCookieDuration), now);
                setCookies ??= new List<string>(2);
                setCookies.Add(cookie);
                setCookies.Add(corsCookie);
                return target;
            }

            case StickinessType.AppCookie when allowAppCookie:
            {
                var value = AppCookieValue(cookies);
                if (value is not null)
                {
                    var lookup = codec.Find(value, now, group.StickyPrefix, candidates, out target);

                    // A session the client still holds moves with its cookie to the new target (STK-2).
                    appSession = lookup is StickyLookup.Found or StickyLookup.Unavailable;
                }

                return target ?? TargetSelector.Select(group, now);
            }

            default:
                return TargetSelector.Select(group, now);
        }
    }

    /// <summary>AWSALBAPP-0 … -3 joined (STK-21), or null when absent or a remove marker.</summary>
    private static string? AppCookieValue(IRequestCookieCollection cookies)
    {
        var first = cookies[StickinessCookies.AppCookieNames[0]];
        if (string.IsNullOrEmpty(first) || first == StickinessCookies.RemoveMarker)
        {
            return null;
        }

        var second = cookies[StickinessCookies.AppCookieNames[1]];
        if (string.IsNullOrEmpty(second) || second == StickinessCookies.RemoveMarker)
        {
            return first;
        }

        var value = first + second;
        for (var shard = 2; shard < StickinessCookies.AppCookieNames.Length; shard++)
        {
            var next = cookies[StickinessCookies.AppCookieNames[shard]];
            if (string.IsNullOrEmpty(next) || next == StickinessCookies.RemoveMarker)
            {
                break;
            }

            value += next;
        }

        return value;
    }
}
