using AlbEmulator.Configuration;
using AlbEmulator.Forwarding;
using AlbEmulator.Listeners;
using AlbEmulator.Model;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Listeners;

/// <summary>
/// The certificates a listener serves follow its certificate list (API changes, config edits), resolved again only
/// when the list or the config's local certificate files change.
/// </summary>
public sealed class ServedCertificatesTests : IDisposable
{
    private const string ArnB = "arn:aws:acm:us-east-1:123456789012:certificate/b";
    private const string ArnNone = "arn:aws:acm:us-east-1:123456789012:certificate/none";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alb-served-" + Guid.NewGuid().ToString("N"));

    public ServedCertificatesTests()
    {
        TestCertificates.WritePem(_directory, "a.test");
        TestCertificates.WritePem(_directory, "b.test");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private LoadBalancerModel Model(string certificates) =>
        LoadBalancerModelBuilder.Build(AlbConfigReader.ReadJson($$"""
            {
              "Listeners": [ { "Port": 443, "Protocol": "HTTPS", "Certificates": [ {{certificates}} ],
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ],
              "Certificates": { "{{ArnB}}": { "CertificateFile": "b.test.pem", "PrivateKeyFile": "b.test-key.pem" } }
            }
            """, _directory).Config!, TargetGroupConnections.Create).LoadBalancers[0];

    private const string FileA = """{ "CertificateFile": "a.test.pem", "PrivateKeyFile": "a.test-key.pem" }""";

    [Fact]
    public void Added_certificate_is_selected_by_its_name_and_the_set_is_reused_until_the_list_changes()
    {
        var bound = Model(FileA);
        var served = ServedCertificates.Load(bound.Listeners[0].Config, bound.Config, bound.Identifiers, _ => { }, null);
        Assert.Same(served.Bound, served.For(bound.Listeners[0].Config, bound));

        // The same list in a new snapshot: the same set, nothing parsed again.
        var same = Model(FileA);
        Assert.Same(served.Bound, served.For(same.Listeners[0].Config, same));

        var added = Model(FileA + $$""", { "CertificateArn": "{{ArnB}}" }, { "CertificateArn": "{{ArnNone}}" }""");
        var set = served.For(added.Listeners[0].Config, added);
        Assert.Equal(2, set.Count);
        Assert.Equal((ArnB, true), (set.Select("b.test", out var matched).Arn, matched));
        Assert.Contains("a.test", set.Select("c.test", out _).Certificate.Subject, StringComparison.Ordinal);
        Assert.Same(set, served.For(added.Listeners[0].Config, added));

        // Removed again: b is no longer served.
        var removed = served.For(same.Listeners[0].Config, same);
        Assert.Equal(1, removed.Count);
        Assert.NotEqual(ArnB, removed.Select("b.test", out _).Arn);
    }

    [Fact]
    public void Default_certificate_without_local_files_is_the_generated_stand_in_as_at_start_up()
    {
        var generated = new GeneratedCertificateOptions { Directory = Path.Combine(_directory, "certs") };
        var bound = Model(FileA);
        var lines = new List<string>();
        var served = ServedCertificates.Load(bound.Listeners[0].Config, bound.Config, bound.Identifiers, lines.Add, generated);

        // ModifyListener: the new default is an ARN without local files; B stays in the certificate list.
        var modified = Model($$"""{ "CertificateArn": "{{ArnNone}}" }, { "CertificateArn": "{{ArnB}}" }""");
        var set = served.For(modified.Listeners[0].Config, modified);

        Assert.NotSame(served.Bound.Default, set.Default);
        Assert.True(set.Default.MatchesHostname("localhost"));
        Assert.Equal(ArnNone, set.Select(null, out _).Arn);
        Assert.Equal(ArnB, set.Select("b.test", out _).Arn);
        Assert.Contains(lines, l => l.StartsWith($"Listener 443 (HTTPS) has default certificate {ArnNone} without local files: using a generated self-signed certificate", StringComparison.Ordinal));

        // Start-up gives the same listener the same certificate.
        var atStart = ListenerCertificates.Load(modified.Listeners[0].Config, _directory, modified.Identifiers, _ => { }, generated, modified.Config);
        Assert.Equal(atStart.Default.Thumbprint, set.Default.Thumbprint);
        Assert.Equal(ArnNone, atStart.Select(null, out _).Arn);
        Assert.Equal(ArnB, atStart.Select("b.test", out _).Arn);
    }
}
