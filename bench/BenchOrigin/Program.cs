using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Kestrel origin for bench/run.sh: BenchOrigin <h2c-port> <h2-tls-port> <cert.pem> <key.pem>
// Answers every GET with the 13-byte "Hello, World!" (Content-Length set, no Server header).
var h2c = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var h2 = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var certificate = X509Certificate2.CreateFromPemFile(args[2], args[3]);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, h2c, o => o.Protocols = HttpProtocols.Http2);
    kestrel.Listen(IPAddress.Loopback, h2, o =>
    {
        o.Protocols = HttpProtocols.Http2;
        o.UseHttps(certificate);
    });
});
var app = builder.Build();
var payload = "Hello, World!"u8.ToArray();
app.MapGet("/{**path}", (HttpContext context) =>
{
    context.Response.ContentType = "text/plain";
    context.Response.ContentLength = payload.Length;
    return context.Response.Body.WriteAsync(payload, 0, payload.Length);
});
app.Run();
