using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Tests.Pipeline;

public sealed class RequestFactsTests
{
    [Theory]
    [InlineData("/a/b?x=1", "/a/b", "x=1")]
    [InlineData("/a%20b", "/a%20b", "")]
    [InlineData("/?", "/", "")]
    [InlineData("http://example.com/a?b=c", "/a", "b=c")]
    [InlineData("http://example.com", "/", "")]
    [InlineData("http://example.com?q", "/", "q")]
    public void SplitTarget_RawPathAndQuery(string target, string path, string query)
    {
        Assert.Equal((path, query), RequestFacts.SplitTarget(target));
    }

    [Fact]
    public void OriginalHost_AbsoluteForm_Authority()
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "http://dns_name:8080/index.html";
        context.Request.Headers.Host = "other";
        Assert.Equal("dns_name:8080", RequestFacts.OriginalHost(context));
    }

    [Fact]
    public void OriginalHost_FirstHostHeader()
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/";
        context.Request.Headers.Host = new Microsoft.Extensions.Primitives.StringValues(["a.example", "b.example"]);
        Assert.Equal("a.example", RequestFacts.OriginalHost(context));
    }

    [Fact]
    public void OriginalHost_None_Null()
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/";
        Assert.Null(RequestFacts.OriginalHost(context));
    }
}
