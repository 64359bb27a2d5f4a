using AlbEmulator.Tests.AccessLogs;
using AlbEmulator.Forwarding;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Tests.Forwarding;

/// <summary>The request target a target receives (<see cref="AlbRequestTransformer.RequestTarget"/>), for both forwarders.</summary>
public sealed class RequestTargetTests
{
    [Theory]
    [InlineData("/a%2Fb/%7E/100%25/a%20b?x=%2F&y=a+b", "/a%2Fb/%7E/100%25/a%20b?x=%2F&y=a+b")]
    [InlineData("//a/../b/./c;p=1", "//a/../b/./c;p=1")]
    [InlineData("/e?", "/e?")]
    [InlineData("http://app.example.com/abs%2Fx?q=%7E", "/abs%2Fx?q=%7E")]
    [InlineData("http://app.example.com?q", "/?q")]
    [InlineData("https://app.example.com", "/")]
    public void NoTransform_TheTargetAsReceived_OriginForm(string raw, string expected)
    {
        var (context, state) = AccessLogTestLines.Create();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = raw;

        Assert.Equal(expected, AlbRequestTransformer.RequestTarget(context, state));
        Assert.Equal("http://10.0.0.2:80" + expected, AlbRequestTransformer.DestinationAddress(context, state, "http://10.0.0.2:80/").OriginalString);
        Assert.Equal(expected, AlbRequestTransformer.DestinationAddress(context, state, "http://10.0.0.2:80/").PathAndQuery);
    }

    [Fact]
    public void Transformed_TheRewrittenUrlAsWritten()
    {
        var (context, state) = AccessLogTestLines.Create();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/dp/a%2Fb";
        state.TransformedUri = "/product.php?id=a%2Fb";

        Assert.Equal("/product.php?id=a%2Fb", AlbRequestTransformer.RequestTarget(context, state));
    }

    [Fact]
    public void AsteriskForm_KestrelsPath()
    {
        var (context, state) = AccessLogTestLines.Create();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "*";
        context.Request.Path = "";

        Assert.Equal("/", AlbRequestTransformer.RequestTarget(context, state));
    }
}
