using System.Security.Cryptography.X509Certificates;
using AlbEmulator.Configuration;
using AlbEmulator.Hosting;
using AlbEmulator.Listeners;
using AlbEmulator.Model;
using AlbEmulator.Tests.Common;
using AlbEmulator.Utilities;

namespace AlbEmulator.Tests.Listeners;

/// <summary>The generated listener certificate: a private directory per user, private key files, names from the config.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SelfSignedCertificateTests : IDisposable
{
    private const UnixFileMode Rwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Rw = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "alb-selfsigned-tests-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _announced = [];

    private string Directory => Path.Combine(_root, "certs");

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_root))
        {
            System.IO.Directory.Delete(_root, true);
        }
    }

    private (X509Certificate2 Certificate, string Path) Create(params string[] extra) =>
        SelfSignedCertificate.GetOrCreate(8443, [.. GeneratedCertificateNames.Always, .. extra], Directory, _announced.Add);

    [Fact]
    public void NewCertificate_DirectoryIs0700_KeyAndCertificate0600()
    {
        var (_, path) = Create();

        Assert.Equal(Rwx, File.GetUnixFileMode(Directory));
        Assert.Equal(Rw, File.GetUnixFileMode(path));
        Assert.Equal(Rw, File.GetUnixFileMode(Path.Combine(Directory, "listener-8443-key.pem")));
        Assert.Empty(System.IO.Directory.GetFiles(Directory, "*.tmp"));
    }

    [Fact]
    public void SameNames_Reused_OtherNames_Regenerated()
    {
        var (first, _) = Create();
        var (again, _) = Create();
        var (renamed, _) = Create("alb");

        Assert.Equal(first.Thumbprint, again.Thumbprint);
        Assert.NotEqual(first.Thumbprint, renamed.Thumbprint);
        Assert.Contains("alb", SelfSignedCertificate.SubjectAlternativeNames(renamed));
    }

    [Fact]
    public void CertificateAndKeyFromDifferentPairs_NewPairInsteadOfACrash()
    {
        // Two emulators of this user starting at once for the same port each write a pair: the certificate of one and
        // the key of the other may be what is left (CI runs test projects in parallel).
        var (first, path) = Create();
        var key = Path.Combine(Directory, "listener-8443-key.pem");
        var firstCertificate = File.ReadAllText(path);
        File.Delete(path);
        File.Delete(key);
        Create();
        File.WriteAllText(path, firstCertificate);

        var (second, _) = Create();

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.True(second.HasPrivateKey);
        Assert.Equal(second.Thumbprint, X509Certificate2.CreateFromPemFile(path, key).Thumbprint);
    }

    [Fact]
    public void KeyReadableByOthers_NotUsed_ReplacedWithAClearLine()
    {
        var (first, _) = Create();
        var key = Path.Combine(Directory, "listener-8443-key.pem");
        File.SetUnixFileMode(key, Rw | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (second, _) = Create();

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.Equal(Rw, File.GetUnixFileMode(key));
        Assert.Contains($"Listener 8443: the generated key {key} is open to other users (mode 0644); it is not used, a new key pair replaces it", _announced);
    }

    [Fact]
    public void DirectoryOpenToOthers_Tightened_WithAClearLine()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.SetUnixFileMode(Directory, Rwx | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        Create();

        Assert.Equal(Rwx, File.GetUnixFileMode(Directory));
        Assert.Contains($"Listener 8443: the certificate directory {Directory} was open to other users (mode 0757); it is 0700 now", _announced);
    }

    // Root may chmod any file, so the "only the owner may change its mode" check alone does not tell root that a
    // file is someone else's. These tests give files to another user (nobody, 65534) with chown, which needs root:
    // the tests run as root in CI (.ci/run), so they assert it rather than skip.
    private static async Task GiveToNobodyAsync(string path)
    {
        Assert.True(Environment.UserName == "root", $"this test chowns files to another user and must run as root (CI does), not as {Environment.UserName}");
        var (exitCode, _, error) = await ExternalProcess.RunAsync("chown", ["65534:65534", path], Path.GetTempPath(), TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, error);
    }

    private static async Task<string> OwnerAsync(string path) =>
        (await ExternalProcess.RunAsync("stat", ["-c", "%u", path], Path.GetTempPath(), TimeSpan.FromSeconds(30))).Stdout.Trim();

    [Fact]
    public async Task DirectoryOfAnotherUser_RefusedEvenForRoot_LeftAsItWas()
    {
        System.IO.Directory.CreateDirectory(Directory, Rwx | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        await GiveToNobodyAsync(Directory);

        var error = Assert.Throws<ListenerStartException>(() => Create());

        Assert.Equal($"Listener 8443: the certificate directory {Directory} belongs to another user; refusing to use it. Choose a directory of your own with --cert-dir (ALB_EMULATOR_CERT_DIR).", error.Message);
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(Directory));
        Assert.Equal("65534", await OwnerAsync(Directory));
        Assert.Equal(Rwx | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(Directory));
    }

    [Theory]
    [InlineData("listener-8443-key.pem", "the generated key {0} belongs to another user")]
    [InlineData("listener-8443.pem", "the generated certificate {0} belongs to another user")]
    public async Task KeyOrCertificateOfAnotherUser_NotUsed_ReplacedByOwnFiles(string file, string problem)
    {
        var (first, certPath) = Create();
        var keyPath = Path.Combine(Directory, "listener-8443-key.pem");
        var foreign = Path.Combine(Directory, file);
        await GiveToNobodyAsync(foreign);

        var (second, _) = Create();

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.Equal([$"Listener 8443: {string.Format(System.Globalization.CultureInfo.InvariantCulture, problem, foreign)}; it is not used, a new key pair replaces it"], _announced);
        Assert.Equal("0", await OwnerAsync(keyPath));
        Assert.Equal("0", await OwnerAsync(certPath));
        Assert.Equal(Rw, File.GetUnixFileMode(keyPath));
        Assert.Equal(second.Thumbprint, Create().Certificate.Thumbprint);
    }

    [Fact]
    public void DefaultDirectory_IsPerUser_NotTheSharedTempFolder()
    {
        var directory = SelfSignedCertificate.DefaultDirectory();

        Assert.EndsWith(Path.Combine("alb-emulator", "certs"), directory, StringComparison.Ordinal);
        Assert.NotEqual(Path.Combine(Path.GetTempPath(), "alb-emulator", "certs"), directory);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        Assert.StartsWith(string.IsNullOrEmpty(home) ? Path.Combine(Path.GetTempPath(), "alb-emulator-" + Environment.UserName) : home, directory, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_FromHostHeaderConditions_ListenerOption_AndCommandLine()
    {
        var listener = new ListenerConfig
        {
            Port = 8443,
            Protocol = "HTTPS",
            GeneratedCertificateNames = ValueList.Of("alb", "10.0.0.5"),
            Rules = ValueList.Of(
                new RuleConfig
                {
                    Priority = 1,
                    Conditions = ValueList.Of(new RuleConditionConfig { Field = "host-header", HostHeaderConfig = new ValuesConditionConfig { Values = ValueList.Of("API.example.com", "*.apps.example.com", "api-?.example.com", "a*b.example.com") } }),
                },
                new RuleConfig
                {
                    Priority = 2,
                    Conditions = ValueList.Of(
                        new RuleConditionConfig { Field = "host-header", Values = ValueList.Of("legacy.example.com") },
                        new RuleConditionConfig { Field = "path-pattern", Values = ValueList.Of("/not-a-host") }),
                }),
        };
        var identifiers = new AwsIdentifiers("local-alb");

        var names = GeneratedCertificateNames.For(listener, identifiers, ["alb.internal"]);

        Assert.Equal(
            ["localhost", "alb-emulator.local", "127.0.0.1", "::1", identifiers.DnsName, "api.example.com", "*.apps.example.com", "legacy.example.com", "alb", "10.0.0.5", "alb.internal"],
            names);

        var certificates = ListenerCertificates.Load(listener, _root, identifiers, _announced.Add, new GeneratedCertificateOptions { Directory = Directory, ExtraNames = ["alb.internal"] });
        var sans = SelfSignedCertificate.SubjectAlternativeNames(certificates.Default);
        Assert.Equal(names.Order(StringComparer.Ordinal), sans.Order(StringComparer.Ordinal));
        Assert.True(certificates.Default.MatchesHostname("alb"));
        Assert.True(certificates.Default.MatchesHostname("web.apps.example.com", allowWildcards: true));
        Assert.True(certificates.Default.MatchesHostname("api.example.com"));
    }

    [Fact]
    public void CommandLine_CertDirAndNames_FromArgumentsAndEnvironment()
    {
        var parsed = CommandLine.Parse(["--cert-names", "alb, alb.local", "--cert-names", "10.1.2.3"], new Dictionary<string, string> { ["ALB_EMULATOR_CERT_DIR"] = "/var/lib/alb/certs" });
        Assert.Empty(parsed.Errors);
        Assert.Equal(["alb", "alb.local", "10.1.2.3"], parsed.CertificateNames);
        Assert.Equal("/var/lib/alb/certs", parsed.CertificateDirectory);

        var fromEnvironment = CommandLine.Parse([], new Dictionary<string, string> { ["ALB_EMULATOR_CERT_NAMES"] = "alb" });
        Assert.Equal(["alb"], fromEnvironment.CertificateNames);

        var bad = CommandLine.Parse(["--cert-names", "a b,ok"], new Dictionary<string, string>());
        Assert.Equal(["--cert-names: 'a b' is not a DNS name, a *.wildcard DNS name or an IP address."], bad.Errors);
    }

    [Fact]
    public void Validator_RejectsAGeneratedCertificateNameThatIsNoHostName()
    {
        var read = AlbConfigReader.ReadJson("""
            {
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS", "GeneratedCertificateNames": [ "alb", "not a name" ],
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ]
            }
            """, "/tmp");
        Assert.Empty(read.Errors);

        var error = Assert.Single(AlbConfigValidator.Validate(read.Config!));
        Assert.Contains("'not a name' is not a DNS name, a *.wildcard DNS name or an IP address", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("GeneratedCertificateNames[1]", error.ToString(), StringComparison.Ordinal);
    }
}
