using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Configuration;

// Bare YARP for bench/run.sh: BareYarp <h1-port> <h2-tls-port> <cert.pem> <key.pem> <origin-url>
// An HTTP/1.1 cleartext listener and an HTTP/2 TLS listener (ALPN h2), one route /{**catch-all},
// one cluster with one destination, default transforms (X-Forwarded-*), console logging at Warning.
var h1 = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var h2 = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var certificate = X509Certificate2.CreateFromPemFile(args[2], args[3]);
var origin = args[4];

var builder = WebApplication.CreateBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddConsole();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, h1, o => o.Protocols = HttpProtocols.Http1);
    kestrel.Listen(IPAddress.Loopback, h2, o =>
    {
        o.Protocols = HttpProtocols.Http2;
        o.UseHttps(certificate);
    });
});
var routes = new[] { new RouteConfig { RouteId = "r1", ClusterId = "c1", Match = new RouteMatch { Path = "/{**catch-all}" } } };
var clusters = new[]
{
    new ClusterConfig
    {
        ClusterId = "c1",
        Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = origin } },
        HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
    },
};
builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
var app = builder.Build();
app.MapReverseProxy();
app.Run();
