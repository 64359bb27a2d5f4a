using AlbEmulator.Lambda;

namespace AlbEmulator.Tests.Lambda;

public sealed class LambdaQueryStringTests
{
    [Fact]
    public void Parse_KeepsEncodingOrderAndDuplicates()
    {
        // LAM-12: keys and values stay URL-encoded.
        Assert.Equal(
            [new("a", "1"), new("b%20c", "%2F"), new("a", "2"), new("flag", ""), new("e", "x=y")],
            LambdaQueryString.Parse("a=1&b%20c=%2F&a=2&flag&&e=x=y"));
    }

    [Fact]
    public void Parse_Empty_NoPairs()
    {
        Assert.Empty(LambdaQueryString.Parse(""));
    }
}
