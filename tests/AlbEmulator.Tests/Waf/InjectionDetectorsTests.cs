using AlbEmulator.Waf;

namespace AlbEmulator.Tests.Waf;

public sealed class InjectionDetectorsTests
{
    [Theory]
    [InlineData("' or '1'='1")]
    [InlineData("1 OR 1=1")]
    [InlineData("x' UNION ALL SELECT password FROM users--")]
    [InlineData("1; DROP TABLE users")]
    [InlineData("admin'--")]
    [InlineData("1'; waitfor delay '0:0:5'--")]
    [InlineData("x' and sleep(5)")]
    public void DetectSqli_Low_FindsClassicAttacks(string value)
    {
        Assert.NotNull(InjectionDetectors.DetectSqli(value, high: false));
    }

    [Theory]
    [InlineData("select name from accounts")]
    [InlineData("benchmark(1000000,md5(1))")]
    public void DetectSqli_HighOnly_FindsBroaderPatterns(string value)
    {
        Assert.Null(InjectionDetectors.DetectSqli(value, high: false));
        Assert.NotNull(InjectionDetectors.DetectSqli(value, high: true));
    }

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("please select a color from the list")]
    [InlineData("rock & roll; 100% fun")]
    [InlineData("")]
    public void DetectSqli_Low_LeavesOrdinaryText(string value)
    {
        Assert.Null(InjectionDetectors.DetectSqli(value, high: false));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("<iframe src=//evil>")]
    [InlineData("<svg/onload=alert(1)>")]
    public void DetectXss_FindsAttacks(string value)
    {
        Assert.NotNull(InjectionDetectors.DetectXss(value));
    }

    [Theory]
    [InlineData("a < b and c > d")]
    [InlineData("Tom & Jerry")]
    [InlineData("<b>bold</b>")]
    public void DetectXss_LeavesOrdinaryText(string value)
    {
        Assert.Null(InjectionDetectors.DetectXss(value));
    }

    [Fact]
    public void Tokens_SplitsMatchedText()
    {
        Assert.Equal(["1", "OR", "1=1"], InjectionDetectors.Tokens("1 OR 1=1"));
    }
}
