using System.Collections.Concurrent;
using System.Globalization;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Mutual TLS (LST-40..LST-46, HDR-40) with the real curl and certificates made by openssl: verify and
/// passthrough listeners over HTTP/1.1 and HTTP/2; valid, expired, untrusted, revoked, too deep a
/// chain and no certificate; the target checks every X-Amzn-* header byte for byte and the connection
/// log records <c>Failed:&lt;code&gt;</c>.
/// </summary>
public sealed class MutualTlsTests : IClassFixture<MutualTlsTests.Fixture>
{
    private readonly Fixture _f;

    public MutualTlsTests(Fixture fixture)
    {
        _f = fixture;
    }

    public static TheoryData<string> HttpVersions => new() { "--http1.1", "--http2" };

    [Theory]
    [MemberData(nameof(HttpVersions))]
    public async Task Verify_valid_certificate_reaches_the_target_with_the_five_headers_in_ALB_formats(string httpVersion)
    {
        var (exit, echo, status, version) = await _f.CurlAsync(8443, httpVersion, _f.Valid);

        Assert.True(exit == 0, $"curl exit {exit}");
        Assert.Equal("200", status);
        Assert.Equal(httpVersion == "--http2" ? "2" : "1.1", version);
        var expected = await ExpectedVerifyHeadersAsync(_f.Valid);
        foreach (var (name, value) in expected)
        {
            Assert.Equal([value], echo!.All(name));
        }

        Assert.Empty(echo!.All("X-Amzn-Mtls-Clientcert"));
        Assert.Equal([$"NotBefore={await NotDateAsync(_f.Valid, "-startdate")};NotAfter={await NotDateAsync(_f.Valid, "-enddate")}"], echo.All("X-Amzn-Mtls-Clientcert-Validity"));
        var line = await _f.WaitForConnectionLogAsync(l => l.Contains(" Success ", StringComparison.Ordinal) && l.Contains(expected["X-Amzn-Mtls-Clientcert-Serial-Number"], StringComparison.Ordinal));
        Assert.Contains($"\"{expected["X-Amzn-Mtls-Clientcert-Subject"]}\" {expected["X-Amzn-Mtls-Clientcert-Validity"]} {expected["X-Amzn-Mtls-Clientcert-Serial-Number"]} Success TID_", line);
    }

    [Theory]
    [InlineData("--http1.1", "expired", "ClientCertExpired")]
    [InlineData("--http2", "expired", "ClientCertExpired")]
    [InlineData("--http1.1", "untrusted", "ClientCertUntrusted")]
    [InlineData("--http2", "untrusted", "ClientCertUntrusted")]
    [InlineData("--http1.1", "revoked", "ClientCertCrlHit")]
    [InlineData("--http2", "revoked", "ClientCertCrlHit")]
    [InlineData("--http1.1", "deep", "ClientCertMaxChainDepthExceeded")]
    [InlineData("--http2", "deep", "ClientCertMaxChainDepthExceeded")]
    [InlineData("--http1.1", "none", "ClientCertUntrusted")]
    [InlineData("--http2", "none", "ClientCertUntrusted")]
    public async Task Verify_failure_ends_the_handshake_and_logs_the_reason(string httpVersion, string which, string code)
    {
        var before = _f.Backend.RequestCount;
        var logged = _f.ConnectionLogCount;
        var certificate = which switch
        {
            "expired" => _f.Expired,
            "untrusted" => _f.Untrusted,
            "revoked" => _f.Revoked,
            "deep" => _f.Deep,
            _ => null,
        };

        var (exit, echo, status, _) = await _f.CurlAsync(8443, httpVersion, certificate);

        Assert.NotEqual(0, exit);
        Assert.Equal("000", status);
        Assert.Null(echo);
        Assert.Equal(before, _f.Backend.RequestCount);
        var serial = certificate is null ? null : await OpenSslPki.X509FieldAsync(LeafOf(certificate), "-serial");
        var line = await _f.WaitForConnectionLogAsync(skip: logged, predicate: l => l.Contains($" Failed:{code} ", StringComparison.Ordinal)
            && (serial is null ? l.Contains("\"-\" - - ", StringComparison.Ordinal) : l.Contains($" {serial} ", StringComparison.Ordinal)));
        Assert.Matches(@" 8443 TLSv1\.[23] [^ ]+ - ", line);
    }

