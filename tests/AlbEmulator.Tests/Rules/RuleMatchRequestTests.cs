using System.Net;
using AlbEmulator.Rules;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.Rules;

public class RuleMatchRequestTests
{
    [Fact]
    public void Constructor_AllFacts_Kept()
    {
        var headers = new HeaderDictionary { ["X-A"] = "1" };
        var peer = IPAddress.Parse("10.0.0.1");

        var request = new RuleMatchRequest("GET", "example.com:8080", "/a/../b", "q=1", headers, peer);

        Assert.Equal("GET", request.Method);
        Assert.Equal("example.com:8080", request.Host);
        Assert.Equal("/a/../b", request.Path);
        Assert.Equal("q=1", request.QueryString);
        Assert.Same(headers, request.Headers);
        Assert.Same(peer, request.RemoteIpAddress);
    }
}
