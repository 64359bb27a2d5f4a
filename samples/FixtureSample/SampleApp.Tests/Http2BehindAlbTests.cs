using System.Net;
using System.Text.Json;
using AlbEmulator.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SampleApp.Tests;

/// <summary>
/// HTTP/2 end to end needs real sockets: an HTTPS listener (ALB speaks HTTP/2 to clients over TLS only)
/// forwarding to an <c>HTTP2</c> target group, whose target is SampleApp on real Kestrel (h2c).
/// </summary>
public sealed class Http2BehindAlbTests : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _app = new();
    private AlbEmulatorFixture? _alb;

    public async Task InitializeAsync() =>
        _alb = await AlbEmulatorFixture
            .Configure(c => c
                .Listener(8443, "HTTPS", l => l.DefaultForward("h2"))
                .TargetGroup("h2", tg => tg.ProtocolVersion("HTTP2")))
            .WithKestrelApp("h2", _app)
            .StartAsync();

    public async Task DisposeAsync()
    {
        if (_alb is not null)
        {
            await _alb.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_HTTP2_client_reaches_the_app_over_HTTP2()
    {
        using var client = _alb!.CreateClient(8443, new AlbClientOptions { HttpVersion = HttpVersion.Version20 });

        var response = await client.GetAsync("/api/hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/2", body.RootElement.GetProperty("protocol").GetString());
        Assert.Equal("https", body.RootElement.GetProperty("forwardedProto").GetString());
        var line = await _alb.WaitForAccessLogAsync(e => e.RequestUrl.EndsWith("/api/hello", StringComparison.Ordinal));
        Assert.Equal("h2", line.Type);
        Assert.Equal(200, line.TargetStatusCode);
    }
}
