using AlbEmulator.Errors;
using AlbEmulator.Limits;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.Limits;

public sealed class LimitChecksTests
{
    [Theory]
    [InlineData("TRACE", AlbError.MethodNotAllowed)]
    [InlineData("GET", AlbError.None)]
    [InlineData("trace", AlbError.MethodNotAllowed)]
    public void TraceMethodCheck_TraceIs405(string method, AlbError expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        Assert.Equal(expected, new TraceMethodCheck().Evaluate(context, null!));
    }

    /// <summary>HDR-3: more than 30 X-Forwarded-For addresses is a 463.</summary>
    [Theory]
    [InlineData(30, AlbError.None)]
    [InlineData(31, AlbError.TooManyForwardedForAddresses)]
    public void ForwardedForLimitCheck_MoreThan30Is463(int addresses, AlbError expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["X-Forwarded-For"] = string.Join(", ", Enumerable.Range(1, addresses).Select(i => $"10.0.0.{i}"));
        Assert.Equal(expected, new ForwardedForLimitCheck().Evaluate(context, null!));
    }
}
