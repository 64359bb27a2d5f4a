using AlbEmulator.Desync;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.Desync;

/// <summary>HDR-50: the header names <c>routing.http.drop_invalid_header_fields.enabled</c> drops (not <c>[-A-Za-z0-9]+</c>).</summary>
public sealed class InvalidHeaderFieldsStepTests
{
    [Theory]
    [InlineData("X-Valid", true)]
    [InlineData("x-amzn-trace-id", true)]
    [InlineData("Accept", true)]
    [InlineData("X-1-2", true)]
    [InlineData("-", true)]
    [InlineData("X_Custom", false)]
    [InlineData("x.trace", false)]
    [InlineData("X~Y", false)]
    [InlineData("X!", false)]
    [InlineData("caf\u00e9", false)]
    [InlineData("", false)]
    public void IsValidName_LettersDigitsAndHyphensOnly(string name, bool valid)
    {
        Assert.Equal(valid, InvalidHeaderFieldsStep.IsValidName(name));
    }

    [Fact]
    public void Drop_RemovesEveryInvalidName_KeepsTheRestWithTheirValues()
    {
        var headers = new HeaderDictionary
        {
            ["Host"] = "a.test",
            ["X_One"] = "1",
            ["X-Valid"] = new(["a", "b"]),
            ["x.two"] = "2",
            ["Cookie"] = "c=1",
        };

        InvalidHeaderFieldsStep.Drop(headers);

        Assert.Equal(["Cookie", "Host", "X-Valid"], headers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("a,b", headers["X-Valid"].ToString());
    }

    [Fact]
    public void Drop_NothingInvalid_Unchanged()
    {
        var headers = new HeaderDictionary { ["Host"] = "a.test", ["X-Valid"] = "v" };

        InvalidHeaderFieldsStep.Drop(headers);

        Assert.Equal(2, headers.Count);
    }
}
