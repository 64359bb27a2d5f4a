using AlbEmulator.TargetGroups;

namespace AlbEmulator.Tests.TargetGroups;

public sealed class TargetGroupStickinessCookieTests
{
    private static readonly DateTimeOffset Now = new(2022, 1, 28, 12, 56, 54, TimeSpan.Zero);

    [Fact]
    public void EncodeDecode_RoundTrip()
    {
        var cookie = new TargetGroupStickinessCookie();
        var value = cookie.Encode("arn:tg/a", Now.AddSeconds(60));
        Assert.True(cookie.TryDecode(value, Now, out var arn));
        Assert.Equal("arn:tg/a", arn);
    }

    [Fact]
    public void Decode_Expired_False()
    {
        var cookie = new TargetGroupStickinessCookie();
        var value = cookie.Encode("arn:tg/a", Now.AddSeconds(60));
        Assert.False(cookie.TryDecode(value, Now.AddSeconds(61), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=")]
    public void Decode_Foreign_False(string value)
    {
        Assert.False(new TargetGroupStickinessCookie().TryDecode(value, Now, out _));
    }

    [Fact]
    public void Decode_OtherKey_False()
    {
        var value = new TargetGroupStickinessCookie().Encode("arn:tg/a", Now.AddDays(1));
        Assert.False(new TargetGroupStickinessCookie().TryDecode(value, Now, out _));
    }

    [Fact]
    public void SetCookieHeaders_ObservedLayout()
    {
        var (cookie, cors) = TargetGroupStickinessCookie.SetCookieHeaders("v", Now);
        Assert.Equal("AWSALBTG=v; Expires=Fri, 04 Feb 2022 12:56:54 GMT; Path=/", cookie);
        Assert.Equal("AWSALBTGCORS=v; Expires=Fri, 04 Feb 2022 12:56:54 GMT; Path=/; SameSite=None; Secure", cors);
    }
}
