using AlbEmulator.TargetGroups;

namespace AlbEmulator.Tests.TargetGroups;

public sealed class StickinessCookiesTests
{
    private static readonly DateTimeOffset Now = new(2022, 1, 28, 12, 56, 54, TimeSpan.Zero);

    [Fact]
    public void LbCookies_MatchTheObservedLayout()
    {
        var (cookie, cors) = StickinessCookies.LbCookies("v+/=", Now);
        Assert.Equal("AWSALB=v+/=; Expires=Fri, 04 Feb 2022 12:56:54 GMT; Path=/", cookie);
        Assert.Equal("AWSALBCORS=v+/=; Expires=Fri, 04 Feb 2022 12:56:54 GMT; Path=/; SameSite=None; Secure", cors);
    }

    [Fact]
    public void AppCookie_AndRemoveMarkers()
    {
        Assert.Equal("AWSALBAPP-0=v; Expires=Fri, 04 Feb 2022 12:56:54 GMT; Path=/", StickinessCookies.AppCookie(0, "v", Now, crossSite: false));
        Assert.Equal("AWSALBAPP-0=v; Expires=Fri, 04 Feb 2022 12:56:54 GMT; Path=/; SameSite=None; Secure", StickinessCookies.AppCookie(0, "v", Now, crossSite: true));
        var markers = new List<string>();
        StickinessCookies.AddRemoveMarkers(markers, Now);
        Assert.Equal(
            Enumerable.Range(0, 4).Select(i => $"AWSALBAPP-{i}=_remove_; Expires=Fri, 04 Feb 2022 12:56:54 GMT; Path=/"),
            markers);
    }

    [Theory]
    [InlineData("https://a.example", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) Chrome/80.0.3987.0 Safari/537.36", true)]
    [InlineData("https://a.example", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.0 Safari/537.36", false)]
    [InlineData(null, "Mozilla/5.0 Chrome/120.0", false)]
    [InlineData("https://a.example", "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", false)]
    public void ChromiumCors(string? origin, string userAgent, bool expected) =>
        Assert.Equal(expected, StickinessCookies.IsChromiumCors(origin, userAgent));
}
