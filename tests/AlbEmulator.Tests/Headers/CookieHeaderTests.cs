using AlbEmulator.Headers;
using Microsoft.Extensions.Primitives;

namespace AlbEmulator.Tests.Headers;

/// <summary>TG-23: several cookie fields reach the target as one, joined with "; " (the one place that decides it).</summary>
public sealed class CookieHeaderTests
{
    [Theory]
    [InlineData("Cookie", 2, true)]
    [InlineData("cookie", 3, true)]
    [InlineData("COOKIE", 2, true)]
    [InlineData("Cookie", 1, false)]
    [InlineData("Set-Cookie", 2, false)]
    [InlineData("X-Cookie", 2, false)]
    public void IsSeveralFields_OnlyForMoreThanOneCookieField(string name, int count, bool expected)
    {
        var values = new StringValues(Enumerable.Range(1, count).Select(i => $"c{i}=v").ToArray());

        Assert.Equal(expected, CookieHeader.IsSeveralFields(name, values));
    }

    [Fact]
    public void Join_ThreeFields_OneValueWithSemicolonSpace()
    {
        Assert.Equal("a=1; b=2; c=3", CookieHeader.Join(new StringValues(["a=1", "b=2", "c=3"])));
    }

    [Fact]
    public void Join_EmptyAndNullFieldsKeepTheirPlace()
    {
        Assert.Equal("a=1; ; b=2", CookieHeader.Join(new StringValues(["a=1", null, "b=2"])));
        Assert.Equal("; ", CookieHeader.Join(new StringValues(["", ""])));
    }

    [Fact]
    public void Join_BytesAsStringJoin()
    {
        string[] fields = ["session=é9", "x=" + new string('y', 300), "z=\u00ff"];

        Assert.Equal(string.Join("; ", fields), CookieHeader.Join(new StringValues(fields)));
    }
}
