using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AlbEmulator.SdkTests;

/// <summary>
/// The local "S3 bucket" the SDK scripts hand to the trust-store operations ([ext]: a directory):
/// <c>ca.pem</c> (a CA), <c>other.pem</c> (another CA), <c>crl.pem</c> (a CRL of <c>ca.pem</c> revoking one
/// serial), <c>forged-crl.pem</c> (a CRL naming <c>ca.pem</c>'s subject, signed by another key) and
/// <c>bad.pem</c> (a private key, not a certificate bundle).
/// </summary>
internal sealed class TrustStoreFiles : IDisposable
{
    private TrustStoreFiles(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public static TrustStoreFiles Create()
    {
        var files = new TrustStoreFiles(System.IO.Directory.CreateTempSubdirectory("sdk-bucket-").FullName);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = NewCa("CN=sdk-root-ca", caKey);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = NewCa("CN=sdk-other-ca", otherKey);
        using var impostorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var impostor = NewCa("CN=sdk-root-ca", impostorKey);
        files.Write("ca.pem", ca.ExportCertificatePem() + "\n");
        files.Write("other.pem", other.ExportCertificatePem() + "\n");
        files.Write("bad.pem", caKey.ExportPkcs8PrivateKeyPem() + "\n");
        var crl = new CertificateRevocationListBuilder();
        crl.AddEntry([0x12, 0x34]);
        files.Write("crl.pem", PemEncoding.WriteString("X509 CRL", crl.Build(ca, 1, DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256)) + "\n");
        files.Write("forged-crl.pem", PemEncoding.WriteString("X509 CRL", crl.Build(impostor, 1, DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256)) + "\n");
        return files;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(Directory, name), text);

    private static X509Certificate2 NewCa(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
