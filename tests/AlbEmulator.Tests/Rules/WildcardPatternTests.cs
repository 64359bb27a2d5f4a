using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

/// <summary>RULE-13: <c>*</c> and <c>?</c> wildcards; RULE-12: control characters never match.</summary>
public class WildcardPatternTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("abc", "ab", false)]
    [InlineData("abc", "abcd", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("**", "", true)]
    [InlineData("a*", "", false)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "abc", true)]
    [InlineData("a*", "ba", false)]
    [InlineData("*a", "a", true)]
    [InlineData("*a", "bba", true)]
    [InlineData("*a", "ab", false)]
    [InlineData("?", "", false)]
    [InlineData("?", "x", true)]
    [InlineData("?", "xy", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*a*b*", "ab", true)]
    [InlineData("*a*b*", "xxaxxbxx", true)]
    [InlineData("*a*b*", "ba", false)]
    [InlineData("*a*b*", "bbbaaa", false)]
    [InlineData("*a*b*", "aaab", true)]
    [InlineData("a*b*c", "abbbc", true)]
    [InlineData("a*b*c", "abcbc", true)]
    [InlineData("a*b*c", "abcb", false)]
    [InlineData("*ab", "aab", true)]
    [InlineData("*ab", "abab", true)]
    [InlineData("*aab", "aaab", true)]
    [InlineData("*?", "", false)]
    [InlineData("*?", "x", true)]
    [InlineData("?*?", "x", false)]
    [InlineData("?*?", "xy", true)]
    [InlineData("/img/*", "/img/picture.jpg", true)]
    [InlineData("/img/*", "/image", false)]
    [InlineData("*.example.com", "test.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    public void IsMatch_CaseSensitive_WholeStringWithBacktracking(string pattern, string input, bool expected)
    {
        var compiled = WildcardPattern.Compile(pattern, ignoreCase: false, allowEscapes: false);

        Assert.Equal(expected, compiled.IsMatch(input));
    }

    [Theory]
    [InlineData("ABC", "abc", true, true)]
    [InlineData("abc", "ABC", true, true)]
    [InlineData("*.Example.COM", "www.EXAMPLE.com", true, true)]
    [InlineData("ABC", "abc", false, false)]
    [InlineData("a?C", "AbC", false, false)]
    [InlineData("a?C", "abC", false, true)]
    public void IsMatch_IgnoreCase_FoldsAsciiLettersOnly(string pattern, string input, bool ignoreCase, bool expected)
    {
        var compiled = WildcardPattern.Compile(pattern, ignoreCase, allowEscapes: false);

        Assert.Equal(expected, compiled.IsMatch(input));
    }

    [Fact]
    public void IsMatch_IgnoreCaseNonAscii_NotFolded()
    {
        var compiled = WildcardPattern.Compile("\u00e9", ignoreCase: true, allowEscapes: false);

        Assert.False(compiled.IsMatch("\u00c9"));
        Assert.True(compiled.IsMatch("\u00e9"));
    }

    [Theory]
    [InlineData(@"a\*b", "a*b", true)]
    [InlineData(@"a\*b", "axb", false)]
    [InlineData(@"a\?b", "a?b", true)]
    [InlineData(@"a\?b", "axb", false)]
    [InlineData(@"\*", "*", true)]
    [InlineData(@"\*", "", false)]
    [InlineData(@"a\b", @"a\b", true)]
    [InlineData(@"a\", @"a\", true)]
    [InlineData(@"\\*", @"\*", true)]
    [InlineData(@"\\*", @"\anything", false)]
    [InlineData(@"*\?", "why?", true)]
    [InlineData(@"*\?", "why", false)]
    public void IsMatch_Escapes_LiteralStarAndQuestionMark(string pattern, string input, bool expected)
    {
        var compiled = WildcardPattern.Compile(pattern, ignoreCase: true, allowEscapes: true);

        Assert.Equal(expected, compiled.IsMatch(input));
    }

    [Theory]
    [InlineData(@"a\*b", @"a\xb", true)]
    [InlineData(@"a\*b", "a*b", false)]
    public void IsMatch_EscapesDisabled_BackslashIsLiteral(string pattern, string input, bool expected)
    {
        var compiled = WildcardPattern.Compile(pattern, ignoreCase: false, allowEscapes: false);

        Assert.Equal(expected, compiled.IsMatch(input));
    }

    [Theory]
    [InlineData("*", "a\u0001b")]
    [InlineData("?", "\u007f")]
    [InlineData("a*", "a\tb")]
    [InlineData("*", "\n")]
    public void IsMatch_ControlCharacterInInput_NeverMatches(string pattern, string input)
    {
        var compiled = WildcardPattern.Compile(pattern, ignoreCase: false, allowEscapes: false);

        Assert.False(compiled.IsMatch(input));
    }

    [Fact]
    public void IsMatch_PathologicalBacktracking_CompletesAndFails()
    {
        var compiled = WildcardPattern.Compile("*a*a*a*a*a*b", ignoreCase: false, allowEscapes: false);

        Assert.False(compiled.IsMatch(new string('a', 4000)));
    }

    [Fact]
    public void Pattern_Compiled_KeepsOriginalText()
    {
        var compiled = WildcardPattern.Compile(@"a\*b*", ignoreCase: true, allowEscapes: true);

        Assert.Equal(@"a\*b*", compiled.Pattern);
        Assert.Equal(@"a\*b*", compiled.ToString());
    }
}
