using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AlbEmulator.MutualTls;

/// <summary>
/// What a connection's client presented during the handshake (LST-41, LST-42) and the verify result:
/// kept on the connection, read by the request headers of every request on it and by the connection
/// log. Header values are computed once per connection.
/// </summary>
public sealed class ClientCertificateInfo
{
    private string? _chainHeader;
    private string? _leafHeader;

    public ClientCertificateInfo(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, string? failureCode)
    {
        Leaf = leaf;
        Intermediates = intermediates;
        FailureCode = failureCode;
        Subject = CertificateFormats.Rfc2253(leaf.SubjectName);
        Issuer = CertificateFormats.Rfc2253(leaf.IssuerName);
        Validity = CertificateFormats.Validity(leaf);
        SerialNumber = CertificateFormats.SerialNumber(leaf);
    }

    public X509Certificate2 Leaf { get; }

    /// <summary>The other certificates the client sent, in the order sent.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>The verify-mode failure code (connection log <c>Failed:&lt;code&gt;</c>), or null.</summary>
    public string? FailureCode { get; }

    public string Subject { get; }

    public string Issuer { get; }

    public string Validity { get; }

    public string SerialNumber { get; }

    /// <summary><c>X-Amzn-Mtls-Clientcert-Leaf</c>: the leaf as URL-encoded PEM.</summary>
    public string LeafHeader => _leafHeader ??= CertificateFormats.UrlEncode(CertificateFormats.Pem(Leaf));

    /// <summary><c>X-Amzn-Mtls-Clientcert</c>: the presented chain, leaf first, as URL-encoded PEM.</summary>
    public string ChainHeader => _chainHeader ??= BuildChainHeader();

    private string BuildChainHeader()
    {
        var pem = new StringBuilder(CertificateFormats.Pem(Leaf));
        foreach (var certificate in Intermediates)
        {
            pem.Append(CertificateFormats.Pem(certificate));
        }

        return CertificateFormats.UrlEncode(pem.ToString());
    }
}
