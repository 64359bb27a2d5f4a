using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

public class QueryComponentDecoderTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a+b", "a b")]
    [InlineData("a%20b", "a b")]
    [InlineData("a%2Bb", "a+b")]
    [InlineData("%2B+", "+ ")]
    [InlineData("caf%C3%A9", "caf\u00e9")]
    [InlineData("%2a", "*")]
    [InlineData("100%", "100%")]
    [InlineData("%zz", "%zz")]
    [InlineData("", "")]
    public void Decode_Component_PlusAndPercentDecoded(string raw, string expected)
    {
        var destination = new char[raw.Length];

        var written = QueryComponentDecoder.Decode(raw, destination);

        Assert.Equal(expected, new string(destination, 0, written));
    }

    [Fact]
    public void Decode_LongerThanStackLimit_Decoded()
    {
        var raw = string.Concat(Enumerable.Repeat("a+", 300));
        var destination = new char[raw.Length];

        var written = QueryComponentDecoder.Decode(raw, destination);

        Assert.Equal(string.Concat(Enumerable.Repeat("a ", 300)), new string(destination, 0, written));
    }

    [Theory]
    [InlineData("abc", false)]
    [InlineData("a%41", true)]
    [InlineData("a+b", true)]
    public void NeedsDecoding_Component_TrueForPercentOrPlus(string raw, bool expected)
    {
        Assert.Equal(expected, QueryComponentDecoder.NeedsDecoding(raw));
    }
}
