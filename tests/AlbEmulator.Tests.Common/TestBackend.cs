using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// A real target on 127.0.0.1 (ephemeral port): answers every request with JSON describing what it
/// received (<see cref="EchoedRequest"/>). <c>http2Only</c> makes it an h2c-only server (for
/// HTTP2/GRPC target groups); a <c>handler</c> replaces the echo for misbehaving-target tests.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private int _healthChecks;

    private TestBackend(WebApplication app, string name, int port)
    {
        _app = app;
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>Requests the load balancer forwarded (health checks not included).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Health checks received (User-Agent <c>ELB-HealthChecker/2.0</c>).</summary>
    public int HealthCheckCount => Volatile.Read(ref _healthChecks);

    /// <summary>
    /// Starts a backend. Health checks (User-Agent <c>ELB-HealthChecker/2.0</c>) go to
    /// <paramref name="healthCheck"/> when given, else get 200 (gRPC checks: <c>grpc-status: 12</c>),
    /// so the other handlers and <see cref="RequestCount"/> only see forwarded requests.
    /// </summary>
    public static async Task<TestBackend> StartAsync(string name, bool http2Only = false, bool https = false, RequestDelegate? handler = null, RequestDelegate? healthCheck = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "TestBackend" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = http2Only ? HttpProtocols.Http2 : https ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                if (https)
                {
                    o.UseHttps(TestCertificates.Create("backend.test").Certificate);
                }
            });
        });
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        var app = builder.Build();
        TestBackend? self = null;
        app.Run(async context =>
        {
            if (context.Request.Headers.UserAgent == "ELB-HealthChecker/2.0")
            {
                Interlocked.Increment(ref self!._healthChecks);
                await (healthCheck ?? DefaultHealthCheckAsync)(context);
                return;
            }

            Interlocked.Increment(ref self!._requests);
            if (handler is not null)
            {
                await handler(context);
                return;
            }

            await EchoAsync(context, name);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new TestBackend(app, name, new Uri(address).Port);
        return self;
    }

    /// <summary>200; for a gRPC check an empty gRPC answer with <c>grpc-status: 12</c> (UNIMPLEMENTED, healthy by default: HC-2).</summary>
    public static Task DefaultHealthCheckAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true && context.Response.SupportsTrailers())
        {
            context.Response.ContentType = "application/grpc";
            context.Response.AppendTrailer("grpc-status", "12");
        }

        return Task.CompletedTask;
    }

    public static async Task EchoAsync(HttpContext context, string name)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var echoed = new EchoedRequest
        {
            Backend = name,
            Protocol = request.Protocol,
            Method = request.Method,
            RawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "",
            Headers = request.Headers.SelectMany(h => h.Value.Select(v => new[] { h.Key, v ?? "" })).ToArray(),
            BodyLength = body.Length,
            RemotePort = context.Connection.RemotePort,
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(echoed), context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>What a <see cref="TestBackend"/> received.</summary>
public sealed class EchoedRequest
{
    public string Backend { get; set; } = "";

    public string Protocol { get; set; } = "";

    public string Method { get; set; } = "";

    public string RawTarget { get; set; } = "";

    public string[][] Headers { get; set; } = [];

    public long BodyLength { get; set; }

    public int RemotePort { get; set; }

    /// <summary>All values of a header, by name, case-insensitive, in arrival order.</summary>
    public string[] All(string name) => Headers.Where(h => string.Equals(h[0], name, StringComparison.OrdinalIgnoreCase)).Select(h => h[1]).ToArray();

    public string? Header(string name) => All(name).FirstOrDefault();

    public static EchoedRequest Parse(string json) => JsonSerializer.Deserialize<EchoedRequest>(json) ?? throw new InvalidOperationException("Not an echo: " + json);
}
