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

    /// <summary>
    /// A CA written as <c>&lt;caName&gt;.pem</c> in <paramref name="directory"/> (a trust store's CA bundle) and a client
    /// certificate it issued, with its key (for a listener in mutual TLS <c>verify</c> mode).
    /// </summary>
    public static X509Certificate2 WriteClientCa(string directory, string caName, string clientName)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientRequest = new CertificateRequest($"CN={clientName}", clientKey, HashAlgorithmName.SHA256);
        clientRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        clientRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var issued = clientRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
        using var client = issued.CopyWithPrivateKey(clientKey);

        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, caName + ".pem"), ca.ExportCertificatePem());
        return X509CertificateLoader.LoadPkcs12(client.Export(X509ContentType.Pkcs12), null);
    }
}
