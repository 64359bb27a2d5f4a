using System.Net;
using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Inline transport scheduling (Listeners/TransportScheduling): with <c>--transport-scheduling inline</c> the host's HTTP
/// listeners process requests inline, its HTTPS listeners and the admin endpoint keep Kestrel's defaults, and the default
/// (the host's and the fixture's) leaves every listener on Kestrel's defaults. Requests are served either way.
/// </summary>
public sealed class TransportSchedulingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alb-func-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task<AlbTestEnvironment> StartAsync(TestBackend backend, bool inline)
    {
        Directory.CreateDirectory(_directory);
        var pem = TestCertificates.WritePem(_directory, "localhost");
        return await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [
                { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward(backend.Name)}} ] },
                { "Port": 8443, "Protocol": "HTTPS", "Certificates": [ { "CertificateFile": {{JsonSerializer.Serialize(pem.CertificateFile)}}, "PrivateKeyFile": {{JsonSerializer.Serialize(pem.KeyFile)}} } ],
                  "DefaultActions": [ {{TestConfig.Forward(backend.Name)}} ] }
              ],
              "TargetGroups": [ {{TestConfig.TargetGroup(backend.Name, backend)}} ]
            }
            """, configure: o => o.InlineHttpScheduling = inline);
    }

    private static IPEndPoint Bound(Uri uri) => new(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);

    private static async Task AssertServedAsync(AlbTestEnvironment env)
    {
        using var http = env.CreateClient(8080);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/plain")).StatusCode);
        using var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var https = new HttpClient(handler) { BaseAddress = env.Listener(8443) };
        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync("/tls")).StatusCode);
    }

    /// <summary>inline: <c>--transport-scheduling inline</c>; not: the default (the host's and the fixture's).</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HttpListenerInlineOnlyWithTheHostsSetting_HttpsAndAdminNever_RequestsServed(bool inline)
    {
        await using var backend = await TestBackend.StartAsync("a");
        await using var env = await StartAsync(backend, inline);

        Assert.Equal(inline, env.Server.Transport.IsBoundInline(Bound(env.Listener(8080))));
        Assert.False(env.Server.Transport.IsBoundInline(Bound(env.Listener(8443))));
        Assert.False(env.Server.Transport.IsBoundInline(Bound(env.Server.AdminUri!)));
        await AssertServedAsync(env);
    }
}
