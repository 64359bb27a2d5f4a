using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AlbEmulator.MutualTls;

/// <summary>
/// The formats ALB uses for client certificates in request headers and connection logs (LST-41..LST-43):
/// RFC 2253 distinguished names, ISO 8601 validity, hexadecimal serial numbers and URL-encoded PEM.
/// </summary>
public static class CertificateFormats
{
    /// <summary>Short names for attribute types (RFC 2253 §2.3, plus the ones OpenSSL prints by name).</summary>
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.6"] = "C",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.9"] = "STREET",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID",
        ["1.2.840.113549.1.9.1"] = "emailAddress",
        ["2.5.4.5"] = "serialNumber",
        ["2.5.4.4"] = "SN",
        ["2.5.4.42"] = "GN",
        ["2.5.4.12"] = "title",
        ["2.5.4.46"] = "dnQualifier",
    };

    /// <summary>The leaf's serial number as hexadecimal digits, as encoded (<c>03A5B1</c>).</summary>
    public static string SerialNumber(X509Certificate2 certificate) => certificate.SerialNumber;

    /// <summary><c>NotBefore=2023-09-21T01:50:17Z;NotAfter=2024-09-20T01:50:17Z</c>.</summary>
    public static string Validity(X509Certificate2 certificate) =>
        $"NotBefore={Iso(certificate.NotBefore)};NotAfter={Iso(certificate.NotAfter)}";

    /// <summary>A certificate as PEM with a final line break, as ALB puts it in headers.</summary>
    public static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>LST-43: percent-encodes everything except unreserved characters and <c>+ = /</c> (like <c>quote(pem, safe="+=/")</c>).</summary>
    public static string UrlEncode(string value)
    {
        var sb = new StringBuilder(value.Length + value.Length / 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '+' or '=' or '/')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// RFC 2253: the RDNs last to first, separated by <c>,</c> (multi-valued RDNs joined by <c>+</c>), types
    /// by short name or dotted OID, string values escaped, other values as <c>#</c> + hex of their encoding.
    /// </summary>
    public static string Rfc2253(X500DistinguishedName name)
    {
        var rdns = new List<string>();
        try
        {
            var sequence = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var set = sequence.ReadSetOf();
                var parts = new List<string>();
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    var oid = attribute.ReadObjectIdentifier();
                    var type = ShortNames.GetValueOrDefault(oid, oid);
                    parts.Add(type + "=" + Value(attribute));
                }

                rdns.Add(string.Join('+', parts));
            }
        }
        catch (AsnContentException)
        {
            return name.Name;
        }

        rdns.Reverse();
        return string.Join(',', rdns);
    }

    private static string Value(AsnReader attribute)
    {
        var tag = attribute.PeekTag();
        if (tag.TagClass == TagClass.Universal && (UniversalTagNumber)tag.TagValue is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString
            or UniversalTagNumber.IA5String or UniversalTagNumber.BMPString
            or UniversalTagNumber.VisibleString or UniversalTagNumber.NumericString)
        {
            return Escape(attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue));
        }

        return "#" + Convert.ToHexStringLower(attribute.ReadEncodedValue().Span);
    }

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';'
                || (i == 0 && c is '#' or ' ')
                || (i == value.Length - 1 && c == ' '))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string Iso(DateTime local) =>
        local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
