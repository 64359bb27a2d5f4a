using System.Net;
using AlbEmulator.Pipeline;
using AlbEmulator.Rules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Tests.Rules;

/// <summary>The data plane builds <see cref="RuleMatchRequest"/> from the raw target without splitting it (docs/performance.md).</summary>
public sealed class RuleMatchRequestOffsetsTests
{
    [Theory]
    [InlineData("/", "/", "")]
    [InlineData("/a/b", "/a/b", "")]
    [InlineData("/a/b?", "/a/b", "")]
    [InlineData("/a/b?x=1&y=2", "/a/b", "x=1&y=2")]
    [InlineData("/a?b?c", "/a", "b?c")]
    [InlineData("http://example.com/p?q=1", "/p", "q=1")]
    [InlineData("http://example.com?q=1", "/", "q=1")]
    public void FromContext_SameFactsAsSplitTarget(string rawTarget, string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers.Host = "example.com";
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;

        var request = RuleMatcher.CreateRuleMatchRequest(context);

        Assert.Equal(RequestFacts.SplitTarget(rawTarget), (request.Path, request.QueryString));
        Assert.Equal(path, request.PathSpan.ToString());
        Assert.Equal(query, request.QuerySpan.ToString());
    }
}
