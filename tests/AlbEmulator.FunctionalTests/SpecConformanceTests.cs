using System.Net;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>Spec requirements that had no test of their own: custom methods (MISC-12), Expect over HTTP/2 (H2-6).</summary>
public sealed class SpecConformanceTests
{
    /// <summary>MISC-12: methods other than the documented seven are tokens like any other and reach the target as sent.</summary>
    [Theory]
    [InlineData("PROPFIND")]
    [InlineData("PURGE")]
    [InlineData("CUSTOM_METHOD")]
    [InlineData("VERSION-CONTROL")]
    public async Task CustomMethod_ForwardedAsSent(string method)
    {
        await using var target = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(target.Port));
        await using var client = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await client.SendAsync($"{method} /dav/x HTTP/1.1\r\nHost: app.example.com\r\n\r\n");

        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        var head = await Eventually.ValueAsync(() => target.TrafficRequests.ToArray(), r => r.Length > 0, "the request at the target");
        Assert.StartsWith($"{method} /dav/x HTTP/1.1\r\n", Assert.Single(head).Head, StringComparison.Ordinal);
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/dav/x", StringComparison.Ordinal)));
        Assert.Equal((method, "200"), (line.RequestVerb, line.ElbStatusCode));
    }

    /// <summary>H2-6: <c>Expect: 100-continue</c> is not supported over HTTP/2: it is not forwarded, and the body still arrives.</summary>
    [Fact]
    public async Task Http2Client_ExpectContinue_NotForwarded_BodyArrives()
    {
        await using var target = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(target.Port));
        using var client = env.CreateClient(8443, HttpVersion.Version20);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new StringContent("hello") };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var head = Assert.Single(await Eventually.ValueAsync(() => target.TrafficRequests.ToArray(), r => r.Length > 0, "the request at the target")).Head;
        Assert.StartsWith("POST /upload HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("expect", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\ncontent-length: 5\r\n", head, StringComparison.OrdinalIgnoreCase);
    }
}
