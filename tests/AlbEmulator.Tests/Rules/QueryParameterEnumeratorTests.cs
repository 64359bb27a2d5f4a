using AlbEmulator.Rules;

namespace AlbEmulator.Tests.Rules;

public class QueryParameterEnumeratorTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("a=1", "a=1")]
    [InlineData("a=1&b=2", "a=1|b=2")]
    [InlineData("debug", "debug=")]
    [InlineData("debug&a=1", "debug=|a=1")]
    [InlineData("a=", "a=")]
    [InlineData("=v", "=v")]
    [InlineData("a=1=2", "a=1=2")]
    [InlineData("a=1&&b=2&", "a=1|b=2")]
    [InlineData("&&&", "")]
    [InlineData("a=%20+x", "a=%20+x")]
    public void MoveNext_RawQuery_SplitsAtAmpersandAndFirstEquals(string query, string expected)
    {
        var parts = new List<string>();
        foreach (var parameter in new QueryParameterEnumerator(query))
        {
            parts.Add($"{parameter.Key}={parameter.Value}");
        }

        Assert.Equal(expected, string.Join("|", parts));
    }

    [Fact]
    public void MoveNext_ParameterWithoutEquals_EmptyValue()
    {
        var enumerator = new QueryParameterEnumerator("flag");

        Assert.True(enumerator.MoveNext());
        Assert.Equal("flag", enumerator.Current.Key.ToString());
        Assert.True(enumerator.Current.Value.IsEmpty);
        Assert.False(enumerator.MoveNext());
        Assert.False(enumerator.MoveNext());
    }
}
