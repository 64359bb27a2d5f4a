using System.Net;
using System.Text;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// A target's response header value with obs-text (bytes 0x80-0xFF) reaches the client byte for byte on every client
/// side and on both forwarders ([UNCONFIRMED], docs/known-differences.md; Hosting/KestrelLimits); a control character is
/// an invalid response header, a 502 (ERR-502). HTTP/1.1 clients of the direct forwarder: TargetWireBytesTests.
/// </summary>
public sealed class TargetResponseHeaderTests
{
    /// <summary>Latin-1 <c>é</c>, then UTF-8 <c>é</c> and <c>€</c>, each byte as one Latin-1 character.</summary>
    private const string Value = "caf\u00e9 caf\u00c3\u00a9 \u00e2\u0082\u00ac";

    [Fact]
    public async Task Http2Client_ObsTextHeader_ReachesTheClientByteForByte()
    {
        await using var target = new RawCaptureTarget { ExtraResponseHeaders = "X-Obs: " + Value + "\r\n" };
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(target.Port));
        using var client = Latin1Client(env);

        using var response = await client.GetAsync("/h2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(Value, Assert.Single(response.Headers.GetValues("X-Obs")));
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WebSocketUpgrade_YarpPath_ObsTextHeader_ReachesTheClientByteForByte()
    {
        await using var target = new RawCaptureTarget { ExtraResponseHeaders = "X-Obs: " + Value + "\r\n" };
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(target.Port));
        await using var client = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await client.SendAsync("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

        var response = await client.ReadResponseAsync();
        Assert.Equal(200, response.StatusCode);
        Assert.Contains("\r\nX-Obs: " + Value + "\r\n", response.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http2Client_ControlCharacterInHeader_502()
    {
        await using var target = new RawCaptureTarget { ExtraResponseHeaders = "X-Ctl: a\u0001b\r\n" };
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(target.Port));
        using var client = Latin1Client(env);

        using var response = await client.GetAsync("/h2");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("awselb/2.0", response.Headers.Server.ToString());
        var line = await env.WaitForAccessLogAsync(l => l.Contains("/h2", StringComparison.Ordinal));
        Assert.Contains(" 502 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http1Target_ResponseHeadOver16K_ThenSmallOnes_OnTheSameTargetConnection()
    {
        // The direct forwarder's read buffer starts at 16 KB for every exchange (rented per exchange, issue 22): a
        // larger head grows it, and the next response on the same connection is read into a fresh one.
        var large = new string('x', 20_000);
        var connections = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var backend = await TestBackend.StartAsync("t", handler: async context =>
        {
            connections.Enqueue(context.Connection.Id);
            var body = Encoding.ASCII.GetBytes(context.Request.Path.Value!);
            if (context.Request.Path.StartsWithSegments("/large", StringComparison.Ordinal))
            {
                context.Response.Headers["X-Large"] = large;
            }

            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(backend.Port), configure: o => o.HealthChecks.Automatic = false);
        using var client = env.CreateClient(8080);

        foreach (var path in new[] { "/large/1", "/small/1", "/large/2", "/small/2" })
        {
            using var response = await client.GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(path, await response.Content.ReadAsStringAsync());
            if (path.StartsWith("/large", StringComparison.Ordinal))
            {
                Assert.Equal(large, Assert.Single(response.Headers.GetValues("X-Large")));
            }
            else
            {
                Assert.False(response.Headers.Contains("X-Large"));
            }
        }

        Assert.Single(connections.Distinct());
    }

    /// <summary>An HTTP/2 client that reads header values as Latin-1 (one character per byte), as the bytes arrived.</summary>
    private static HttpClient Latin1Client(AlbTestEnvironment env)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ResponseHeaderEncodingSelector = (_, _) => Encoding.Latin1,
        };
        return new HttpClient(handler)
        {
            BaseAddress = env.Listener(8443),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }
}
