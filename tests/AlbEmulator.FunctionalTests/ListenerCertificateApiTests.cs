using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Certificates given to HTTPS listeners through the ELBv2 API are served for SNI at once (LST-10, LST-11): the
/// config's top-level <c>Certificates</c> map [ext] gives each ACM ARN its local PEM files. Checked with real TLS
/// handshakes (SslStream with a TargetHost, <c>openssl s_client -servername</c>, <c>curl --resolve</c>).
/// </summary>
public sealed class ListenerCertificateApiTests : IAsyncLifetime
{
    private const string ArnB = "arn:aws:acm:us-east-1:123456789012:certificate/bbbbbbbb-0000-4000-8000-000000000001";
    private const string ArnC = "arn:aws:acm:us-east-1:123456789012:certificate/cccccccc-0000-4000-8000-000000000002";
    private const string ArnBroken = "arn:aws:acm:us-east-1:123456789012:certificate/dddddddd-0000-4000-8000-000000000003";
    private const string ArnUnmapped = "arn:aws:acm:us-east-1:123456789012:certificate/eeeeeeee-0000-4000-8000-000000000004";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alb-sni-api-" + Guid.NewGuid().ToString("N"));
    private (string CertificateFile, string KeyFile, X509Certificate2 Certificate) _a;
    private (string CertificateFile, string KeyFile, X509Certificate2 Certificate) _b;
    private (string CertificateFile, string KeyFile, X509Certificate2 Certificate) _c;
    private ApiScenario _scenario = null!;
    private AlbTestEnvironment _env = null!;
    private ElbApi _api = null!;

    public async Task InitializeAsync()
    {
        _a = TestCertificates.WritePem(_directory, "a.test");
        _b = TestCertificates.WritePem(_directory, "b.test");
        _c = TestCertificates.WritePem(_directory, "c.test", rsa: true);
        File.WriteAllText(Path.Combine(_directory, "broken.pem"), "not a certificate");
        _scenario = await ApiScenario.StartAsync(_directory, backend => $$"""
            {
              "LoadBalancer": { "Name": "sni-api" },
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS",
                "Certificates": [ { "CertificateFile": "a.test.pem", "PrivateKeyFile": "a.test-key.pem" } ],
                "DefaultActions": [ {{TestConfig.Forward("web")}} ] } ],
              "TargetGroups": [ {{TestConfig.TargetGroup("web", backend)}} ],
              "Certificates": {
                "{{ArnB}}": { "CertificateFile": "b.test.pem", "PrivateKeyFile": "b.test-key.pem" },
                "{{ArnC}}": { "CertificateFile": "c.test.pem", "PrivateKeyFile": "c.test-key.pem" },
                "{{ArnBroken}}": { "CertificateFile": "broken.pem", "PrivateKeyFile": "b.test-key.pem" }
              }
            }
            """);
        (_env, _api) = (_scenario.Env, _scenario.Api);
    }

    public Task DisposeAsync() => _scenario.DisposeAsync().AsTask();

    [Fact]
    public async Task Added_certificate_is_served_for_its_name_at_once_and_gone_once_removed()
    {
        var listener = _env.Server.Runtime.Current.Listeners[0].Arn;
        Assert.Equal(_a.Certificate.Thumbprint, await PresentedAsync(8443, "b.test"));

        await _api.CallAsync("AddListenerCertificates", ("ListenerArn", listener), ("Certificates.member.1.CertificateArn", ArnB));

        // Right after the call: b for its name (SslStream, openssl, curl), the default for any other name or none.
        Assert.Equal(_b.Certificate.Thumbprint, await PresentedAsync(8443, "b.test"));
        Assert.Equal(_a.Certificate.Thumbprint, await PresentedAsync(8443, "other.test"));
        Assert.Equal(_a.Certificate.Thumbprint, await PresentedAsync(8443, null));
        Assert.Contains("CN = b.test", await OpenSslSubjectAsync(8443, "b.test"), StringComparison.Ordinal);
        Assert.Contains("CN = a.test", await OpenSslSubjectAsync(8443, "x.test"), StringComparison.Ordinal);
        Assert.Equal("200", await CurlAsync(8443, "b.test", _b.CertificateFile));

        // The access log names the chosen certificate and the SNI name.
        var line = AccessLogLine.Parse(await _env.WaitForAccessLogAsync(l => l.Contains("\"b.test\"", StringComparison.Ordinal)));
        Assert.Equal(ArnB, line.ChosenCertArn);

        var described = await _api.CallAsync("DescribeListenerCertificates", ("ListenerArn", listener));
        Assert.Equal(
            [("false", ArnB), ("true", _env.Server.Runtime.Current.LoadBalancers[0].Identifiers.CertificateArn("a.test.pem"))],
            described.Descendants(ElbApi.Ns + "member").Select(m => (m.Element(ElbApi.Ns + "IsDefault")!.Value, m.Element(ElbApi.Ns + "CertificateArn")!.Value)).Order());

        await _api.CallAsync("RemoveListenerCertificates", ("ListenerArn", listener), ("Certificates.member.1.CertificateArn", ArnB));
        Assert.Equal(_a.Certificate.Thumbprint, await PresentedAsync(8443, "b.test"));
        Assert.Contains("CN = a.test", await OpenSslSubjectAsync(8443, "b.test"), StringComparison.Ordinal);
        Assert.Single((await _api.CallAsync("DescribeListenerCertificates", ("ListenerArn", listener))).Descendants(ElbApi.Ns + "member"));
    }

