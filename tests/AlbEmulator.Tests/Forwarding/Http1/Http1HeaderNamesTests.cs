using AlbEmulator.Forwarding.Http1;

namespace AlbEmulator.Tests.Forwarding.Http1;

public sealed class Http1HeaderNamesTests
{
    [Theory]
    [InlineData("x-forwarded-for", "X-Forwarded-For")]
    [InlineData("x-forwarded-proto", "X-Forwarded-Proto")]
    [InlineData("x-forwarded-port", "X-Forwarded-Port")]
    [InlineData("host", "Host")]
    [InlineData("x-amzn-trace-id", "X-Amzn-Trace-Id")]
    [InlineData("upgrade", "Upgrade")]
    [InlineData("connection", "Connection")]
    [InlineData("User-Agent", "user-agent")]
    [InlineData("Content-Type", "content-type")]
    [InlineData("X-Custom", "x-custom")]
    public void OnTheWire_Tg21Casing(string name, string expected)
    {
        Assert.Equal(expected, Http1HeaderNames.OnTheWire(name));
    }
}