    [Theory]
    [MemberData(nameof(HttpVersions))]
    public async Task Passthrough_sends_the_whole_presented_chain_and_verifies_nothing(string httpVersion)
    {
        var (exit, echo, status, _) = await _f.CurlAsync(8444, httpVersion, _f.Chained);
        Assert.True(exit == 0, $"curl exit {exit}");
        Assert.Equal("200", status);
        Assert.Equal([UrlEncodePem(File.ReadAllText(_f.Chained))], echo!.All("X-Amzn-Mtls-Clientcert"));
        Assert.Empty(echo.All("X-Amzn-Mtls-Clientcert-Leaf"));
        Assert.Empty(echo.All("X-Amzn-Mtls-Clientcert-Serial-Number"));

        (exit, echo, status, _) = await _f.CurlAsync(8444, httpVersion, _f.Untrusted);
        Assert.Equal("200", status);
        Assert.Equal([UrlEncodePem(File.ReadAllText(_f.Untrusted))], echo!.All("X-Amzn-Mtls-Clientcert"));

        (exit, echo, status, _) = await _f.CurlAsync(8444, httpVersion, null, ["-H", "X-Amzn-Mtls-Clientcert: forged"]);
        Assert.Equal("200", status);
        Assert.Empty(echo!.All("X-Amzn-Mtls-Clientcert"));
    }

    [Fact]
    public async Task Ignore_expiry_accepts_an_expired_certificate_and_renamed_headers_carry_the_values()
    {
        var (exit, echo, status, _) = await _f.CurlAsync(8445, "--http1.1", _f.Expired);

        Assert.True(exit == 0, $"curl exit {exit}");
        Assert.Equal("200", status);
        var expected = await ExpectedVerifyHeadersAsync(_f.Expired);
        Assert.Equal([expected["X-Amzn-Mtls-Clientcert-Serial-Number"]], echo!.All("X-Client-Serial"));
        Assert.Empty(echo.All("X-Amzn-Mtls-Clientcert-Serial-Number"));
        Assert.Equal([expected["X-Amzn-Mtls-Clientcert-Subject"]], echo.All("X-Amzn-Mtls-Clientcert-Subject"));
    }

    [Theory]
    [MemberData(nameof(HttpVersions))]
    public async Task Tls_version_and_cipher_headers_name_what_curl_negotiated(string httpVersion)
    {
        var (exit, echo, _, _, stderr) = await _f.CurlVerboseAsync(8444, httpVersion, null);

        Assert.Equal(0, exit);
        var match = System.Text.RegularExpressions.Regex.Match(stderr, @"SSL connection using (TLSv1\.[23]) / (\S+)");
        Assert.True(match.Success, stderr);
        Assert.Equal([match.Groups[1].Value], echo!.All("X-Tls-Version"));
        Assert.Equal([match.Groups[2].Value], echo.All("X-Amzn-Tls-Cipher-Suite"));
        Assert.Empty(echo.All("X-Amzn-Tls-Version"));
    }

    [Fact]
    public async Task Lambda_targets_get_the_TLS_and_verify_headers_in_the_event()
    {
        var status = await _f.StatusOnlyAsync(8446, _f.Valid, ["-H", "X-Amzn-Mtls-Clientcert-Subject: forged"]);

        Assert.Equal("200", status);
        var invocation = await _f.Function.WaitForInvocationAsync();
        var headers = invocation.Event.GetProperty("headers");
        var expected = await ExpectedVerifyHeadersAsync(_f.Valid);
        foreach (var (name, value) in expected)
        {
            Assert.Equal(value, headers.GetProperty(name.ToLowerInvariant()).GetString());
        }

        Assert.Matches("^TLSv1\\.[23]$", headers.GetProperty("x-amzn-tls-version").GetString());
        Assert.False(string.IsNullOrEmpty(headers.GetProperty("x-amzn-tls-cipher-suite").GetString()));
        Assert.False(headers.TryGetProperty("x-amzn-mtls-clientcert", out _));
    }

    private static string LeafOf(string certificate) => certificate.Replace("-chain.pem", ".pem", StringComparison.Ordinal);

