using AlbEmulator.Authentication;

namespace AlbEmulator.Tests.Authentication;

public sealed class Base64UrlTests
{
    [Theory]
    [InlineData(new byte[] { 0xfb, 0xff }, "-_8", "-_8=")]
    [InlineData(new byte[] { 1 }, "AQ", "AQ==")]
    [InlineData(new byte[] { 1, 2, 3 }, "AQID", "AQID")]
    public void EncodesWithAndWithoutPaddingAndDecodesBoth(byte[] bytes, string unpadded, string padded)
    {
        Assert.Equal(unpadded, Base64Url.Encode(bytes));
        Assert.Equal(padded, Base64Url.EncodePadded(bytes));
        Assert.True(Base64Url.TryDecode(unpadded, out var a));
        Assert.True(Base64Url.TryDecode(padded, out var b));
        Assert.Equal(bytes, a);
        Assert.Equal(bytes, b);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("AQ===")]
    [InlineData("A+Q=")]
    [InlineData("forged")]
    public void RejectsWhatIsNotBase64Url(string text) => Assert.False(Base64Url.TryDecode(text, out _));
}
