using System.Net;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// An HTTP/2 client forwarded to an HTTP1 target group (TG-20, TG-21): each stream becomes an HTTP/1.1
/// request; X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Port, Host, X-Amzn-Trace-Id, Upgrade and
/// Connection are written in that mixed case and every other name in lower case; backend connections are
/// reused.
/// </summary>
public sealed class Http2DowngradeTests
{
    [Fact]
    public async Task Http2Client_Http1Group_HeaderNamesAsAlbWritesThem()
    {
        await using var target = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ] } ],
              "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "ProtocolVersion": "HTTP1", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{target.Port}} } ] } ]
            }
            """);
        using var client = env.CreateClient(8443, HttpVersion.Version20);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/down?q=1") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new StringContent("hello") };
        request.Headers.UserAgent.ParseAdd("test-agent/1.0");
        request.Headers.TryAddWithoutValidation("X-Custom-Header", "v");
        var first = await client.SendAsync(request);
        var second = await client.GetAsync("/again");

        Assert.Equal(HttpVersion.Version20, first.Version);
        Assert.Equal("ok", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var traffic = target.TrafficRequests.ToArray();
        var head = traffic[0].Head;
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("POST /down?q=1 HTTP/1.1", lines[0]);
        var names = lines.Skip(1).Select(l => l[..l.IndexOf(':')]).ToArray();
        Assert.Contains("Host", names);
        Assert.Contains("X-Forwarded-For", names);
        Assert.Contains("X-Forwarded-Proto", names);
        Assert.Contains("X-Forwarded-Port", names);
        Assert.Contains("X-Amzn-Trace-Id", names);
        Assert.Contains("user-agent", names);
        Assert.Contains("x-custom-header", names);
        Assert.Contains("content-type", names);
        Assert.Contains("content-length", names);
        string[] mixed = ["Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Amzn-Trace-Id", "Upgrade", "Connection"];
        Assert.All(names.Where(n => !mixed.Contains(n)), n => Assert.Equal(n.ToLowerInvariant(), n));
        Assert.Contains("X-Forwarded-Proto: https", lines);
        Assert.Contains("X-Forwarded-Port: 8443", lines);
        Assert.Equal(2, traffic.Length);
        Assert.Equal(traffic[0].Connection, traffic[1].Connection);
    }
}
