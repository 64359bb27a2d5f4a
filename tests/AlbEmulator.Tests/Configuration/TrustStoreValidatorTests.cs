using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AlbEmulator.Configuration;

namespace AlbEmulator.Tests.Configuration;

/// <summary>Top-level TrustStores[] with local PEM files (config-format.md §5, LST-44).</summary>
public sealed class TrustStoreValidatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("truststore-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_bundle_with_comments_is_accepted_and_a_listener_can_verify_against_it()
    {
        File.WriteAllText(Path.Combine(_directory, "ca.pem"), "# our root\n" + NewCa("CN=root").ExportCertificatePem() + "\n");

        Assert.Empty(Validate("""[ { "Name": "clients", "CaCertificatesBundleFile": "ca.pem" } ]""", """{ "Mode": "verify", "TrustStoreName": "clients" }"""));
    }

    [Theory]
    [InlineData("\n", "InvalidCaCertificatesBundle: The CA certificates bundle has a blank line (line 1)")]
    [InlineData("# a-comment\n", "InvalidCaCertificatesBundle: A comment in the CA certificates bundle cannot contain '-' (line 1)")]
    [InlineData("Certificate:\n", "InvalidCaCertificatesBundle: The CA certificates bundle can only contain PEM certificates and '#' comments (line 1)")]
    public void Bundles_AWS_refuses_are_rejected(string prefix, string expected)
    {
        File.WriteAllText(Path.Combine(_directory, "ca.pem"), prefix + NewCa("CN=root").ExportCertificatePem() + "\n");

        Assert.Equal([$"TrustStore 'clients': CaCertificatesBundleFile: {expected}"], Validate("""[ { "Name": "clients", "CaCertificatesBundleFile": "ca.pem" } ]""", null));
    }

    [Fact]
    public void Missing_files_duplicate_names_and_bad_names_are_reported()
    {
        var errors = Validate("""[ { "Name": "a_b", "CaCertificatesBundleFile": "none.pem" }, { "Name": "a_b" } ]""", null);

        Assert.Equal(
            [
                "TrustStore 'a_b': Name: Trust store name 'a_b' can only contain characters that are alphanumeric characters or hyphens(-)",
                $"TrustStore 'a_b': CaCertificatesBundleFile: Cannot read a trust store file: Could not find file '{Path.Combine(_directory, "none.pem")}'.",
                "TrustStore 'a_b': Name: Trust store name 'a_b' can only contain characters that are alphanumeric characters or hyphens(-)",
                "TrustStore 'a_b': Name: A trust store with the name 'a_b' already exists",
                "TrustStore 'a_b': CaCertificatesBundleFile: CaCertificatesBundleFile is required",
            ],
            errors);
    }

    [Fact]
    public void A_CRL_from_another_issuer_is_rejected()
    {
        var ca = NewCa("CN=root");
        var other = NewCa("CN=other");
        File.WriteAllText(Path.Combine(_directory, "ca.pem"), ca.ExportCertificatePem() + "\n");
        var crl = new CertificateRevocationListBuilder().Build(other, 1, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256);
        File.WriteAllText(Path.Combine(_directory, "crl.pem"), PemEncoding.WriteString("X509 CRL", crl));

        Assert.Equal(
            ["TrustStore 'clients': CaCertificatesBundleFile: InvalidRevocationContent: The CRL issued by 'CN=other' was not issued by a CA certificate of the trust store"],
            Validate("""[ { "Name": "clients", "CaCertificatesBundleFile": "ca.pem", "RevocationFiles": [ "crl.pem" ] } ]""", null));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_CRL_signed_by_its_CA_is_accepted_and_one_signed_by_another_key_under_the_same_name_is_rejected(bool rsa)
    {
        var ca = NewCa("CN=root", rsa);
        var impostor = NewCa("CN=root", rsa);
        File.WriteAllText(Path.Combine(_directory, "ca.pem"), ca.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(_directory, "good.pem"), PemEncoding.WriteString("X509 CRL", new CertificateRevocationListBuilder().Build(ca, 1, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA384, rsa ? RSASignaturePadding.Pkcs1 : null)));
        File.WriteAllText(Path.Combine(_directory, "forged.pem"), PemEncoding.WriteString("X509 CRL", new CertificateRevocationListBuilder().Build(impostor, 1, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256, rsa ? RSASignaturePadding.Pkcs1 : null)));

        Assert.Empty(Validate("""[ { "Name": "clients", "CaCertificatesBundleFile": "ca.pem", "RevocationFiles": [ "good.pem" ] } ]""", null));
        var error = Assert.Single(Validate("""[ { "Name": "clients", "CaCertificatesBundleFile": "ca.pem", "RevocationFiles": [ "forged.pem" ] } ]""", null));
        Assert.StartsWith("TrustStore 'clients': CaCertificatesBundleFile: InvalidRevocationContent: The signature of the CRL issued by 'CN=root' does not verify with that CA certificate's key", error, StringComparison.Ordinal);
    }

    private List<string> Validate(string trustStores, string? mutual)
    {
        var listener = mutual is null
            ? """{ "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] }"""
            : $$"""{ "Port": 8443, "Protocol": "HTTPS", "MutualAuthentication": {{mutual}}, "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] }""";
        var read = AlbConfigReader.ReadJson($$"""{ "Listeners": [ {{listener}} ], "TrustStores": {{trustStores}} }""", _directory);
        Assert.Empty(read.Errors);
        return AlbConfigValidator.Validate(read.Config!).Select(e => e.ToString()).ToList();
    }

    private static X509Certificate2 NewCa(string subject, bool rsa = false)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA r ? new CertificateRequest(subject, r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
