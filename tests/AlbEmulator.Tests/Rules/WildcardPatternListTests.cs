using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

/// <summary>RULE-11: the values of one condition are ORed.</summary>
public class WildcardPatternListTests
{
    [Theory]
    [InlineData("a.example.com", true)]
    [InlineData("x.test.org", true)]
    [InlineData("example.net", false)]
    public void AnyMatch_SeveralPatterns_Ored(string input, bool expected)
    {
        var patterns = WildcardPatternList.Compile(["*.example.com", "*.test.org"], ignoreCase: true, allowEscapes: false);

        Assert.Equal(expected, WildcardPatternList.AnyMatch(patterns, input));
    }

    [Fact]
    public void AnyMatch_NoPatterns_False()
    {
        Assert.False(WildcardPatternList.AnyMatch([], "anything"));
    }
}
