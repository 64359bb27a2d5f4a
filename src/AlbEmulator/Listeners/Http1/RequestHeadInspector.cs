using System.Text;
using AlbEmulator.Errors;

namespace AlbEmulator.Listeners.Http1;

/// <summary>The wire-level verdict on one complete request head.</summary>
internal readonly record struct HeadVerdict(
    AlbError Error,
    bool RequestLineParsed,
    string Method,
    string RawTarget,
    string Version,
    int HostCount,
    string? Host,
    string? UserAgent = null,
    bool NeedsNormalising = false);

/// <summary>
/// Reads the request line and the Host, User-Agent and Transfer-Encoding headers of a complete head (the checks in
/// <see cref="Pipeline.AlbCheckOrder.Wire"/> that need a parsed head): malformed request line → 400,
/// HTTP/1.1 without Host → 400 (HDR-21), Transfer-Encoding other than chunked/identity → 501 (ERR-501).
/// </summary>
internal static class RequestHeadInspector
{
    public static HeadVerdict Inspect(ReadOnlySpan<byte> head)
    {
        // Skip leading empty lines.
        while (head.Length > 0 && (head[0] == (byte)'\r' || head[0] == (byte)'\n'))
        {
            head = head[1..];
        }

        var lineEnd = head.IndexOf((byte)'\n');
        var requestLine = TrimCr(lineEnd < 0 ? head : head[..lineEnd]);
        var firstSpace = requestLine.IndexOf((byte)' ');
        var lastSpace = requestLine.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            return new HeadVerdict(AlbError.BadRequest, false, "-", "-", "-", 0, null);
        }

        var method = Encoding.Latin1.GetString(requestLine[..firstSpace]);
        var target = Encoding.Latin1.GetString(requestLine[(firstSpace + 1)..lastSpace]);
        var version = Encoding.Latin1.GetString(requestLine[(lastSpace + 1)..]);
        if (!version.StartsWith("HTTP/1.", StringComparison.Ordinal) && !version.StartsWith("HTTP/0.", StringComparison.Ordinal))
        {
            return new HeadVerdict(AlbError.BadRequest, true, method, target, version, 0, null);
        }

        string? host = null;
        var hostCount = 0;
        var teNotPlainChunked = false;
        var targetBytes = requestLine[(firstSpace + 1)..lastSpace];
        string? userAgent = null;
        var unsupportedCoding = false;
        var rest = lineEnd < 0 ? ReadOnlySpan<byte>.Empty : head[(lineEnd + 1)..];
        var kestrelWouldReject = false;
        while (rest.Length > 0)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = TrimCr(end < 0 ? rest : rest[..end]);
            rest = end < 0 ? ReadOnlySpan<byte>.Empty : rest[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t' || !Desync.HttpCharClasses.AllTchars(line[..colon]))
            {
                // obs-fold (HDR-52), a line without a colon, a name that is not a token: Kestrel would
                // answer 400 itself, so the head is rewritten (HeadNormalizer) after classification.
                kestrelWouldReject = true;
                if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t')
                {
                    continue;
                }
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "host"u8))
            {
                host ??= Encoding.Latin1.GetString(value);
                hostCount++;
            }
            else if (Ascii.EqualsIgnoreCase(name, "user-agent"u8))
            {
                userAgent ??= Encoding.Latin1.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                // Kestrel only frames "Transfer-Encoding: chunked" itself; anything else is rewritten.
                teNotPlainChunked |= !Ascii.EqualsIgnoreCase(value, "chunked"u8);
                foreach (var range in value.Split((byte)','))
                {
                    var coding = value[range].Trim(" \t"u8);
                    var semicolon = coding.IndexOf((byte)';');
                    if (semicolon >= 0)
                    {
                        coding = coding[..semicolon].Trim(" \t"u8);
                    }

                    if (!Ascii.EqualsIgnoreCase(coding, "chunked"u8) && !Ascii.EqualsIgnoreCase(coding, "identity"u8) && coding.Length > 0)
                    {
                        unsupportedCoding = true;
                    }
                }
            }
        }

        var error = AlbError.None;
        var methodBytes = requestLine[..firstSpace];
        if (methodBytes.SequenceEqual("PRI"u8) || (targetBytes.SequenceEqual("*"u8) && !methodBytes.SequenceEqual("OPTIONS"u8)))
        {
            // [EMU] "PRI" is HTTP/2's preface method and "*" only targets OPTIONS: not a request ALB can route (400).
            error = AlbError.BadRequest;
        }
        else if (HeadNormalizer.ForwardedVersion(requestLine[(lastSpace + 1)..]) == HeadNormalizer.Http11 && host is null)
        {
            // HDR-21, for any version forwarded as HTTP/1.1.
            error = AlbError.MissingHostHeader;
        }
        else if (unsupportedCoding)
        {
            error = AlbError.UnsupportedTransferEncoding;
        }

        // Heads that ALB forwards as they are but Kestrel's stricter parser rejects (several Host
        // headers, request-target bytes outside visible ASCII, Transfer-Encoding other than plain chunked).
        var needsNormalising = kestrelWouldReject || hostCount > 1 || teNotPlainChunked || targetBytes.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0
            || !(version is "HTTP/1.1" or "HTTP/1.0");
        return new HeadVerdict(error, true, method, target, version, hostCount, host, userAgent, needsNormalising);
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
