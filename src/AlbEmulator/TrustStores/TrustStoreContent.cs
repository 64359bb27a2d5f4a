using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AlbEmulator.TrustStores;

/// <summary>
/// Reads what a trust store is made of (mutual-authentication docs, LST-44): a PEM bundle of CA
/// certificates — only <c>BEGIN/END CERTIFICATE</c> blocks, <c>#</c> comment lines (without <c>-</c>), no
/// blank lines — and PEM certificate revocation lists. Errors carry the ELBv2 API's error codes.
/// </summary>
public static class TrustStoreContent
{
    /// <summary>LST-44 quotas.</summary>
    public const int MaxCaCertificates = 25;

    public const int MaxCaCertificateBytes = 16 * 1024;

    public const int MaxRevocationEntries = 500_000;

    public const long MaxCrlBytes = 50L * 1024 * 1024;

    public const int MaxRevocationLists = 30;

    /// <summary>The CA certificates of a bundle; throws <see cref="TrustStoreContentException"/> (<c>InvalidCaCertificatesBundle</c>).</summary>
    public static X509Certificate2[] ReadCaBundle(string pem)
    {
        var certificates = new List<X509Certificate2>();
        var lines = pem.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        StringBuilder? block = null;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i];
            if (block is null)
            {
                if (line.Length == 0)
                {
                    throw Invalid("InvalidCaCertificatesBundle", $"The CA certificates bundle has a blank line (line {i + 1})");
                }

                if (line.StartsWith('#'))
                {
                    if (line.Contains('-', StringComparison.Ordinal))
                    {
                        throw Invalid("InvalidCaCertificatesBundle", $"A comment in the CA certificates bundle cannot contain '-' (line {i + 1})");
                    }

                    continue;
                }

                if (line != "-----BEGIN CERTIFICATE-----")
                {
                    throw Invalid("InvalidCaCertificatesBundle", $"The CA certificates bundle can only contain PEM certificates and '#' comments (line {i + 1})");
                }

                block = new StringBuilder();
                continue;
            }

            if (line == "-----END CERTIFICATE-----")
            {
                byte[] der;
                try
                {
                    der = Convert.FromBase64String(block.ToString());
                }
                catch (FormatException)
                {
                    throw Invalid("InvalidCaCertificatesBundle", $"The certificate ending at line {i + 1} is not valid base64");
                }

                if (der.Length > MaxCaCertificateBytes)
                {
                    throw Invalid("CaCertificatesBundleTooLarge", $"The certificate ending at line {i + 1} is larger than 16 KB");
                }

                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(der));
                }
                catch (CryptographicException e)
                {
                    throw Invalid("InvalidCaCertificatesBundle", $"The certificate ending at line {i + 1} cannot be read: {e.Message}");
                }

                block = null;
                continue;
            }

            if (line.Length == 0)
            {
                throw Invalid("InvalidCaCertificatesBundle", $"The CA certificates bundle has a blank line (line {i + 1})");
            }

            block.Append(line.Trim());
        }

        if (block is not null)
        {
            throw Invalid("InvalidCaCertificatesBundle", "The CA certificates bundle ends inside a certificate");
        }

        if (certificates.Count == 0)
        {
            throw Invalid("InvalidCaCertificatesBundle", "The CA certificates bundle contains no certificate");
        }

        if (certificates.Count > MaxCaCertificates)
        {
            throw Invalid("TooManyTrustStoreCaCertificates", $"A trust store can have at most {MaxCaCertificates} CA certificates (found {certificates.Count})");
        }

        return [.. certificates];
    }

    /// <summary>The revocation lists in a PEM file; throws <see cref="TrustStoreContentException"/> (<c>InvalidRevocationContent</c>).</summary>
    public static RevocationList[] ReadCrls(string pem)
    {
        if (pem.Length > MaxCrlBytes)
        {
            throw Invalid("RevocationContentNotFound", "A revocation file can be at most 50 MB");
        }

        var lists = new List<RevocationList>();
        var span = pem.AsSpan();
        while (PemEncoding.TryFind(span, out var fields))
        {
            var label = span[fields.Label];
            if (label.SequenceEqual("X509 CRL"))
            {
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(span[fields.Base64Data], der, out _))
                {
                    throw Invalid("InvalidRevocationContent", "A CRL is not valid base64");
                }

                lists.Add(ParseCrl(der));
            }

            span = span[fields.Location.End.Value..];
        }

        if (lists.Count == 0)
        {
            throw Invalid("InvalidRevocationContent", "The revocation file contains no PEM CRL (-----BEGIN X509 CRL-----)");
        }

        return [.. lists];
    }

    /// <summary>
    /// A DER CertificateList (RFC 5280 §5.1): the issuer name, the revoked serial numbers and what the
    /// signature covers; <see cref="TrustStoreLoader.Check"/> verifies the signature against the issuing CA.
    /// </summary>
    public static RevocationList ParseCrl(byte[] der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var tbsDer = outer.PeekEncodedValue().ToArray();
            var tbs = outer.ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger(); // version
            }

            tbs.ReadSequence(); // signature algorithm
            var issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
            ReadTime(tbs); // thisUpdate
            if (tbs.HasData && (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || tbs.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime)))
            {
                ReadTime(tbs); // nextUpdate
            }

            var serials = new HashSet<string>(StringComparer.Ordinal);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var revoked = tbs.ReadSequence();
                while (revoked.HasData)
                {
                    var entry = revoked.ReadSequence();
                    var serial = entry.ReadIntegerBytes().ToArray();
                    serials.Add(SerialKey(serial));
                }
            }

            var algorithm = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out _);
            return new RevocationList(issuer, serials, der) { SignedPart = tbsDer, SignatureAlgorithm = algorithm, Signature = signature };
        }
        catch (AsnContentException e)
        {
            throw Invalid("InvalidRevocationContent", $"A CRL cannot be parsed: {e.Message}");
        }
    }

    /// <summary>The comparison key of a serial number: its value in upper-case hex without leading zero bytes.</summary>
    public static string SerialKey(ReadOnlySpan<byte> bigEndian)
    {
        var value = new BigInteger(bigEndian, isUnsigned: false, isBigEndian: true);
        return value.ToString("X", System.Globalization.CultureInfo.InvariantCulture).TrimStart('0');
    }

    private static void ReadTime(AsnReader reader)
    {
        if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime))
        {
            reader.ReadUtcTime();
        }
        else
        {
            reader.ReadGeneralizedTime();
        }
    }

    private static TrustStoreContentException Invalid(string code, string message) => new(code, message);
}

