using AlbEmulator.Desync;

namespace AlbEmulator.Tests.Desync;

public class HttpCharClassesTests
{
    [Theory]
    [InlineData('a', true)]
    [InlineData('Z', true)]
    [InlineData('0', true)]
    [InlineData('_', true)]
    [InlineData('~', true)]
    [InlineData('!', true)]
    [InlineData(' ', false)]
    [InlineData('/', false)]
    [InlineData(':', false)]
    [InlineData('"', false)]
    [InlineData('\t', false)]
    [InlineData('\u007f', false)]
    [InlineData('\u00ff', false)]
    public void IsTchar_Byte_MatchesRfc7230Token(char c, bool expected)
    {
        Assert.Equal(expected, HttpCharClasses.IsTchar((byte)c));
    }

    [Fact]
    public void IsVchar_Space_IncludedLikeTheLibrary()
    {
        Assert.True(HttpCharClasses.IsVchar((byte)' '));
        Assert.True(HttpCharClasses.IsVchar((byte)'~'));
        Assert.False(HttpCharClasses.IsVchar(0x7F));
        Assert.False(HttpCharClasses.IsVchar(0x1F));
    }

    [Fact]
    public void IsBad_OnlyCrLfNul_True()
    {
        var bad = Enumerable.Range(0, 256).Where(b => HttpCharClasses.IsBad((byte)b)).ToArray();

        Assert.Equal([0, '\n', '\r'], bad);
    }

    [Fact]
    public void IsValidUriChar_ControlsSpaceAndDel_False()
    {
        var invalid = Enumerable.Range(0, 256).Where(b => !HttpCharClasses.IsValidUriChar((byte)b)).ToArray();

        Assert.Equal([.. Enumerable.Range(0, 0x21), 0x7F], invalid);
    }

    [Theory]
    [InlineData('\t', true)]
    [InlineData(' ', true)]
    [InlineData('\u0080', true)]
    [InlineData('\u00ff', true)]
    [InlineData('\u0001', false)]
    [InlineData('\u007f', false)]
    [InlineData('\r', false)]
    public void IsHeaderValueChar_Byte_VcharObsTextOrWhitespace(char c, bool expected)
    {
        Assert.Equal(expected, HttpCharClasses.IsHeaderValueChar((byte)c));
    }

    [Fact]
    public void TrimWhitespace_SpacesAndTabs_TrimmedOnlyAtEdges()
    {
        Assert.True(HttpCharClasses.TrimWhitespace(" \t a b\t "u8).SequenceEqual("a b"u8));
        Assert.True(HttpCharClasses.TrimWhitespace(" \t "u8).IsEmpty);
    }
}
