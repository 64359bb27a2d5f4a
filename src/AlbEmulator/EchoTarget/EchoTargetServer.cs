using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.EchoTarget;

/// <summary>
/// The built-in target of the embedded default config: answers every request with the request it
/// received (method, target, protocol, headers, body size), so a first run shows what a target behind
/// an ALB sees (X-Forwarded-*, X-Amzn-Trace-Id, Host). Listens on 127.0.0.1, ephemeral port.
/// </summary>
public sealed class EchoTargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoTargetServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<EchoTargetServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "AlbEmulator.EchoTarget" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        var app = builder.Build();
        app.Run(EchoAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new EchoTargetServer(app, new Uri(address).Port);
    }

    private static async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        long bodyBytes = 0;
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            bodyBytes += read;
        }

        var text = new StringBuilder();
        text.Append("AlbEmulator echo target: this is the request the target received.\n\n");
        text.Append(request.Method).Append(' ').Append(context.Features.Get<IHttpRequestFeature>()?.RawTarget).Append(' ').Append(request.Protocol).Append('\n');
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                text.Append(header.Key).Append(": ").Append(value).Append('\n');
            }
        }

        text.Append("\nbody: ").Append(bodyBytes).Append(" bytes\n");
        text.Append("from: ").Append(context.Connection.RemoteIpAddress).Append(':').Append(context.Connection.RemotePort).Append('\n');
        var body = Encoding.UTF8.GetBytes(text.ToString());
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
