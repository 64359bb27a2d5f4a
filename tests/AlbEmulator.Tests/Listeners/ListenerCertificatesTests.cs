using System.Security.Cryptography.X509Certificates;
using AlbEmulator.Configuration;
using AlbEmulator.Listeners;
using AlbEmulator.Model;
using AlbEmulator.Tests.Common;
using AlbEmulator.Utilities;

namespace AlbEmulator.Tests.Listeners;

public sealed class ListenerCertificatesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alb-cert-tests-" + Guid.NewGuid().ToString("N"));

    private ListenerCertificates Load(params (string Name, bool Rsa)[] certs)
    {
        var configs = certs.Select(c =>
        {
            var (cert, key, _) = TestCertificates.WritePem(_directory, c.Name, c.Rsa);
            return new CertificateConfig { CertificateFile = cert, PrivateKeyFile = key };
        });
        var listener = new ListenerConfig { Port = 443, Protocol = "HTTPS", Certificates = configs.ToValueList() };
        return ListenerCertificates.Load(listener, _directory, new AwsIdentifiers("t"), _ => { });
    }

    [Fact]
    public void Select_NoSni_Default()
    {
        var certificates = Load(("a.test", false), ("b.test", false));
        var (cert, _) = certificates.Select(null, out var matched);
        Assert.False(matched);
        Assert.Contains("a.test", cert.Subject);
    }

    [Fact]
    public void Select_MatchingSni_ThatCertificate()
    {
        var certificates = Load(("a.test", false), ("b.test", false));
        var (cert, arn) = certificates.Select("b.test", out var matched);
        Assert.True(matched);
        Assert.Contains("b.test", cert.Subject);
        Assert.StartsWith("arn:aws:acm:", arn);
    }

    [Fact]
    public void Select_UnknownSni_DefaultNotMatched()
    {
        var certificates = Load(("a.test", false), ("b.test", false));
        var (cert, _) = certificates.Select("c.test", out var matched);
        Assert.False(matched);
        Assert.Contains("a.test", cert.Subject);
    }

    [Fact]
    public void Select_SeveralMatches_EcdsaPreferred()
    {
        var certificates = Load(("rsa.test", true), ("x.test", false));
        Directory.CreateDirectory(_directory);
        var both = Load(("dup.test", true), ("dup.test", false));
        var (cert, _) = both.Select("dup.test", out var matched);
        Assert.True(matched);
        Assert.NotNull(cert.GetECDsaPublicKey());
        Assert.Equal(2, certificates.Count);
    }

    [Fact]
    public void Load_MissingFile_ListenerStartExceptionNamingListener()
    {
        var listener = new ListenerConfig { Port = 8443, Protocol = "HTTPS", Certificates = ValueList.Of(new CertificateConfig { CertificateFile = "nope.pem", PrivateKeyFile = "nope-key.pem" }) };
        var e = Assert.Throws<ListenerStartException>(() => ListenerCertificates.Load(listener, _directory, new AwsIdentifiers("t"), _ => { }));
        Assert.StartsWith("Listener 8443: cannot read certificate 'nope.pem'", e.Message);
    }

    [Fact]
    public void Load_NoCertificates_SelfSignedAnnounced()
    {
        string? announced = null;
        var listener = new ListenerConfig { Port = 65001, Protocol = "HTTPS" };
        var generated = new GeneratedCertificateOptions { Directory = Path.Combine(_directory, "certs") };
        var certificates = ListenerCertificates.Load(listener, _directory, new AwsIdentifiers("t"), p => announced = p, generated);
        Assert.NotNull(announced);
        var path = Path.Combine(_directory, "certs", "listener-65001.pem");
        Assert.StartsWith("Listener 65001 (HTTPS) has no certificate: using a generated self-signed certificate for localhost, alb-emulator.local, 127.0.0.1, ::1, t-", announced);
        Assert.EndsWith($"; trust it with --cacert {path}", announced);
        Assert.True(File.Exists(path));
        Assert.True(certificates.Default.MatchesHostname("localhost"));
    }

    [Fact]
    public void Load_DefaultArnWithoutLocalFiles_GeneratedDefaultNamedByTheArn_OthersServedForSni()
    {
        const string Arn = "arn:aws:acm:us-east-1:123456789012:certificate/none";
        var (cert, key, _) = TestCertificates.WritePem(_directory, "b.test");
        var listener = new ListenerConfig
        {
            Port = 65002, Protocol = "HTTPS",
            Certificates = ValueList.Of(new CertificateConfig { CertificateArn = Arn }, new CertificateConfig { CertificateFile = cert, PrivateKeyFile = key }),
        };
        var lines = new List<string>();

        var certificates = ListenerCertificates.Load(listener, _directory, new AwsIdentifiers("t"), lines.Add, new GeneratedCertificateOptions { Directory = Path.Combine(_directory, "certs") });

        // The default is the generated stand-in (not the next certificate that has files), carrying the default's ARN.
        var (chosen, arn) = certificates.Select(null, out _);
        Assert.True(chosen.MatchesHostname("localhost"));
        Assert.Equal(Arn, arn);
        Assert.Contains("b.test", certificates.Select("b.test", out var matched).Certificate.Subject, StringComparison.Ordinal);
        Assert.True(matched);
        Assert.Contains(lines, l => l.StartsWith($"Listener 65002 (HTTPS) has default certificate {Arn} without local files: using a generated self-signed certificate", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }
}
