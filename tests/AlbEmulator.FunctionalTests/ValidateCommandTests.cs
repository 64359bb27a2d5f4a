using AlbEmulator.Configuration;
using AlbEmulator.Hosting;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// <c>alb-emulator --validate</c> as an editor user meets it (config-format.md §1): every mistake at once,
/// unknown fields among them, "did you mean", the conflicting rule, the defined target groups, certificate
/// files, YAML documents, oversized files and things that are not files.
/// </summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alb-func-validate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int ExitCode, string Stdout, string[] Stderr)> ValidateAsync(string path)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exitCode = await AlbEmulatorCommand.RunAsync(["--config", path, "--validate"], output, error, stopping.Token);
        return (exitCode, output.ToString(), error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray());
    }

    private const string ThreeMistakes = """
        {
          "Listeners": [
            {
              "Port": 8080, "Protocol": "HTTP",
              "DefaultActions": [ { "Type": "forward", "TargetGroupName": "wbe" } ],
              "Rules": [
                { "Priority": 10, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/api/*" ] } } ],
                  "Actions": [ { "Type": "forward", "TargetGroupName": "api" } ] },
                { "Priority": 10, "Conditions": [ { "Field": "host-header", "HostHeaderConfig": { "Values": [ "a.example.com" ] } } ],
                  "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] }
              ]
            }
          ],
          "TargetGroups": [
            { "Name": "web", "Protocol": "HTTP", "Port": 80, "HealthCheckpath": "/health", "Targets": [ { "Id": "127.0.0.1", "Port": 5001 } ] },
            { "Name": "api", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": 5002 } ] }
          ]
        }
        """;

    [Fact]
    public async Task ThreeMistakes_AllThreeListed_WithHints()
    {
        var path = Write("three.json", ThreeMistakes);

        var (exitCode, stdout, stderr) = await ValidateAsync(path);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal(
            [
                $"The configuration in {path} is invalid (3 errors):",
                "  TargetGroup 'web': HealthCheckpath: Encountered unsupported property HealthCheckpath (did you mean HealthCheckPath?)",
                "  Listener 8080: DefaultActions[0].TargetGroupName: Target group 'wbe' not found; did you mean 'web'?; defined target groups: 'web', 'api'",
                "  Listener 8080 rule 10: Priority: Priority '10' is currently in use by Rules[0] of this listener (path-pattern /api/* -> forward)",
            ],
            stderr);
    }

    [Fact]
    public async Task Yaml_SameDocument_SameMessages()
    {
        var yaml = """
            # the three mistakes, in YAML
            Listeners:
              - Port: 8080
                Protocol: HTTP
                DefaultActions:
                  - Type: forward
                    TargetGroupName: wbe
                Rules:
                  - Priority: 10
                    Conditions: [ { Field: path-pattern, PathPatternConfig: { Values: [ "/api/*" ] } } ]
                    Actions: [ { Type: forward, TargetGroupName: api } ]
                  - Priority: 10
                    Conditions: [ { Field: host-header, HostHeaderConfig: { Values: [ a.example.com ] } } ]
                    Actions: [ { Type: fixed-response, FixedResponseConfig: { StatusCode: "200" } } ]
            TargetGroups:
              - { Name: web, Protocol: HTTP, Port: 80, HealthCheckpath: /health, Targets: [ { Id: 127.0.0.1, Port: 5001 } ] }
              - { Name: api, Protocol: HTTP, Port: 80, Targets: [ { Id: 127.0.0.1, Port: 5002 } ] }
            """;
        var jsonErrors = (await ValidateAsync(Write("three.json", ThreeMistakes))).Stderr.Skip(1);
        var path = Write("three.yaml", yaml);

        var (exitCode, _, stderr) = await ValidateAsync(path);

        Assert.Equal(2, exitCode);
        Assert.Equal($"The configuration in {path} is invalid (3 errors):", stderr[0]);
        Assert.Equal(jsonErrors, stderr.Skip(1));
    }

    [Fact]
    public async Task Yaml_Valid_IsValid()
    {
        var path = Write("alb.yml", """
            Listeners:
              - Port: 8080
                Protocol: HTTP
                DefaultActions: [ { Type: forward, TargetGroupName: web } ]
            TargetGroups:
              - Name: web
                Protocol: HTTP
                Port: 80
                HealthCheckPath: /health
                Matcher: { HttpCode: 200-299 }
                TargetGroupAttributes:
                  - { Key: stickiness.enabled, Value: true }
                Targets: [ { Id: 127.0.0.1, Port: 5001 } ]
            """);

        var (exitCode, stdout, stderr) = await ValidateAsync(path);

        Assert.Equal(0, exitCode);
        Assert.Empty(stderr);
        Assert.Equal($"The configuration in {path} is valid.", stdout.Trim());
    }

    [Fact]
    public async Task Yaml_Malformed_LineAndColumn()
    {
        var path = Write("bad.yaml", "Listeners:\n  - Port: 8080\n   Protocol: HTTP\n");

        var (exitCode, _, stderr) = await ValidateAsync(path);

        Assert.Equal(2, exitCode);
        Assert.Equal(2, stderr.Length);
        Assert.StartsWith("  Config: Invalid YAML at line 3, column ", stderr[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevZero_ClearErrorWithoutReadingForever()
    {
        var (exitCode, _, stderr) = await ValidateAsync("/dev/zero");

        Assert.Equal(2, exitCode);
        Assert.Equal(
            ["The configuration in /dev/zero is invalid (1 error):",
             $"  Config: Config file '/dev/zero' is not a regular file (it reads more than {AlbConfigReader.MaxFileBytes:N0} bytes without end, like a device); give a JSON or YAML file"],
            stderr);
    }

    [Fact]
    public async Task Directory_ClearError()
    {
        var (exitCode, _, stderr) = await ValidateAsync(_directory);

        Assert.Equal(2, exitCode);
        Assert.Equal($"  Config: Config path '{_directory}' is a directory; give a JSON or YAML file", stderr[1]);
    }

    [Fact]
    public async Task TooLarge_SizeLimitNamed()
    {
        var path = Path.Combine(_directory, "huge.json");
        using (var file = File.Create(path))
        {
            file.SetLength(AlbConfigReader.MaxFileBytes + 1L);
        }

        var (exitCode, _, stderr) = await ValidateAsync(path);

        Assert.Equal(2, exitCode);
        Assert.Equal($"  Config: Config file '{path}' is {AlbConfigReader.MaxFileBytes + 1:N0} bytes; the limit is {AlbConfigReader.MaxFileBytes:N0} bytes (4 MiB)", stderr[1]);
    }

    private static string HttpsConfig(string certificate, string key) => $$"""
        {
          "Listeners": [ { "Port": 8443, "Protocol": "HTTPS",
            "Certificates": [ { "CertificateFile": "{{certificate}}", "PrivateKeyFile": "{{key}}" } ],
            "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ]
        }
        """;

    [Fact]
    public async Task Certificates_MissingFiles_BothNamed()
    {
        var path = Write("https.json", HttpsConfig("certs/none.pem", "certs/none-key.pem"));

        var (exitCode, _, stderr) = await ValidateAsync(path);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            [
                $"The configuration in {path} is invalid (2 errors):",
                $"  Listener 8443: Certificates[0].CertificateFile: File 'certs/none.pem' not found (looked for {Path.Combine(_directory, "certs", "none.pem")})",
                $"  Listener 8443: Certificates[0].PrivateKeyFile: File 'certs/none-key.pem' not found (looked for {Path.Combine(_directory, "certs", "none-key.pem")})",
            ],
            stderr);
    }

    [Fact]
    public async Task Certificates_KeyOfAnotherCertificate_Reported()
    {
        var first = TestCertificates.WritePem(Path.Combine(_directory, "a"), "a.example.com");
        var second = TestCertificates.WritePem(Path.Combine(_directory, "b"), "b.example.com");
        var path = Write("https.json", HttpsConfig(first.CertificateFile, second.KeyFile));

        var (exitCode, _, stderr) = await ValidateAsync(path);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"  Listener 8443: Certificates[0]: Cannot use certificate '{first.CertificateFile}' with key '{second.KeyFile}': the private key does not belong to the certificate",
            stderr[1]);
    }

    [Fact]
    public async Task Certificates_Ed25519Key_ReportedAsAlbRefusesIt()
    {
        // LST-12: ALB listeners do not take ED25519 keys. The pair below was made with
        // `openssl req -x509 -newkey ed25519 -nodes -subj /CN=ed.example` and is valid in itself.
        File.WriteAllText(Path.Combine(_directory, "ed.pem"), """
            -----BEGIN CERTIFICATE-----
            MIIBPjCB8aADAgECAhQhNlaAmO2JuXxO9avHU6Ysm8XSKzAFBgMrZXAwFTETMBEG
            A1UEAwwKZWQuZXhhbXBsZTAeFw0yNjEyMDYxNDE2MjRaFw0yNzAxMDUxNDE2MjRa
            MBUxEzARBgNVBAMMCmVkLmV4YW1wbGUwKjAFBgMrZXADIQDTXaxySmZWOJHfr0YS
            qRKQbVTcyGKRNATcpSssq3kaiKNTMFEwHQYDVR0OBBYEFKJJktJv12sJD7E/tKzb
            LfzlVbI5MB8GA1UdIwQYMBaAFKJJktJv12sJD7E/tKzbLfzlVbI5MA8GA1UdEwEB
            /wQFMAMBAf8wBQYDK2VwA0EAuNRvbA7bow/5EVq2Uj1vyG1AwJ3lx2519blcyBl0
            vpKMFOX5fh8OiqGVQBM98BNUgHSn2q5k0U+oknrNXQkHDg==
            -----END CERTIFICATE-----
            """);
        File.WriteAllText(Path.Combine(_directory, "ed-key.pem"), """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEICpC40hAIoiLxUrqyMhcOcaTgznE4SR/24Px8i4yoCKC
            -----END PRIVATE KEY-----
            """);
        var path = Write("https.json", HttpsConfig("ed.pem", "ed-key.pem"));

        var (exitCode, _, stderr) = await ValidateAsync(path);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            [
                $"The configuration in {path} is invalid (1 error):",
                $"  Listener 8443: Certificates[0]: Cannot use certificate '{Path.Combine(_directory, "ed.pem")}': ED25519 keys are not supported on ALB listeners (LST-12); use an RSA or ECDSA key",
            ],
            stderr);
    }

    [Fact]
    public async Task Certificates_MatchingPair_Valid()
    {
        var pair = TestCertificates.WritePem(_directory, "alb.example.com");
        var path = Write("https.json", HttpsConfig(Path.GetFileName(pair.CertificateFile), Path.GetFileName(pair.KeyFile)));

        var (exitCode, _, stderr) = await ValidateAsync(path);

        Assert.Equal(0, exitCode);
        Assert.Empty(stderr);
    }
}
