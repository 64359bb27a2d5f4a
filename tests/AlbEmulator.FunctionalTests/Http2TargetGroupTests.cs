using System.Net;
using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>Target-group protocol versions (TG-10, TG-11, TG-20) and HTTPS targets without certificate validation (LST-23).</summary>
public sealed class Http2TargetGroupTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alb-func-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string Config(string targetGroup, string name)
    {
        var cert = TestCertificates.WritePem(_directory, "alb.test");
        return $$"""
            {
              "Listeners": [ {
                "Port": 8443, "Protocol": "HTTPS",
                "Certificates": [ { "CertificateFile": {{JsonSerializer.Serialize(cert.CertificateFile)}}, "PrivateKeyFile": {{JsonSerializer.Serialize(cert.KeyFile)}} } ],
                "DefaultActions": [ {{TestConfig.Forward(name)}} ]
              } ],
              "TargetGroups": [ {{targetGroup}} ]
            }
            """;
    }

    [Fact]
    public async Task Http2Group_Http2Client_TargetSeesHttp2()
    {
        await using var backend = await TestBackend.StartAsync("h2", http2Only: true);
        await using var env = await AlbTestEnvironment.StartAsync(Config(TestConfig.TargetGroup("h2", backend, protocolVersion: "HTTP2"), "h2"));
        using var client = env.CreateClient(8443, HttpVersion.Version20);

        var (echo, log) = await Exchange.GetAsync(env, client, "/grpc-less?x=1");

        Assert.Equal("HTTP/2", echo.Protocol);
        Assert.Equal("/grpc-less?x=1", echo.RawTarget);
        Assert.Equal("https", echo.Header("X-Forwarded-Proto"));
        Assert.Equal("h2", log.Type);
        Assert.Equal("HTTP/2.0", log.RequestProto);
        Assert.Equal("200", log.TargetStatusCode);
    }

    [Fact]
    public async Task Http1Group_Http2Client_DowngradedToHttp11()
    {
        await using var backend = await TestBackend.StartAsync("h1");
        await using var env = await AlbTestEnvironment.StartAsync(Config(TestConfig.TargetGroup("h1", backend), "h1"));
        using var client = env.CreateClient(8443, HttpVersion.Version20);

        var (echo, log) = await Exchange.GetAsync(env, client, "/down", r => r.Headers.Host = "Site.Example.com");

        Assert.Equal("HTTP/1.1", echo.Protocol);
        Assert.Equal("site.example.com:8443", echo.Header("Host"));
        Assert.Equal("h2", log.Type);
        Assert.Equal("HTTP/2.0", log.RequestProto);
    }

    [Fact]
    public async Task HttpsGroup_SelfSignedTarget_ForwardedWithoutValidation()
    {
        await using var backend = await TestBackend.StartAsync("tls", https: true);
        await using var env = await AlbTestEnvironment.StartAsync(Config(TestConfig.TargetGroup("tls", backend, protocol: "HTTPS"), "tls"));
        using var client = env.CreateClient(8443, HttpVersion.Version11);

        var (echo, log) = await Exchange.GetAsync(env, client, "/secure");

        Assert.Equal("tls", echo.Backend);
        Assert.Equal("HTTP/1.1", echo.Protocol);
        Assert.Equal("/secure", echo.RawTarget);
        Assert.Equal("200", log.TargetStatusCode);
        Assert.Equal(backend.Port.ToString(), log.TargetPort);
    }
}
