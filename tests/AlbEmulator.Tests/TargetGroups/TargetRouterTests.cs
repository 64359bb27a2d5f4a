using AlbEmulator.Health;
using AlbEmulator.TargetGroups;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.TargetGroups;

public sealed class TargetRouterTests
{
    private static IRequestCookieCollection Cookies(string? header)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.Cookie = header;
        }

        return context.Request.Cookies;
    }

    private static TargetGroupFixture Healthy(int targets, params (string, string)[] attributes)
    {
        var fixture = new TargetGroupFixture(targets, "", attributes);
        foreach (var target in fixture.Web.Targets)
        {
            fixture.Web.ApplyResult(target, HealthCheckResult.Success);
        }

        return fixture;
    }

    private static readonly (string, string)[] LbCookie = [("stickiness.enabled", "true"), ("stickiness.type", "lb_cookie"), ("stickiness.lb_cookie.duration_seconds", "60")];

    [Fact]
    public void NoStickiness_NoCookies()
    {
        var fixture = Healthy(2);
        List<string>? cookies = null;
        Assert.NotNull(TargetRouter.Choose(fixture.Web, Cookies(null), fixture.Clock.GetUtcNow(), true, ref cookies, out var appSession));
        Assert.Null(cookies);
        Assert.False(appSession);
    }

    [Fact]
    public void LbCookie_FollowsTheCookie_CorsWins()
    {
        var fixture = Healthy(3, LbCookie);
        var now = fixture.Clock.GetUtcNow();
        var codec = TargetStickinessCodec.Shared;
        var to2 = codec.Encode(fixture.Target(2), now.AddSeconds(60));
        var to3 = codec.Encode(fixture.Target(3), now.AddSeconds(60));

        List<string>? cookies = null;
        for (var i = 0; i < 4; i++)
        {
            Assert.Same(fixture.Target(2), TargetRouter.Choose(fixture.Web, Cookies($"AWSALB={to2}"), now, true, ref cookies, out _));
        }

        Assert.Same(fixture.Target(3), TargetRouter.Choose(fixture.Web, Cookies($"AWSALB={to2}; AWSALBCORS={to3}"), now, true, ref cookies, out _));
        Assert.StartsWith("AWSALB=", cookies![0], StringComparison.Ordinal);
        Assert.StartsWith("AWSALBCORS=", cookies[1], StringComparison.Ordinal);
    }

    [Fact]
    public void LbCookie_ExpiredDuration_ChoosesAgain_AndReissues()
    {
        var fixture = Healthy(2, LbCookie);
        var now = fixture.Clock.GetUtcNow();
        var stale = TargetStickinessCodec.Shared.Encode(fixture.Target(1), now.AddSeconds(-1));
        List<string>? cookies = null;
        var chosen = TargetRouter.Choose(fixture.Web, Cookies($"AWSALB={stale}"), now, true, ref cookies, out _);
        var reissued = cookies![0]["AWSALB=".Length..cookies[0].IndexOf(';', StringComparison.Ordinal)];
        Assert.Equal(StickyLookup.Found, TargetStickinessCodec.Shared.Find(reissued, now, fixture.Web.StickyPrefix, fixture.Web.Routing.Candidates, out var target));
        Assert.Same(chosen, target);
    }

    [Fact]
    public void AppCookie_SessionFlag()
    {
        var fixture = Healthy(2, ("stickiness.enabled", "true"), ("stickiness.type", "app_cookie"), ("stickiness.app_cookie.cookie_name", "S"));
        var now = fixture.Clock.GetUtcNow();
        var value = TargetStickinessCodec.Shared.Encode(fixture.Target(2), now.AddSeconds(60));
        List<string>? cookies = null;

        Assert.Same(fixture.Target(2), TargetRouter.Choose(fixture.Web, Cookies($"AWSALBAPP-0={value}"), now, true, ref cookies, out var established));
        Assert.True(established);
        TargetRouter.Choose(fixture.Web, Cookies("AWSALBAPP-0=_remove_"), now, true, ref cookies, out established);
        Assert.False(established);
        Assert.Null(cookies);

        // STK-2: the sticky target is gone from the candidates → another target, the session moves with it.
        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Failed);
        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Failed);
        Assert.Same(fixture.Target(1), TargetRouter.Choose(fixture.Web, Cookies($"AWSALBAPP-0={value}"), now, true, ref cookies, out established));
        Assert.True(established);
    }

    [Fact]
    public void AppCookie_SetsCookie_MatchesTheNameOnly()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Set-Cookie", ["other=1", "SESSION=xyz; Path=/; HttpOnly"]);
        Assert.True(AppCookieTransformer.SetsCookie(response, "SESSION"));
        Assert.False(AppCookieTransformer.SetsCookie(response, "SESS"));
        Assert.False(AppCookieTransformer.SetsCookie(response, ""));
    }
}
