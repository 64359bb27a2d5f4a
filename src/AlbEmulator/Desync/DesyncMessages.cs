using System.Globalization;
using System.Text;

namespace AlbEmulator.Desync;

/// <summary>
/// Builds the human explanation of a non-compliant verdict, in the spirit of http-desync-guardian's
/// log lines: <c>"POST", Severe: MultipleContentLength "Content-Length": "42"</c>. Values of headers
/// other than Transfer-Encoding/Content-Length look-alikes are obfuscated (only odd bytes are shown).
/// </summary>
internal static class DesyncMessages
{
    private const int MaxTokenChars = 256;

    public static string Build(in RawRequestHead parsed, in DesyncFindings findings)
    {
        var text = new StringBuilder(128);
        AppendQuoted(text, parsed.Method);
        text.Append(", ").Append(findings.Tier.ToString()).Append(": ").Append(findings.Reason.ToString()).Append(' ');
        AppendDetails(text, parsed, findings);
        return text.ToString();
    }

    private static void AppendDetails(StringBuilder text, in RawRequestHead parsed, in DesyncFindings findings)
    {
        var token = parsed.Head.Slice(findings.TokenStart, findings.TokenLength);
        switch (findings.Reason)
        {
            case DesyncReason.NonCrLfLineTermination:
                text.Append(findings.Variant == 0 ? "Request line" : "Header line").Append(@" is \n terminated (not \r\n)");
                break;
            case DesyncReason.MissingUri:
                text.Append("Missing URI: ");
                AppendQuoted(text, token);
                break;
            case DesyncReason.PartialHeaderLine:
                text.Append("A header line is not terminated");
                break;
            case DesyncReason.MissingLastEmptyLine:
                text.Append("Did not find an empty line at the end of request header");
                break;
            case DesyncReason.MissingHeaderColon:
                text.Append("Header colon is missing: ");
                AppendHeaderName(text, parsed, findings.HeaderIndex);
                break;
            case DesyncReason.MultilineHeader:
                text.Append("Multiline header found: ");
                AppendHeaderName(text, parsed, findings.HeaderIndex);
                break;
            case DesyncReason.SuspiciousHeader:
                AppendHeader(text, parsed, findings.HeaderIndex);
                text.Append(" too close to ");
                AppendQuoted(text, findings.Variant == 0 ? HeaderNameSimilarity.TransferEncoding : HeaderNameSimilarity.ContentLength);
                break;
            case DesyncReason.BadContentLength:
                AppendHeader(text, parsed, findings.HeaderIndex);
                text.Append(findings.Variant == 0 ? ": Not an integer" : ": 64-bits overflow");
                break;
            case DesyncReason.UndefinedTransferEncodingSemantics when findings.Variant == 1:
                AppendQuoted(text, parsed.Method);
                text.Append(" has Transfer-Encoding");
                break;
            case DesyncReason.UndefinedContentLengthSemantics when findings.Variant == 1:
                AppendQuoted(text, parsed.Method);
                text.Append(" has Content-Length: ").Append(findings.Detail.ToString(CultureInfo.InvariantCulture));
                break;
            case DesyncReason.GetHeadZeroContentLength:
                AppendQuoted(text, parsed.Method);
                text.Append(" has Content-Length:0");
                break;
            case DesyncReason.UndefinedTransferEncodingSemantics:
            case DesyncReason.UndefinedContentLengthSemantics:
            case DesyncReason.NonCompliantVersion:
            case DesyncReason.BadVersion:
                text.Append("version ");
                AppendVersion(text, token);
                break;
            case DesyncReason.BadMethod:
                text.Append("method ");
                AppendQuoted(text, parsed.Method);
                break;
            case DesyncReason.BadUri:
            case DesyncReason.SpaceInUri:
            case DesyncReason.AmbiguousUri:
                text.Append("URI ");
                AppendObfuscated(text, parsed.Target);
                break;
            default:
                AppendHeader(text, parsed, findings.HeaderIndex);
                break;
        }
    }

    private static void AppendVersion(StringBuilder text, ReadOnlySpan<byte> version)
    {
        if (HttpCharClasses.TrimWhitespace(version).IsEmpty)
        {
            // An empty version means HTTP/0.9.
            AppendQuoted(text, "HTTP/0.9"u8);
        }
        else
        {
            AppendQuoted(text, version);
        }
    }

    private static void AppendHeaderName(StringBuilder text, in RawRequestHead parsed, int index)
    {
        if ((uint)index < (uint)parsed.HeaderCount)
        {
            AppendQuoted(text, parsed.GetName(parsed.Headers[index]));
        }
    }

    private static void AppendHeader(StringBuilder text, in RawRequestHead parsed, int index)
    {
        if ((uint)index >= (uint)parsed.HeaderCount)
        {
            return;
        }

        var header = parsed.Headers[index];
        var name = parsed.GetName(header);
        var value = parsed.GetValue(header);
        AppendQuoted(text, name);
        text.Append(": ");
        var bodyHeader = HeaderNameSimilarity.Determine(HeaderNameSimilarity.TransferEncoding, name) != TokenSimilarity.Distant
            || HeaderNameSimilarity.Determine(HeaderNameSimilarity.ContentLength, name) != TokenSimilarity.Distant;
        if (bodyHeader)
        {
            AppendQuoted(text, value);
        }
        else
        {
            AppendObfuscated(text, value);
        }
    }

    /// <summary>Printable ASCII as is, CR/LF/HTAB/backslash escaped, anything else as <c>\0xNN</c>.</summary>
    public static void AppendQuoted(StringBuilder text, ReadOnlySpan<byte> token)
    {
        text.Append('"');
        var limit = Math.Min(token.Length, MaxTokenChars);
        for (var i = 0; i < limit; i++)
        {
            var b = token[i];
            switch (b)
            {
                case (byte)'\r':
                    text.Append(@"\r");
                    break;
                case (byte)'\n':
                    text.Append(@"\n");
                    break;
                case (byte)'\t':
                    text.Append(@"\t");
                    break;
                case (byte)'\\':
                    text.Append(@"\\");
                    break;
                default:
                    if (HttpCharClasses.IsVchar(b))
                    {
                        text.Append((char)b);
                    }
                    else
                    {
                        AppendHex(text, b);
                    }

                    break;
            }
        }

        text.Append('"');
    }

    /// <summary>Shows only structure and odd bytes: runs of ordinary characters become one <c>_</c>.</summary>
    public static void AppendObfuscated(StringBuilder text, ReadOnlySpan<byte> value)
    {
        text.Append('"');
        var limit = Math.Min(value.Length, MaxTokenChars);
        for (var i = 0; i < limit; i++)
        {
            var b = value[i];
            switch (b)
            {
                case (byte)'\r':
                    text.Append(@"\r");
                    break;
                case (byte)'\n':
                    text.Append(@"\n");
                    break;
                case (byte)'\t':
                    text.Append(@"\t");
                    break;
                case (byte)'\\':
                    text.Append(@"\\");
                    break;
                case (byte)' ':
                    text.Append(' ');
                    break;
                default:
                    if (!HttpCharClasses.IsVchar(b) && !HttpCharClasses.IsObsText(b))
                    {
                        AppendHex(text, b);
                    }
                    else if (text[^1] != '_')
                    {
                        text.Append('_');
                    }

                    break;
            }
        }

        text.Append('"');
    }

    private static void AppendHex(StringBuilder text, byte b) =>
        text.Append(@"\0x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
}
