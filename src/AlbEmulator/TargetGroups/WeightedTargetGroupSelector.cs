using AlbEmulator.Model;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// Chooses the target group of a forward action: by the AWSALBTG cookie when target-group stickiness
/// is on and the cookie is valid, else at random in proportion to the weights (ACT-10, STK-30).
/// There is no failover between groups: an empty chosen group is a 503 (MISC-16).
/// </summary>
public sealed class WeightedTargetGroupSelector
{
    private readonly TargetGroupStickinessCookie _cookie;
    private readonly TimeProvider _time;

    public WeightedTargetGroupSelector(TargetGroupStickinessCookie cookie, TimeProvider time)
    {
        _cookie = cookie;
        _time = time;
    }

    /// <summary>
    /// The chosen group, or null when every weight is 0 [EMU: 503]. <paramref name="setCookies"/>
    /// receives the AWSALBTG cookies to send; <paramref name="cookieInvalid"/> is true when a cookie
    /// was present but could not be used (error_reason AWSALBTGCookieInvalid, STK-31).
    /// </summary>
    public TargetGroupModel? Select(ForwardActionModel action, IRequestCookieCollection cookies, out (string, string)? setCookies, out bool cookieInvalid)
    {
        setCookies = null;
        cookieInvalid = false;
        if (!action.IsWeighted)
        {
            return action.Groups[0].TargetGroup;
        }

        var now = _time.GetUtcNow();
        TargetGroupModel? chosen = null;
        if (action.StickinessEnabled)
        {
            // AWSALBTGCORS takes precedence when both arrive (as for AWSALB, STK-10).
            var value = cookies[TargetGroupStickinessCookie.CorsCookieName] ?? cookies[TargetGroupStickinessCookie.CookieName];
            if (value is not null)
            {
                if (_cookie.TryDecode(value, now, out var arn))
                {
                    chosen = action.Groups.FirstOrDefault(g => g.TargetGroup.Arn == arn && g.Weight > 0)?.TargetGroup;
                }

                cookieInvalid = chosen is null && !_cookie.TryDecode(value, DateTimeOffset.MinValue, out _);
            }
        }

        chosen ??= PickByWeight(action);
        if (chosen is not null && action.StickinessEnabled)
        {
            setCookies = TargetGroupStickinessCookie.SetCookieHeaders(_cookie.Encode(chosen.Arn, now.AddSeconds(action.StickinessDurationSeconds)), now);
        }

        return chosen;
    }

    private static TargetGroupModel? PickByWeight(ForwardActionModel action)
    {
        if (action.TotalWeight <= 0)
        {
            return null;
        }

        var roll = Random.Shared.Next(action.TotalWeight);
        foreach (var group in action.Groups)
        {
            if (roll < group.Weight)
            {
                return group.TargetGroup;
            }

            roll -= group.Weight;
        }

        return action.Groups[^1].TargetGroup;
    }
}
