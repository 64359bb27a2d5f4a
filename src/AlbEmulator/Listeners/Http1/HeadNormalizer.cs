using System.Buffers;
using System.Text;
using AlbEmulator.Desync;

namespace AlbEmulator.Listeners.Http1;

/// <summary>
/// Rewrites a request head that ALB would forward but Kestrel's stricter parser would reject
/// (non-compliant requests the mode lets through, several Host headers). The rewrite keeps the
/// request's meaning and makes the framing unambiguous: the body is delimited exactly as the emulator
/// delimits it (one Content-Length or chunked), so the emulator and the target can never disagree.
/// Rules (docs/desync-mitigation.md, "What is forwarded"): request-target bytes outside visible ASCII
/// are percent-encoded; a version other than HTTP/1.0 or HTTP/1.1 becomes HTTP/1.1 (HTTP/0.x: HTTP/1.0);
/// headers whose names are not tokens are dropped; control characters are removed from values; a folded
/// (obs-fold) line becomes a header line of its own (HDR-52, <see cref="ContinuationAsHeader"/>); only the first Host is kept; Content-Length and Transfer-Encoding are
/// replaced by the emulator's framing. Returns null when the head cannot be forwarded at all. It reads the head's one
/// split (<see cref="WireHead.Raw"/>); it never parses the bytes again.
/// </summary>
internal static class HeadNormalizer
{
    public static byte[]? Normalize(in RawRequestHead parsed, BodyFraming framing)
    {
        var head = parsed.Head;
        if (head.IsEmpty)
        {
            return null;
        }

        var method = parsed.Method;
        if (method.IsEmpty || !HttpCharClasses.AllTchars(method) || parsed.Target.IsEmpty)
        {
            return null;
        }

        var output = new ArrayBufferWriter<byte>(head.Length + 64);
        output.Write(method);
        output.Write(" "u8);
        var target = parsed.Target;
        if (target[0] != (byte)'/' && target.IndexOf("://"u8) < 0 && !target.SequenceEqual("*"u8))
        {
            // [EMU] Kestrel needs an origin-form target: a target that does not start with "/" gets one.
            output.Write("/"u8);
        }

        WriteTarget(output, target);
        output.Write(" "u8);
        output.Write(ForwardedVersion(parsed.Version) == Http10 ? "HTTP/1.0"u8 : "HTTP/1.1"u8);
        output.Write("\r\n"u8);

        var hostWritten = false;
        var headers = parsed.Headers;
        for (var i = 0; i < headers.Length; i++)
        {
            var header = headers[i];
            scoped ReadOnlySpan<byte> name;
            scoped ReadOnlySpan<byte> value;
            if (header.IsContinuation)
            {
                // HDR-52: ALB "appends a colon" to a multi-line header's continuation line. The one place
                // that decides the bytes: the continuation line, its leading whitespace removed, becomes a
                // header line of its own; without a colon of its own it is the name of an empty header
                // ("X-A: one\r\n two\r\n" → "X-A: one\r\ntwo: \r\n"). A line that then is no valid
                // header (the name not a token) cannot be carried and is dropped. docs/desync-mitigation.md.
                ContinuationAsHeader(parsed.Head, header, out name, out value);
            }
            else if (header.HasColon)
            {
                name = parsed.GetName(header);
                value = parsed.GetValue(header);
            }
            else
            {
                continue;
            }

            if (name.IsEmpty || !HttpCharClasses.AllTchars(name) || IsFramingHeader(name))
            {
                continue;
            }

            if (Ascii.EqualsIgnoreCase(name, "host"u8))
            {
                if (hostWritten)
                {
                    continue;
                }

                hostWritten = true;
            }

            output.Write(name);
            output.Write(": "u8);
            WriteValue(output, value);
            output.Write("\r\n"u8);
        }

        switch (framing.Kind)
        {
            case BodyFramingKind.Chunked:
                output.Write("Transfer-Encoding: chunked\r\n"u8);
                break;
            case BodyFramingKind.ContentLength when framing.Length > 0:
                output.Write("Content-Length: "u8);
                output.Write(System.Text.Encoding.ASCII.GetBytes(framing.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                output.Write("\r\n"u8);
                break;
        }

        output.Write("\r\n"u8);
        return output.WrittenSpan.ToArray();
    }

    internal const int Http10 = 10;
    internal const int Http11 = 11;

    /// <summary>
    /// The version a request is forwarded with (docs/desync-mitigation.md): HTTP/1.0 stays, HTTP/0.x and a
    /// missing version (HTTP/0.9 style) become HTTP/1.0, anything else HTTP/1.1.
    /// </summary>
    internal static int ForwardedVersion(ReadOnlySpan<byte> version)
    {
        version = version.Trim(" \t"u8);
        return version.IsEmpty || version.SequenceEqual("HTTP/1.0"u8) || version.StartsWith("HTTP/0."u8) ? Http10 : Http11;
    }

    /// <summary>A continuation (obs-fold) line as a header of its own: "name: value", or "text" as the name of an empty header.</summary>
    private static void ContinuationAsHeader(ReadOnlySpan<byte> head, RawHeaderLine header, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        // The line starts at the continuation's first byte (its leading whitespace) for both shapes of
        // RawHeaderLine (a folded line that mimics a header, or the continuation of the previous one).
        var start = header.IsContinuation && header.NameStart < header.ValueStart && !HttpCharClasses.IsWhitespace(head[header.NameStart]) ? header.ValueStart : header.NameStart;
        var line = head[start..];
        var end = line.IndexOf((byte)'\n');
        line = end < 0 ? line : line[..end];
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        line = line.TrimStart(" \t"u8);
        var colon = line.IndexOf((byte)':');
        name = colon < 0 ? line.TrimEnd(" \t"u8) : line[..colon];
        value = colon < 0 ? default : line[(colon + 1)..];
    }

    private static bool IsFramingHeader(ReadOnlySpan<byte> name) =>
        Ascii.EqualsIgnoreCase(name, "content-length"u8) || Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8);

    private static void WriteTarget(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> target)
    {
        Span<byte> escaped = stackalloc byte[3];
        foreach (var b in target)
        {
            if (b == 0)
            {
                // [EMU] NUL cannot be forwarded (Kestrel rejects a decoded %00): it is dropped.
                continue;
            }

            if (b is > 0x20 and < 0x7F)
            {
                escaped[0] = b;
                output.Write(escaped[..1]);
            }
            else
            {
                escaped[0] = (byte)'%';
                escaped[1] = (byte)"0123456789ABCDEF"[b >> 4];
                escaped[2] = (byte)"0123456789ABCDEF"[b & 0xF];
                output.Write(escaped);
            }
        }
    }

    private static void WriteValue(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        Span<byte> one = stackalloc byte[1];
        foreach (var b in value.Trim(" \t"u8))
        {
            if (b is >= 0x20 and not 0x7F || b == (byte)'\t')
            {
                one[0] = b;
                output.Write(one);
            }
        }
    }
}