/// <summary>One CRL: who issued it, which serial numbers it revokes, and its signature.</summary>
public sealed record RevocationList(X500DistinguishedName Issuer, IReadOnlySet<string> RevokedSerials, byte[] Der)
{
    /// <summary>The DER tbsCertList, which the signature covers.</summary>
    public byte[] SignedPart { get; init; } = [];

    /// <summary>The OID of signatureAlgorithm.</summary>
    public string SignatureAlgorithm { get; init; } = "";

    public byte[] Signature { get; init; } = [];

    /// <summary>The PEM of this CRL (GetTrustStoreRevocationContent).</summary>
    public string Pem => PemEncoding.WriteString("X509 CRL", Der);

    /// <summary>True when <paramref name="ca"/>'s key verifies the signature (RSA PKCS#1 v1.5 or ECDSA, SHA-1/256/384/512).</summary>
    public bool IsSignedBy(X509Certificate2 ca)
    {
        (HashAlgorithmName Hash, bool Rsa)? scheme = SignatureAlgorithm switch
        {
            "1.2.840.113549.1.1.5" => (HashAlgorithmName.SHA1, true),
            "1.2.840.113549.1.1.11" => (HashAlgorithmName.SHA256, true),
            "1.2.840.113549.1.1.12" => (HashAlgorithmName.SHA384, true),
            "1.2.840.113549.1.1.13" => (HashAlgorithmName.SHA512, true),
            "1.2.840.10045.4.1" => (HashAlgorithmName.SHA1, false),
            "1.2.840.10045.4.3.2" => (HashAlgorithmName.SHA256, false),
            "1.2.840.10045.4.3.3" => (HashAlgorithmName.SHA384, false),
            "1.2.840.10045.4.3.4" => (HashAlgorithmName.SHA512, false),
            _ => null,
        };
        if (scheme is not { } s)
        {
            return false;
        }

        try
        {
            if (s.Rsa)
            {
                using var rsa = ca.GetRSAPublicKey();
                return rsa is not null && rsa.VerifyData(SignedPart, Signature, s.Hash, RSASignaturePadding.Pkcs1);
            }

            using var ecdsa = ca.GetECDsaPublicKey();
            return ecdsa is not null && ecdsa.VerifyData(SignedPart, Signature, s.Hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}

/// <summary>Trust-store content AWS would refuse; <see cref="Code"/> is the ELBv2 error code.</summary>
public sealed class TrustStoreContentException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