    [Fact]
    public async Task Listener_created_and_modified_through_the_API_serves_its_certificate()
    {
        var lb = _env.Server.Runtime.Current.LoadBalancers[0].Identifiers.LoadBalancerArn;
        var tg = _env.Server.Runtime.Current.TargetGroups["web"].Arn;
        var listener = await _api.ValueAsync("CreateListener", "ListenerArn", ("LoadBalancerArn", lb), ("Protocol", "HTTPS"), ("Port", "9443"),
            ("Certificates.member.1.CertificateArn", ArnC),
            ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", tg));

        Assert.Equal(_c.Certificate.Thumbprint, await PresentedAsync(9443, "c.test"));
        Assert.Equal(_c.Certificate.Thumbprint, await PresentedAsync(9443, null));
        Assert.Equal("200", await CurlAsync(9443, "c.test", _c.CertificateFile));

        // An added certificate, then a new default: the added one stays, the default changes without a re-bind.
        await _api.CallAsync("AddListenerCertificates", ("ListenerArn", listener), ("Certificates.member.1.CertificateArn", ArnB));
        Assert.Equal(_b.Certificate.Thumbprint, await PresentedAsync(9443, "b.test"));
        await _api.CallAsync("ModifyListener", ("ListenerArn", listener), ("Certificates.member.1.CertificateArn", ArnB));
        Assert.Equal(_b.Certificate.Thumbprint, await PresentedAsync(9443, null));
        Assert.Equal(_b.Certificate.Thumbprint, await PresentedAsync(9443, "c.test"));

        // A certificate whose local files cannot be used is refused as AWS refuses one it cannot use; an ARN
        // without local files is accepted and described (nothing to serve: the default answers its name).
        Assert.Equal("CertificateNotFound", await _api.ErrorAsync("AddListenerCertificates", ("ListenerArn", listener), ("Certificates.member.1.CertificateArn", ArnBroken)));
        await _api.CallAsync("AddListenerCertificates", ("ListenerArn", listener), ("Certificates.member.1.CertificateArn", ArnUnmapped));
        // The default replaced C; B, the default and still in the certificate list, is listed twice as AWS lists it.
        Assert.Equal([(ArnB, "true"), (ArnB, "false"), (ArnUnmapped, "false")], await DescribedAsync(listener));
        Assert.Equal(_b.Certificate.Thumbprint, await PresentedAsync(9443, "e.test"));

        // Removing B removes it from the certificate list only; it stays the default.
        await _api.CallAsync("RemoveListenerCertificates", ("ListenerArn", listener), ("Certificates.member.1.CertificateArn", ArnB));
        Assert.Equal([(ArnB, "true"), (ArnUnmapped, "false")], await DescribedAsync(listener));
        Assert.Equal(_b.Certificate.Thumbprint, await PresentedAsync(9443, "b.test"));
        Assert.Equal("OperationNotPermitted", await _api.ErrorAsync("RemoveListenerCertificates", ("ListenerArn", listener), ("Certificates.member.1.CertificateArn", ArnB)));

        // A default changed to an ARN without local files is stood in for by the generated certificate, as at start-up
        // (it no longer serves the old default, B); the access log names the new default's ARN.
        await _api.CallAsync("ModifyListener", ("ListenerArn", listener), ("Certificates.member.1.CertificateArn", ArnUnmapped));
        using var generated = await PresentedCertificateAsync(9443, null);
        Assert.True(generated.MatchesHostname("localhost"), generated.Subject);
        Assert.NotEqual(_b.Certificate.Thumbprint, generated.Thumbprint);
        Assert.Equal([(ArnUnmapped, "true"), (ArnUnmapped, "false")], await DescribedAsync(listener));
    }

    [Fact]
    public async Task SslPolicy_of_a_start_up_listener_changes_at_the_next_handshake()
    {
        var listener = _env.Server.Runtime.Current.Listeners[0].Arn;
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, await NegotiatedAsync(8443, System.Security.Authentication.SslProtocols.Tls12));

        // TLS 1.3 only: the port stays bound, and the next handshake follows the new policy.
        await _api.CallAsync("ModifyListener", ("ListenerArn", listener), ("SslPolicy", "ELBSecurityPolicy-TLS13-1-3-2021-06"));
        await Assert.ThrowsAnyAsync<Exception>(() => NegotiatedAsync(8443, System.Security.Authentication.SslProtocols.Tls12));
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, await NegotiatedAsync(8443, System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13));

