using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AlbEmulator.Tests.Common;

/// <summary>Self-signed certificates made in the test, optionally written as PEM files (listener certificates are PEM).</summary>
public static class TestCertificates
{
    public static (X509Certificate2 Certificate, string PemCertificate, string PemKey) Create(string dnsName, bool rsa = false)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = rsa
            ? new CertificateRequest($"CN={dnsName}", (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={dnsName}", (ECDsa)key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        var keyPem = rsa ? ((RSA)key).ExportPkcs8PrivateKeyPem() : ((ECDsa)key).ExportPkcs8PrivateKeyPem();
        return (X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null), created.ExportCertificatePem(), keyPem);
    }

    /// <summary>Writes a certificate and key as PEM files in <paramref name="directory"/>; returns their paths.</summary>
    public static (string CertificateFile, string KeyFile, X509Certificate2 Certificate) WritePem(string directory, string dnsName, bool rsa = false)
    {
        var (cert, pem, key) = Create(dnsName, rsa);
        Directory.CreateDirectory(directory);
        var certFile = Path.Combine(directory, dnsName + ".pem");
        var keyFile = Path.Combine(directory, dnsName + "-key.pem");
        File.WriteAllText(certFile, pem);
        File.WriteAllText(keyFile, key);
        return (certFile, keyFile, cert);
    }
}
