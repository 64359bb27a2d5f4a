using System.Net;
using System.Net.Sockets;
using AlbEmulator.Hosting;

namespace AlbEmulator.FunctionalTests;

/// <summary>The alb-emulator command line (config-format.md §1): --validate, every error at once, exit codes, listener start failures.</summary>
public sealed class CommandLineTests : IDisposable
{
    private const string ValidConfig = """
        {
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
          "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": 5001 } ] } ]
        }
        """;

    private const string BadConfig = """
        {
          "LoadBalancer": { "LoadBalancerAttributes": [ { "Key": "routing.http.bogus", "Value": "1" }, { "Key": "idle_timeout.timeout_seconds", "Value": "0" } ] },
          "Listeners": [
            {
              "Port": 70000,
              "Protocol": "HTTP",
              "DefaultActions": [ { "Type": "forward", "TargetGroupName": "nope" } ],
              "Rules": [
                { "Priority": 0, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/a" ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "302" } } ] }
              ]
            }
          ],
          "TargetGroups": [
            { "Name": "web", "Protocol": "FTP", "Port": 80, "HealthCheckIntervalSeconds": 1, "Targets": [ { "Id": "127.0.0.1" } ] }
          ]
        }
        """;

    private static readonly string[] BadConfigErrors =
    [
        "  LoadBalancer 'local-alb': LoadBalancerAttributes[0]: Load balancer attribute key 'routing.http.bogus' is not recognized",
        "  LoadBalancer 'local-alb': LoadBalancerAttributes[1]: Load balancer attribute 'idle_timeout.timeout_seconds' value '0' is not valid: must be an integer between 1 and 4000",
        "  Listeners[0]: Port: Port '70000' must be between 1 and 65535",
        "  Listeners[0]: DefaultActions[0].TargetGroupName: Target group 'nope' not found; defined target groups: 'web'",
        "  Listeners[0] rule 0: Priority: Priority '0' must be between 1 and 50000",
        "  Listeners[0] rule 0: Actions[0].FixedResponseConfig.StatusCode: Status code '302' must match '^(2|4|5)\\d\\d$'",
        "  TargetGroup 'web': Protocol: Target group protocol 'FTP' must be one of 'HTTP', 'HTTPS'",
        "  TargetGroup 'web': HealthCheckIntervalSeconds: HealthCheckIntervalSeconds '1' must be between 5 and 300",
        "  TargetGroup 'web': HealthCheckTimeoutSeconds: Health check timeout '5' must be smaller than the interval '1'",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("alb-func-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var outputText = new StringWriter();
        var output = TextWriter.Synchronized(outputText);
        var errorText = new StringWriter();
        var error = TextWriter.Synchronized(errorText);
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exitCode = await AlbEmulatorCommand.RunAsync(args, output, error, stopping.Token, _ => stopping.Cancel());
        return (exitCode, outputText.ToString(), errorText.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    [Fact]
    public async Task Validate_ValidConfig_ExitZeroAndIsValid()
    {
        var path = Write("alb.json", ValidConfig);

        var (exitCode, stdout, stderr) = await RunAsync("--config", path, "--validate");

        Assert.Equal(0, exitCode);
        Assert.Equal($"The configuration in {path} is valid.", Lines(stdout).Single());
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Validate_SeveralMistakes_ExitTwoAndEveryErrorPrinted()
    {
        var path = Write("bad.json", BadConfig);

        var (exitCode, stdout, stderr) = await RunAsync("--config", path, "--validate");

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal([$"The configuration in {path} is invalid (9 errors):", .. BadConfigErrors], Lines(stderr));
    }

    [Fact]
    public async Task Run_SeveralMistakesWithoutValidate_ExitTwoBeforeBinding()
    {
        var path = Write("bad.json", BadConfig);

        var (exitCode, stdout, stderr) = await RunAsync("--config", path, "--admin-url", "http://127.0.0.1:0");

        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("running", stdout, StringComparison.Ordinal);
        Assert.Equal(BadConfigErrors, Lines(stderr).Skip(1));
    }

    [Fact]
    public async Task Validate_InvalidJson_ExitTwoWithPosition()
    {
        var path = Write("broken.json", "{\n  \"Listeners\": [ { \"Port\": 80 \"Protocol\": \"HTTP\" } ]\n}\n");

        var (exitCode, _, stderr) = await RunAsync("--config", path, "--validate");

        Assert.Equal(2, exitCode);
        var lines = Lines(stderr);
        Assert.Equal($"The configuration in {path} is invalid (1 error):", lines[0]);
        Assert.StartsWith("  Config: Invalid JSON at line 2, position 31: '\"' is invalid after", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Options_UnknownOption_ExitTwoWithUsage()
    {
        var (exitCode, stdout, stderr) = await RunAsync("--bogus");

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("Unknown option '--bogus'.\nUsage: alb-emulator [options]", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_Help_ExitZeroWithUsage()
    {
        var (exitCode, stdout, stderr) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: alb-emulator [options]", stdout, StringComparison.Ordinal);
        Assert.Contains("--validate", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Run_ListenerPortInUse_ExitTwoWithOneLineNamingListener()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var path = Write("alb.json", ValidConfig.Replace("\"Port\": 8080", $"\"Port\": {port}", StringComparison.Ordinal));

        var (exitCode, stdout, stderr) = await RunAsync("--config", path, "--admin-url", "http://127.0.0.1:0");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"Listener {port}: cannot bind 127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("running", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--access-log")]
    [InlineData("--waf-log")]
    public async Task Run_LogFileCannotBeOpened_ExitTwoWithOneLineNamingTheOption(string option)
    {
        var path = Write("alb.json", ValidConfig);
        var blocker = Write("not-a-directory", "a file where the log's directory should be");
        var log = Path.Combine(blocker, "alb.log");

        var (exitCode, stdout, stderr) = await RunAsync("--config", path, option, log, "--admin-url", "http://127.0.0.1:0");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"{option} {log}: cannot open the file: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("running", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnreadableCertificate_ExitTwoWithOneLineNamingListener()
    {
        var certificate = Write("broken.pem", "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
        var key = Write("broken-key.pem", "not a key\n");
        var config = $$"""
            {
              "Listeners": [ {
                "Port": 18444, "Protocol": "HTTPS",
                "Certificates": [ { "CertificateFile": {{System.Text.Json.JsonSerializer.Serialize(certificate)}}, "PrivateKeyFile": {{System.Text.Json.JsonSerializer.Serialize(key)}} } ],
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ]
              } ]
            }
            """;
        var path = Write("alb.json", config);

        var (exitCode, stdout, stderr) = await RunAsync("--config", path, "--admin-url", "http://127.0.0.1:0");

        Assert.Equal(2, exitCode);
        // Found by validation, before anything binds: the listener, the certificate and the key in one line.
        Assert.Equal([$"The configuration in {path} is invalid (1 error):"], Lines(stderr)[..1]);
        var line = Assert.Single(Lines(stderr)[1..]);
        Assert.StartsWith($"  Listener 18444: Certificates[0]: Cannot use certificate '{certificate}' with key '{key}': ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("running", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealHost_ValidateBadConfig_ExitTwoAndErrorsOnStderr()
    {
        var path = Write("bad.json", BadConfig);

        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync("dotnet", [HostDll(), "--config", "bad.json", "--validate"], workingDirectory: _directory);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal([$"The configuration in {path} is invalid (9 errors):", .. BadConfigErrors], Lines(stderr));
    }

    [Fact]
    public async Task RealHost_LogFileCannotBeOpened_ExitTwoWithOneLineNamingTheOption()
    {
        var path = Write("alb.json", ValidConfig);
        var blocker = Write("not-a-directory", "a file where the log's directory should be");
        var log = Path.Combine(blocker, "app.log");

        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync("dotnet", [HostDll(), "--config", path, "--log-file", log, "--admin-url", "http://127.0.0.1:0"], workingDirectory: _directory);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"--log-file {log}: cannot open the file: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("running", stdout, StringComparison.Ordinal);
    }

    /// <summary>src/AlbEmulator.Host/bin/&lt;configuration&gt;/net10.0/alb-emulator.dll, for this test assembly's configuration.</summary>
    internal static string HostDll()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDirectory.Name;
        var configuration = testDirectory.Parent!.Name;
        var root = testDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AlbEmulator.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "src", "AlbEmulator.Host", "bin", configuration, framework, "alb-emulator.dll");
        Assert.True(File.Exists(dll), "Build the host first (dotnet build AlbEmulator.sln): " + dll);
        return dll;
    }
}