        await _api.CallAsync("ModifyListener", ("ListenerArn", listener), ("SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06"));
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, await NegotiatedAsync(8443, System.Security.Authentication.SslProtocols.Tls12));
    }

    private async Task<(string Arn, string IsDefault)[]> DescribedAsync(string listener) =>
        (await _api.CallAsync("DescribeListenerCertificates", ("ListenerArn", listener))).Descendants(ElbApi.Ns + "member")
            .Select(m => (m.Element(ElbApi.Ns + "CertificateArn")!.Value, m.Element(ElbApi.Ns + "IsDefault")!.Value)).ToArray();

    /// <summary>The TLS version a handshake offering only <paramref name="offered"/> negotiates (throws when the listener refuses them).</summary>
    private async Task<System.Security.Authentication.SslProtocols> NegotiatedAsync(int port, System.Security.Authentication.SslProtocols offered)
    {
        var endpoint = _env.Listener(port);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint.Host, endpoint.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "a.test",
            EnabledSslProtocols = offered,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        return tls.SslProtocol;
    }

    /// <summary>The thumbprint of the certificate the listener presents in a handshake with this SNI name (none when null).</summary>
    private async Task<string> PresentedAsync(int port, string? serverName)
    {
        using var certificate = await PresentedCertificateAsync(port, serverName);
        return certificate.Thumbprint;
    }

    /// <summary>The certificate the listener presents in a handshake with this SNI name (none when null).</summary>
    private async Task<X509Certificate2> PresentedCertificateAsync(int port, string? serverName)
    {
        var endpoint = _env.Listener(port);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint.Host, endpoint.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            // An IP address as TargetHost sends no SNI.
            TargetHost = serverName ?? "127.0.0.1",
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
    }

    /// <summary>The subject line <c>openssl s_client -servername</c> prints for the presented certificate.</summary>
    private async Task<string> OpenSslSubjectAsync(int port, string serverName)
    {
        var endpoint = _env.Listener(port);
        var (_, stdout, stderr) = await ExternalProcess.RunAsync("bash", ["-c",
            $"openssl s_client -connect 127.0.0.1:{endpoint.Port} -servername {serverName} </dev/null 2>/dev/null | openssl x509 -noout -subject"]);
        Assert.False(string.IsNullOrWhiteSpace(stdout), stderr);
        return stdout;
    }

    /// <summary>curl to the name (resolved to the listener) trusting only <paramref name="caFile"/>: the status code.</summary>
    private async Task<string> CurlAsync(int port, string serverName, string caFile)
    {
        var endpoint = _env.Listener(port);
        var (_, stdout, stderr) = await ExternalProcess.RunAsync("curl", ["-s", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code}",
            "--cacert", caFile, "--resolve", $"{serverName}:{endpoint.Port}:127.0.0.1", $"https://{serverName}:{endpoint.Port}/"]);
        Assert.True(stdout.Trim() == "200", $"curl: {stdout} {stderr}");
        return stdout.Trim();
    }
}
