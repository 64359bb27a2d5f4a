using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

public class AsciiCaseTests
{
    [Theory]
    [InlineData('A', 'a')]
    [InlineData('Z', 'z')]
    [InlineData('a', 'a')]
    [InlineData('@', '@')]
    [InlineData('[', '[')]
    [InlineData('\u00c9', '\u00c9')]
    public void ToLower_Char_FoldsOnlyAsciiLetters(char input, char expected)
    {
        Assert.Equal(expected, AsciiCase.ToLower(input));
    }

    /// <summary>RULE-12: exactly the characters that rule matching treats as control characters (never matched).</summary>
    [Theory]
    [InlineData('\u0000', true)]
    [InlineData('\u001f', true)]
    [InlineData('\u007f', true)]
    [InlineData(' ', false)]
    [InlineData('~', false)]
    [InlineData('\u0080', false)]
    public void IsControl_Char_ExactlyRule12Set(char input, bool expected)
    {
        Assert.Equal(expected, AsciiCase.IsControl(input));
    }

    [Fact]
    public void ToLower_StringAlreadyLower_SameInstance()
    {
        var value = "www.example.com";

        Assert.Same(value, AsciiCase.ToLower(value));
    }

    [Fact]
    public void ToLower_MixedCase_LowerCased()
    {
        Assert.Equal("www.example.com", AsciiCase.ToLower("WWW.Example.COM"));
    }
}
