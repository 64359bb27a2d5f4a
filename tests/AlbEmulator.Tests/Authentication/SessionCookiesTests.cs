using AlbEmulator.Authentication;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.Authentication;

public sealed class SessionCookiesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AValueOver4KIsShardedAndReadBackInOrder()
    {
        var value = new string('a', 4000) + new string('b', 4000) + "ccc";
        var cookies = SessionCookies.Write("S", value, Now, crossOrigin: false, Cookies())!;
        Assert.Equal(3, cookies.Count);
        Assert.StartsWith("S-0=aaa", cookies[0], StringComparison.Ordinal);
        Assert.StartsWith("S-2=ccc;", cookies[2], StringComparison.Ordinal);
        Assert.EndsWith("; Expires=Sun, 13 Dec 2026 01:00:00 GMT; Path=/; Secure; HttpOnly", cookies[0], StringComparison.Ordinal);
        var read = SessionCookies.Read(Cookies(("S-0", new string('a', 4000)), ("S-1", new string('b', 4000)), ("S-2", "ccc")), "S");
        Assert.Equal(value, read);
    }

    [Fact]
    public void ShardsTheNewSessionNoLongerNeedsAreExpiredAndCrossOriginGetsSameSiteNone()
    {
        var cookies = SessionCookies.Write("S", "small", Now, crossOrigin: true, Cookies(("S-0", "x"), ("S-1", "y"), ("S-2", "z")))!;
        Assert.Equal(["S-0=small", "S-1=", "S-2="], cookies.Select(c => c[..c.IndexOf(';', StringComparison.Ordinal)]));
        Assert.All(cookies, c => Assert.EndsWith("; SameSite=None", c, StringComparison.Ordinal));
        Assert.Contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT", cookies[1], StringComparison.Ordinal);
    }

    [Fact]
    public void MoreThanFourShardsIsRefusedAndNoShardZeroMeansNoSession()
    {
        Assert.Null(SessionCookies.Write("S", new string('a', 16_001), Now, false, Cookies()));
        Assert.Null(SessionCookies.Read(Cookies(("S-1", "orphan")), "S"));
        Assert.Null(SessionCookies.Read(Cookies(("S", "no-suffix")), "S"));
    }

    private static IRequestCookieCollection Cookies(params (string Name, string Value)[] cookies)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        return context.Request.Cookies;
    }
}