    /// <summary>The verify-mode headers as ALB documents them, computed from openssl's own output.</summary>
    private static async Task<Dictionary<string, string>> ExpectedVerifyHeadersAsync(string certificate)
    {
        var leaf = LeafOf(certificate);
        return new Dictionary<string, string>
        {
            ["X-Amzn-Mtls-Clientcert-Serial-Number"] = await OpenSslPki.X509FieldAsync(leaf, "-serial"),
            ["X-Amzn-Mtls-Clientcert-Issuer"] = await OpenSslPki.X509FieldAsync(leaf, "-issuer", "-nameopt", "RFC2253"),
            ["X-Amzn-Mtls-Clientcert-Subject"] = await OpenSslPki.X509FieldAsync(leaf, "-subject", "-nameopt", "RFC2253"),
            ["X-Amzn-Mtls-Clientcert-Validity"] = $"NotBefore={await NotDateAsync(leaf, "-startdate")};NotAfter={await NotDateAsync(leaf, "-enddate")}",
            ["X-Amzn-Mtls-Clientcert-Leaf"] = UrlEncodePem(File.ReadAllText(leaf)),
        };
    }

    /// <summary><c>notBefore=Dec  6 01:00:00 2026 GMT</c> → <c>2026-12-06T01:00:00Z</c>.</summary>
    private static async Task<string> NotDateAsync(string certificate, string option)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(await OpenSslPki.X509FieldAsync(certificate, option), " +", " ");
        var date = DateTime.ParseExact(text, "MMM d HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Python's <c>quote(pem, safe="+=/")</c>, written independently of the emulator's encoder.</summary>
    private static string UrlEncodePem(string pem) =>
        Uri.EscapeDataString(pem).Replace("%2B", "+", StringComparison.Ordinal).Replace("%3D", "=", StringComparison.Ordinal).Replace("%2F", "/", StringComparison.Ordinal);

    /// <summary>One PKI, one backend and one emulator with verify (8443), passthrough (8444) and verify ignoring expiry (8445) listeners.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly ConcurrentQueue<string> _connectionLog = new();
        private readonly OpenSslPki _pki = OpenSslPki.Create();
        private AlbTestEnvironment? _env;

        public TestBackend Backend { get; private set; } = null!;

        /// <summary>The Lambda function behind the verify listener on 8446.</summary>
        public LambdaTestFunction Function { get; private set; } = null!;

        public string Valid { get; private set; } = "";

        public string Expired { get; private set; } = "";

        public string Untrusted { get; private set; } = "";

        public string Revoked { get; private set; } = "";

        /// <summary>Leaf + 4 intermediates (5 certificates above the leaf with the root).</summary>
        public string Deep { get; private set; } = "";

        /// <summary>Leaf + 1 intermediate.</summary>
        public string Chained { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var root = await _pki.RootAsync("root", "/C=US/ST=Washington/L=Seattle/O=mTLS/OU=rootCA/CN=rootcamtls.com");
            var other = await _pki.RootAsync("other", "/O=Elsewhere/CN=other-ca");
            Valid = await _pki.ClientAsync(root, "valid", "/C=US/ST=Washington/O=mTLS/OU=client-3/CN=client_.com");
            Expired = await _pki.ClientAsync(root, "expired", "/O=mTLS/CN=expired.client", "20200101000000Z", "20210101000000Z");
            Untrusted = await _pki.ClientAsync(other, "untrusted", "/O=Elsewhere/CN=untrusted.client");
            Revoked = await _pki.ClientAsync(root, "revoked", "/O=mTLS/CN=revoked.client");
            await _pki.RevokeAsync(root, Revoked);
            var issuer = root;
            var chain = new List<string>();
            for (var i = 1; i <= 4; i++)
            {
                issuer = await _pki.IntermediateAsync(issuer, $"int{i}", $"/O=mTLS/CN=intermediate-{i}");
                chain.Insert(0, issuer.Certificate);
            }

            var deepLeaf = await _pki.ClientAsync(issuer, "deep", "/O=mTLS/CN=deep.client");
            Deep = _pki.Concatenate("deep-chain.pem", [deepLeaf, .. chain]);
            var middle = await _pki.IntermediateAsync(root, "middle", "/O=mTLS/CN=middle-ca");
            var chainedLeaf = await _pki.ClientAsync(middle, "chained", "/O=mTLS/CN=chained.client");
            Chained = _pki.Concatenate("chained-chain.pem", chainedLeaf, middle.Certificate);

            Backend = await TestBackend.StartAsync("web");
            Function = await LambdaTestFunction.StartAsync();
            var forward = TestConfig.Forward("web");
            _env = await AlbTestEnvironment.StartAsync($$"""
                {
                  "LoadBalancer": { "Name": "mtls", "LoadBalancerAttributes": [
                    { "Key": "connection_logs.s3.enabled", "Value": "true" },
                    { "Key": "connection_logs.s3.bucket", "Value": "conn" },
                    { "Key": "routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "Value": "true" } ] },
                  "Listeners": [
                    { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ {{forward}} ],
                      "MutualAuthentication": { "Mode": "verify", "TrustStoreName": "clients", "AdvertiseTrustStoreCaNames": "on" } },
                    { "Port": 8444, "Protocol": "HTTPS", "DefaultActions": [ {{forward}} ],
                      "MutualAuthentication": { "Mode": "passthrough" },
                      "ListenerAttributes": [ { "Key": "routing.http.request.x_amzn_tls_version.header_name", "Value": "X-Tls-Version" } ] },
                    { "Port": 8445, "Protocol": "HTTPS", "DefaultActions": [ {{forward}} ],
                      "MutualAuthentication": { "Mode": "verify", "TrustStoreArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/clients/0123456789abcdef", "IgnoreClientCertificateExpiry": true },
                      "ListenerAttributes": [ { "Key": "routing.http.request.x_amzn_mtls_clientcert_serial_number.header_name", "Value": "X-Client-Serial" } ] },
                    { "Port": 8446, "Protocol": "HTTPS", "DefaultActions": [ {{TestConfig.Forward("fn")}} ],
                      "MutualAuthentication": { "Mode": "verify", "TrustStoreName": "clients" } }
                  ],
                  "TrustStores": [ { "Name": "clients", "CaCertificatesBundleFile": "root.pem", "RevocationFiles": [ "root.crl.pem" ] } ],
                  "TargetGroups": [ {{TestConfig.TargetGroup("web", Backend)}},
                    { "Name": "fn", "TargetType": "lambda", "Targets": [ { "Id": "echo", "LambdaEndpoint": "{{Function.Endpoint}}" } ] } ]
                }
                """, _pki.Directory);
            _env.Server.Observability.ConnectionLog.LineWritten += _connectionLog.Enqueue;
        }

        public async Task DisposeAsync()
        {
            if (_env is not null)
            {
                await _env.DisposeAsync();
            }

            await Backend.DisposeAsync();
            await Function.DisposeAsync();
            _pki.Dispose();
        }

        public async Task<(int Exit, EchoedRequest? Echo, string Status, string Version)> CurlAsync(int port, string httpVersion, string? certificate, string[]? extra = null)
        {
            var (exit, echo, status, version, _) = await CurlVerboseAsync(port, httpVersion, certificate, extra);
            return (exit, echo, status, version);
        }

        public async Task<(int Exit, EchoedRequest? Echo, string Status, string Version, string Stderr)> CurlVerboseAsync(int port, string httpVersion, string? certificate, string[]? extra = null)
        {
            var arguments = new List<string> { "-sSkv", "--max-time", "20", httpVersion, "-w", "\n%{http_code} %{http_version}" };
            if (certificate is not null)
            {
                arguments.AddRange(["--cert", certificate, "--key", LeafOf(certificate).Replace(".pem", ".key", StringComparison.Ordinal)]);
            }

            arguments.AddRange(extra ?? []);
            arguments.Add(_env!.Listener(port) + "echo");
            var (exit, stdout, stderr) = await ExternalProcess.RunAsync("curl", arguments);
            var lastLine = stdout.LastIndexOf('\n');
            var body = lastLine < 0 ? "" : stdout[..lastLine];
            var tail = stdout[(lastLine + 1)..].Split(' ');
            var echo = body.StartsWith('{') ? EchoedRequest.Parse(body) : null;
            return (exit, echo, tail[0], tail.Length > 1 ? tail[1] : "", stderr);
        }

        /// <summary>curl with a client certificate over HTTP/1.1; only the status.</summary>
        public async Task<string> StatusOnlyAsync(int port, string certificate, string[] extra)
        {
            var (_, stdout, _) = await ExternalProcess.RunAsync("curl", ["-sk", "--max-time", "20", "--http1.1", "-o", "/dev/null", "-w", "%{http_code}",
                "--cert", certificate, "--key", LeafOf(certificate).Replace(".pem", ".key", StringComparison.Ordinal), .. extra, _env!.Listener(port) + "lambda"]);
            return stdout.Trim();
        }

        public int ConnectionLogCount => _connectionLog.Count;

        public async Task<string> WaitForConnectionLogAsync(Func<string, bool> predicate, int skip = 0)
        {
            var lines = await Eventually.ValueAsync(() => _connectionLog.ToArray(), all => all.Skip(skip).Any(predicate), "a matching connection-log line", TimeSpan.FromSeconds(30));
            return lines.Skip(skip).First(predicate);
        }
    }
}
