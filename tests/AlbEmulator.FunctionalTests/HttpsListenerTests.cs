using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>HTTPS listeners (LST-10, LST-11, LST-31): SNI certificate selection, the generated certificate, HTTP/2 by ALPN.</summary>
public sealed class HttpsListenerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alb-func-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string Config(TestBackend backend, int port, string certificates, string attributes = "") => $$"""
        {
          "LoadBalancer": { "LoadBalancerAttributes": [ {{attributes}} ] },
          "Listeners": [
            { "Port": {{port}}, "Protocol": "HTTPS", "Certificates": [ {{certificates}} ], "DefaultActions": [ {{TestConfig.Forward(backend.Name)}} ] },
            { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward(backend.Name)}} ] }
          ],
          "TargetGroups": [ {{TestConfig.TargetGroup(backend.Name, backend)}} ]
        }
        """;

    private static string Certificate((string CertificateFile, string KeyFile, X509Certificate2 _) pem) =>
        $$"""{ "CertificateFile": {{JsonSerializer.Serialize(pem.CertificateFile)}}, "PrivateKeyFile": {{JsonSerializer.Serialize(pem.KeyFile)}} }""";

    private static async Task<(X509Certificate2 Certificate, EchoedRequest Echo, AccessLogLine Log)> GetAsync(AlbTestEnvironment env, int port, string? sni)
    {
        X509Certificate2? presented = null;
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    presented = new X509Certificate2(certificate!);
                    return true;
                },
            },
        };
        if (sni is not null)
        {
            handler.SslOptions.TargetHost = sni;
        }

        using var client = new HttpClient(handler) { BaseAddress = env.Listener(port) };
        var (echo, log) = await Exchange.GetAsync(env, client, "/tls", r => r.Headers.Host = sni ?? "no-sni.test");
        Assert.NotNull(presented);
        return (presented, echo, log);
    }

    [Fact]
    public async Task Sni_TwoCertificates_ChosenByServerNameElseDefault()
    {
        var certA = TestCertificates.WritePem(_directory, "a.test");
        var certB = TestCertificates.WritePem(_directory, "b.test", rsa: true);
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, 8443, Certificate(certA) + ", " + Certificate(certB)));

        var a = await GetAsync(env, 8443, "a.test");
        var b = await GetAsync(env, 8443, "b.test");
        var unknown = await GetAsync(env, 8443, "unknown.test");
        var none = await GetAsync(env, 8443, null);

        Assert.Equal(certA.Certificate.Thumbprint, a.Certificate.Thumbprint);
        Assert.Equal(certB.Certificate.Thumbprint, b.Certificate.Thumbprint);
        Assert.Equal(certA.Certificate.Thumbprint, unknown.Certificate.Thumbprint);
        Assert.Equal(certA.Certificate.Thumbprint, none.Certificate.Thumbprint);

        Assert.Equal("a.test", a.Log.DomainName);
        Assert.Equal("b.test", b.Log.DomainName);
        Assert.Equal("-", unknown.Log.DomainName);
        Assert.Equal("-", none.Log.DomainName);
        Assert.Matches("^arn:aws:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$", a.Log.ChosenCertArn);
        Assert.Matches("^arn:aws:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$", b.Log.ChosenCertArn);
        Assert.NotEqual(a.Log.ChosenCertArn, b.Log.ChosenCertArn);
        Assert.Equal(a.Log.ChosenCertArn, unknown.Log.ChosenCertArn);
        Assert.Equal(a.Log.ChosenCertArn, none.Log.ChosenCertArn);

        foreach (var log in new[] { a.Log, b.Log, unknown.Log, none.Log })
        {
            Assert.Equal("https", log.Type);
            Assert.Equal("HTTP/1.1", log.RequestProto);
            Assert.Matches("^TLSv1\\.[23]$", log.SslProtocol);
            Assert.Matches("^[A-Z0-9_-]+$", log.SslCipher);
            Assert.NotEqual("-", log.SslCipher);
        }

        Assert.Equal("https", a.Echo.Header("X-Forwarded-Proto"));
        Assert.Equal("8443", a.Echo.Header("X-Forwarded-Port"));
        Assert.Equal("a.test:8443", a.Echo.Header("Host"));
        Assert.Equal("https://a.test:8443/tls", a.Log.RequestUrl);
    }

    [Fact]
    public async Task Rules_Http2Client_HostFromAuthorityAndRedirectKeepsHttps()
    {
        var cert = TestCertificates.WritePem(_directory, "a.test");
        await using var backend = await TestBackend.StartAsync("t");
        var config = $$"""
            {
              "Listeners": [ {
                "Port": 8443, "Protocol": "HTTPS", "Certificates": [ {{Certificate(cert)}} ],
                "DefaultActions": [ {{TestConfig.Forward("t")}} ],
                "Rules": [ {
                  "Priority": 9,
                  "Conditions": [ { "Field": "host-header", "HostHeaderConfig": { "Values": [ "*.old.test" ] } } ],
                  "Actions": [ { "Type": "redirect", "RedirectConfig": { "Host": "new.test", "Path": "/moved/#{path}", "StatusCode": "HTTP_301" } } ]
                } ]
              } ],
              "TargetGroups": [ {{TestConfig.TargetGroup("t", backend)}} ]
            }
            """;
        await using var env = await AlbTestEnvironment.StartAsync(config);
        using var client = env.CreateClient(8443, System.Net.HttpVersion.Version20);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/p?q=1") { Version = System.Net.HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Host = "WWW.Old.Test";
        using var response = await client.SendAsync(request);
        var (echo, _) = await Exchange.GetAsync(env, client, "/p", r => r.Headers.Host = "www.other.test");

        Assert.Equal(System.Net.HttpVersion.Version20, response.Version);
        Assert.Equal(301, (int)response.StatusCode);
        Assert.Equal("https://new.test:8443/moved/p?q=1", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Connection"));
        Assert.Equal(134, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("t", echo.Backend);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/p?q=1", StringComparison.Ordinal)));
        Assert.Equal("h2", log.Type);
        Assert.Equal("9", log.MatchedRulePriority);
        Assert.Equal("redirect", log.ActionsExecuted);
        Assert.Equal("https://new.test:8443/moved/p?q=1", log.RedirectUrl);
    }

    [Fact]
    public async Task SelfSigned_NoCertificates_GeneratedCertificateServesHandshake()
    {
        await using var backend = await TestBackend.StartAsync("t");
        var announced = new List<string>();
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, 18443, ""), configure: o => o.Announce = line =>
        {
            lock (announced)
            {
                announced.Add(line);
            }
        });

        var (certificate, echo, log) = await GetAsync(env, 18443, "localhost");

        Assert.Equal("t", echo.Backend);
        Assert.Equal("CN=alb-emulator.local", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal("https", log.Type);
        var message = Assert.Single(announced);
        Assert.Contains("18443", message, StringComparison.Ordinal);
        Assert.Contains(".pem", message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task GeneratedCertificate_CurlTrustsItForHostHeaderAndExtraNames_FilesPrivate()
    {
        await using var backend = await TestBackend.StartAsync("t");
        var certDirectory = Path.Combine(_directory, "certs");
        var announced = new List<string>();
        var config = $$"""
            {
              "Listeners": [
                { "Port": 18444, "Protocol": "HTTPS", "GeneratedCertificateNames": [ "alb" ],
                  "Rules": [ { "Priority": 1, "Conditions": [ { "Field": "host-header", "HostHeaderConfig": { "Values": [ "api.example.test" ] } } ],
                               "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "MessageBody": "api" } } ] } ],
                  "DefaultActions": [ {{TestConfig.Forward(backend.Name)}} ] } ],
              "TargetGroups": [ {{TestConfig.TargetGroup(backend.Name, backend)}} ]
            }
            """;
        await using var env = await AlbTestEnvironment.StartAsync(config, configure: o =>
        {
            o.GeneratedCertificates = new AlbEmulator.Listeners.GeneratedCertificateOptions { Directory = certDirectory, ExtraNames = ["alb.compose.internal"] };
            o.Announce = line =>
            {
                lock (announced)
                {
                    announced.Add(line);
                }
            };
        });
        var port = env.Listener(18444).Port;
        var pem = Path.Combine(certDirectory, "listener-18444.pem");

        async Task<string> CurlAsync(string host)
        {
            var (exit, stdout, stderr) = await ExternalProcess.RunAsync(
                "curl",
                ["-sS", "--cacert", pem, "--resolve", $"{host}:{port}:127.0.0.1", $"https://{host}:{port}/"],
                _directory,
                TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, $"curl https://{host}: exit {exit}: {stderr}");
            return stdout;
        }

        Assert.Equal("api", await CurlAsync("api.example.test"));
        Assert.Equal("t", EchoedRequest.Parse(await CurlAsync("alb")).Backend);
        Assert.Equal("t", EchoedRequest.Parse(await CurlAsync("alb.compose.internal")).Backend);
        var (unknownExit, _, unknownError) = await ExternalProcess.RunAsync(
            "curl", ["-sS", "--cacert", pem, "--resolve", $"other.test:{port}:127.0.0.1", $"https://other.test:{port}/"], _directory, TimeSpan.FromSeconds(30));
        Assert.Equal(60, unknownExit); // CURLE_PEER_FAILED_VERIFICATION: the name is not in the certificate.
        Assert.Contains("other.test", unknownError, StringComparison.Ordinal);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(certDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(certDirectory, "listener-18444-key.pem")));
        var line = Assert.Single(announced);
        Assert.Contains("api.example.test, alb, alb.compose.internal; trust it with --cacert " + pem, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http2_CurlOverTls_NegotiatesH2AndLogsH2()
    {
        var cert = TestCertificates.WritePem(_directory, "a.test");
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, 8443, Certificate(cert)));
        var url = new Uri(env.Listener(8443), "/curl-h2");

        var version = await ExternalProcess.CurlHttpVersionAsync("--http2", url.ToString());

        Assert.Equal("2", version);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/curl-h2", StringComparison.Ordinal)));
        Assert.Equal("h2", log.Type);
        Assert.Equal("HTTP/2.0", log.RequestProto);
        Assert.Equal("200", log.ElbStatusCode);
        Assert.Equal(1, backend.RequestCount);
    }

    [Fact]
    public async Task Http2_DisabledByAttribute_CurlGetsHttp11()
    {
        var cert = TestCertificates.WritePem(_directory, "a.test");
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, 8443, Certificate(cert), TestConfig.Attributes(("routing.http2.enabled", "false"))));
        var url = new Uri(env.Listener(8443), "/curl-h1");

        var version = await ExternalProcess.CurlHttpVersionAsync("--http2", url.ToString());

        Assert.Equal("1.1", version);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/curl-h1", StringComparison.Ordinal)));
        Assert.Equal("https", log.Type);
        Assert.Equal("HTTP/1.1", log.RequestProto);
    }

    [Fact]
    public async Task Http2_PriorKnowledgeOnHttpListener_NotServedAsHttp2()
    {
        var cert = TestCertificates.WritePem(_directory, "a.test");
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, 8443, Certificate(cert)));

        var version = await ExternalProcess.CurlHttpVersionAsync("--http2-prior-knowledge", new Uri(env.Listener(8080), "/h2c").ToString());

        Assert.NotEqual("2", version);
        Assert.Equal(0, backend.RequestCount);
    }
}
