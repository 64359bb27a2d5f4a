using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// WebSockets through the emulator with a real client (.NET <see cref="ClientWebSocket"/>) and a real
/// Kestrel WebSocket echo target (TG-30): ws and wss, frames both ways, the idle timeout, one access-log
/// line per connection (type ws/wss, 101), and the upgrades ALB refuses (464 toward HTTP2/GRPC groups,
/// 400 toward Lambda).
/// </summary>
public sealed class WebSocketTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alb-ws-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string Config(int targetPort, bool https = false, string protocolVersion = "HTTP1", int idleTimeoutSeconds = 60)
    {
        var listener = https
            ? $$"""
                "Port": 8443, "Protocol": "HTTPS",
                "Certificates": [ { "CertificateFile": {{JsonSerializer.Serialize(Pem().CertificateFile)}}, "PrivateKeyFile": {{JsonSerializer.Serialize(Pem().KeyFile)}} } ],
                """
            : """ "Port": 8080, "Protocol": "HTTP", """;
        return $$"""
            {
              "LoadBalancer": { "LoadBalancerAttributes": [ { "Key": "idle_timeout.timeout_seconds", "Value": "{{idleTimeoutSeconds}}" } ] },
              "Listeners": [ { {{listener}} "DefaultActions": [ {{TestConfig.Forward("ws")}} ] } ],
              "TargetGroups": [ { "Name": "ws", "Protocol": "HTTP", "ProtocolVersion": "{{protocolVersion}}", "Port": 80,
                "Targets": [ { "Id": "127.0.0.1", "Port": {{targetPort}} } ] } ]
            }
            """;
    }

    private (string CertificateFile, string KeyFile) _pem;

    private (string CertificateFile, string KeyFile) Pem()
    {
        if (_pem.CertificateFile is null)
        {
            var written = TestCertificates.WritePem(_directory, "alb.test");
            _pem = (written.CertificateFile, written.KeyFile);
        }

        return _pem;
    }

    private static Task<AlbTestEnvironment> StartAsync(string config) =>
        AlbTestEnvironment.StartAsync(config, configure: o => o.HealthChecks.Automatic = false);

    private static Uri WsUri(AlbTestEnvironment env, int port, string path)
    {
        var listener = env.Listener(port);
        return new UriBuilder(listener) { Scheme = listener.Scheme == "https" ? "wss" : "ws", Path = path }.Uri;
    }

    private static ClientWebSocket NewClient()
    {
        var client = new ClientWebSocket();
        client.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        client.Options.CollectHttpResponseDetails = true;
        client.Options.KeepAliveInterval = TimeSpan.Zero; // no pings: the idle test must see a silent connection
        return client;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Echo_FramesBothWays_OneAccessLogLineWhenTheConnectionCloses(bool https)
    {
        await using var target = await WebSocketEchoTarget.StartAsync();
        await using var env = await StartAsync(Config(target.Port, https));
        var port = https ? 8443 : 8080;
        using var client = NewClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await client.ConnectAsync(WsUri(env, port, "/chat"), cts.Token);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, client.HttpStatusCode);

        // The target speaks first (target → client), then echoes (client → target → client).
        Assert.Equal("welcome", await ReceiveTextAsync(client, cts.Token));
        foreach (var text in new[] { "one", "two", new string('x', 70_000) })
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cts.Token);
            Assert.Equal("echo:" + text, await ReceiveTextAsync(client, cts.Token));
        }

        await client.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, cts.Token);
        var binary = new byte[16];
        var received = await client.ReceiveAsync(binary, cts.Token);
        Assert.Equal(WebSocketMessageType.Binary, received.MessageType);
        Assert.Equal(new byte[] { 1, 2, 3 }, binary[..received.Count]);

        // Still open: nothing logged yet (one entry per connection, written when it closes).
        Assert.DoesNotContain(env.AccessLogLines, l => l.Contains("/chat", StringComparison.Ordinal));

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);

        var raw = await env.WaitForAccessLogAsync(l => l.Contains("/chat", StringComparison.Ordinal));
        var log = AccessLogLine.Parse(raw);
        Assert.Equal(https ? "wss" : "ws", log.Type);
        Assert.Equal("101", log.ElbStatusCode);
        Assert.Equal("101", log.TargetStatusCode);
        Assert.Equal("GET", log.RequestVerb);
        Assert.Equal("HTTP/1.1", log.RequestProto);
        Assert.StartsWith(https ? "https://" : "http://", log.RequestUrl, StringComparison.Ordinal);
        var fields = raw.Split(' ');
        Assert.True(long.Parse(fields[10], System.Globalization.CultureInfo.InvariantCulture) > 70_000, "received_bytes counts the frames: " + raw);
        Assert.True(long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) > 70_000, "sent_bytes counts the frames: " + raw);
        Assert.Single(env.AccessLogLines, l => l.Contains("/chat", StringComparison.Ordinal));
        Assert.Equal("/chat", Assert.Single(target.Paths));
    }

    [Fact]
    public async Task IdleTimeout_NoFramesForTheTimeout_ConnectionClosed()
    {
        await using var target = await WebSocketEchoTarget.StartAsync();
        await using var env = await StartAsync(Config(target.Port, idleTimeoutSeconds: 3));
        using var client = NewClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.ConnectAsync(WsUri(env, 8080, "/idle"), cts.Token);
        Assert.Equal("welcome", await ReceiveTextAsync(client, cts.Token));

        // Frames every second keep the connection alive past the 3 s timeout (2 s of margin for a loaded machine).
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cts.Token);
            await client.SendAsync(Encoding.UTF8.GetBytes("ping" + i), WebSocketMessageType.Text, true, cts.Token);
            Assert.Equal("echo:ping" + i, await ReceiveTextAsync(client, cts.Token));
        }

        // Then silence: the load balancer closes the connection after the idle timeout.
        var silent = Stopwatch.StartNew();
        var ended = await WaitForEndAsync(client, cts.Token);
        silent.Stop();

        Assert.True(ended, "the connection was not closed");
        Assert.InRange(silent.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(30));
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/idle", StringComparison.Ordinal)));
        Assert.Equal("ws", log.Type);
        Assert.Equal("101", log.ElbStatusCode);
    }

    [Fact]
    public async Task IdleTimeout_FramesFromTheTargetAlone_KeepTheConnectionOpen()
    {
        await using var target = await WebSocketEchoTarget.StartAsync();
        await using var env = await StartAsync(Config(target.Port, idleTimeoutSeconds: 2));
        using var client = NewClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.ConnectAsync(WsUri(env, 8080, "/push"), cts.Token);
        Assert.Equal("welcome", await ReceiveTextAsync(client, cts.Token));

        // The client stays silent; the target pushes a frame every 0.6 s for 3 s (longer than the
        // 2 s idle timeout): data in either direction counts as activity.
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal("tick" + i, await ReceiveTextAsync(client, cts.Token));
        }

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
    }

    [Fact]
    public async Task UpgradeRefusedByTheTarget_OrdinaryResponse_ConnectionBackToRequestMode()
    {
        // A target that does not speak WebSocket: an ordinary 200 (with Content-Length, so the raw reader can frame it).
        await using var backend = await TestBackend.StartAsync("plain", handler: context =>
        {
            context.Response.ContentLength = 2;
            return context.Response.WriteAsync("ok");
        });
        await using var env = await StartAsync(Config(backend.Port));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync("GET /refused HTTP/1.1\r\nHost: a.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        var refused = await connection.ReadResponseAsync();
        Assert.Equal(200, refused.StatusCode);
        var first = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/refused", StringComparison.Ordinal)));
        Assert.Equal("http", first.Type); // a failed upgrade is logged as the request it was

        // The next request on the connection passes the wire checks again (here: classified Acceptable).
        await connection.SendAsync("GET /after HTTP/1.1\r\nHost: a.test\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(200, (await connection.ReadResponseAsync()).StatusCode);
        var second = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/after", StringComparison.Ordinal)));
        Assert.Equal("Acceptable", second.Classification);
        Assert.Equal("GetHeadZeroContentLength", second.ClassificationReason);
    }

    [Theory]
    [InlineData("HTTP2")]
    [InlineData("GRPC")]
    public async Task UpgradeTowardHttp2OrGrpcGroup_464(string protocolVersion)
    {
        await using var target = await WebSocketEchoTarget.StartAsync();
        await using var env = await StartAsync(Config(target.Port, https: true, protocolVersion: protocolVersion));
        using var client = NewClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(WsUri(env, 8443, "/up"), cts.Token));

        Assert.Equal((HttpStatusCode)464, client.HttpStatusCode);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/up", StringComparison.Ordinal)));
        Assert.Equal("464", log.ElbStatusCode);
        Assert.Equal("https", log.Type);
        Assert.Empty(target.Paths);
    }

    /// <summary>
    /// [EMU] WebSocket over HTTP/2 (RFC 8441 extended CONNECT) is undocumented for ALB. Kestrel advertises
    /// it, so a client that uses it gets a working WebSocket, forwarded to the target as the HTTP/1.1
    /// upgrade ALB would send (docs/websockets.md, known difference: the log line is type h2, status 200).
    /// </summary>
    [Fact]
    public async Task Http2ExtendedConnect_ForwardedToTheTargetAsAnHttp11Upgrade()
    {
        await using var target = await WebSocketEchoTarget.StartAsync();
        await using var env = await StartAsync(Config(target.Port, https: true));
        using var client = new ClientWebSocket();
        client.Options.HttpVersion = HttpVersion.Version20;
        client.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var invoker = new HttpMessageInvoker(handler);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await client.ConnectAsync(WsUri(env, 8443, "/h2ws"), invoker, cts.Token);
        Assert.Equal("welcome", await ReceiveTextAsync(client, cts.Token));
        await client.SendAsync("over h2"u8.ToArray(), WebSocketMessageType.Text, true, cts.Token);
        Assert.Equal("echo:over h2", await ReceiveTextAsync(client, cts.Token));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);

        Assert.Equal("/h2ws", Assert.Single(target.Paths));
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/h2ws", StringComparison.Ordinal)));
        Assert.Equal("h2", log.Type);
        Assert.Equal("CONNECT", log.RequestVerb);
    }

    [Fact]
    public async Task UpgradeTowardLambda_400LambdaWebsocketNotSupported()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await StartAsync($$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward("fn")}} ] } ],
              "TargetGroups": [ { "Name": "fn", "TargetType": "lambda", "Targets": [ { "Id": "f", "LambdaEndpoint": "{{fn.Endpoint}}" } ] } ]
            }
            """);
        using var client = NewClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(WsUri(env, 8080, "/lambda-ws"), cts.Token));

        Assert.Equal(HttpStatusCode.BadRequest, client.HttpStatusCode);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/lambda-ws", StringComparison.Ordinal)));
        Assert.Equal("400", log.ElbStatusCode);
        Assert.Equal("LambdaWebsocketNotSupported", log.ErrorReason);
        Assert.Empty(fn.Invocations);
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[128 * 1024];
        var length = 0;
        while (true)
        {
            var result = await client.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
    }

    /// <summary>Waits for the connection to end (close frame, reset or end of stream); false if nothing ended it.</summary>
    private static async Task<bool> WaitForEndAsync(ClientWebSocket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        try
        {
            var result = await client.ReceiveAsync(buffer, cancellationToken);
            return result.MessageType == WebSocketMessageType.Close;
        }
        catch (WebSocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>A Kestrel WebSocket target (app.UseWebSockets): says "welcome", then echoes every message ("echo:" + text).</summary>
internal sealed class WebSocketEchoTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _paths = new();

    private WebSocketEchoTarget(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>Paths of the WebSocket connections accepted.</summary>
    public IReadOnlyCollection<string> Paths => _paths;

    public static async Task<WebSocketEchoTarget> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "WebSocketEchoTarget" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        var app = builder.Build();
        var self = new WebSocketEchoTarget(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 200; // health checks
                return;
            }

            self._paths.Enqueue(context.Request.Path.Value ?? "");
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await socket.SendAsync("welcome"u8.ToArray(), WebSocketMessageType.Text, true, context.RequestAborted);
            if (context.Request.Path == "/push")
            {
                for (var i = 1; i <= 5; i++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(600), context.RequestAborted);
                    await socket.SendAsync(Encoding.UTF8.GetBytes("tick" + i), WebSocketMessageType.Text, true, context.RequestAborted);
                }
            }

            var buffer = new byte[128 * 1024];
            try
            {
                while (true)
                {
                    var length = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(buffer.AsMemory(length), context.RequestAborted);
                        length += result.Count;
                    }
                    while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        return;
                    }

                    var reply = result.MessageType == WebSocketMessageType.Text
                        ? Encoding.UTF8.GetBytes("echo:" + Encoding.UTF8.GetString(buffer, 0, length))
                        : buffer[..length];
                    await socket.SendAsync(reply, result.MessageType, true, context.RequestAborted);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // The load balancer closed the connection (idle timeout) or the client vanished.
            }
        });
        await app.StartAsync();
        self.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
        return self;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
