using AlbEmulator.Forwarding;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// <see cref="AlbRequestTransformer"/> plus application-cookie stickiness on the response (STK-20..STK-23):
/// when the target sets a cookie named <c>stickiness.app_cookie.cookie_name</c> (name only, value and
/// expiry not inspected), or the client's session was already established, AWSALBAPP-0 is issued for the
/// target with the stickiness duration reset; otherwise the four <c>_remove_</c> markers go out.
/// </summary>
public sealed class AppCookieTransformer : HttpTransformer
{
    /// <summary>The client sent a valid AWSALBAPP cookie for this group.</summary>
    public static readonly AppCookieTransformer Established = new(established: true);

    public static readonly AppCookieTransformer NotEstablished = new(established: false);

    private readonly bool _established;

    private AppCookieTransformer(bool established)
    {
        _established = established;
    }

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken) =>
        AlbRequestTransformer.Instance.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var state = httpContext.Features.GetRequiredFeature<IAlbRequestFeature>().State;
        if (proxyResponse is not null && state.TargetGroup is { } group)
        {
            AddCookies(httpContext, state, SetsCookie(proxyResponse, group.Attributes.AppCookieName));
        }

        return AlbRequestTransformer.Instance.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }

    /// <summary>
    /// On a target's response: AWSALBAPP-0 for the target when <paramref name="targetSetsCookie"/> (the response sets the
    /// application cookie) or the session was established, else the <c>_remove_</c> markers (into <see cref="AlbRequestState.SetCookies"/>).
    /// </summary>
    public void AddCookies(HttpContext httpContext, AlbRequestState state, bool targetSetsCookie)
    {
        if (state.TargetGroup is { } group && state.Target is { } model)
        {
            var live = group.State;
            var now = live.Time.GetUtcNow();
            var cookies = state.SetCookies ??= new List<string>(4);
            var target = Find(live, model);
            if (target is not null && (_established || targetSetsCookie))
            {
                var headers = httpContext.Request.Headers;
                var value = TargetStickinessCodec.Shared.Encode(target, now + group.Attributes.AppCookieDuration);
                cookies.Add(StickinessCookies.AppCookie(0, value, now, StickinessCookies.IsChromiumCors(headers.Origin, headers.UserAgent)));
            }
            else
            {
                StickinessCookies.AddRemoveMarkers(cookies, now);
            }
        }
    }

    /// <summary>Whether a Set-Cookie value sets a cookie with exactly this name.</summary>
    public static bool SetsCookie(ReadOnlySpan<char> setCookie, string name)
    {
        var equals = setCookie.IndexOf('=');
        return name.Length > 0 && equals > 0 && setCookie[..equals].Trim().SequenceEqual(name);
    }

    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken) =>
        AlbRequestTransformer.Instance.TransformResponseTrailersAsync(httpContext, proxyResponse, cancellationToken);

    /// <summary>Whether the target's response sets a cookie with exactly this name.</summary>
    public static bool SetsCookie(HttpResponseMessage response, string name)
    {
        if (name.Length == 0 || !response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return false;
        }

        foreach (var value in values)
        {
            if (SetsCookie(value, name))
            {
                return true;
            }
        }

        return false;
    }

    private static TargetState? Find(TargetGroupState group, Model.TargetModel model)
    {
        foreach (var target in group.Targets)
        {
            if (ReferenceEquals(target.Model, model))
            {
                return target;
            }
        }

        return null;
    }
}
