using AlbEmulator.Health;

namespace AlbEmulator.Tests.Health;

public sealed class HealthCheckMatcherTests
{
    [Theory]
    [InlineData("200", 200, true)]
    [InlineData("200", 201, false)]
    [InlineData("200,202", 202, true)]
    [InlineData("200,202", 201, false)]
    [InlineData("200-299", 204, true)]
    [InlineData("200-299", 300, false)]
    [InlineData("200-204, 301", 301, true)]
    [InlineData("0-99", 12, true)]
    [InlineData("12", 0, false)]
    public void Matches(string matcher, int code, bool expected) =>
        Assert.Equal(expected, HealthCheckMatcher.Parse(matcher).Matches(code));
}
