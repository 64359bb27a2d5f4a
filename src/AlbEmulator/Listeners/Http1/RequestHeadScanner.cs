using System.Buffers;
using AlbEmulator.Errors;
using AlbEmulator.Limits;

namespace AlbEmulator.Listeners.Http1;

/// <summary>Outcome of looking for a complete request head in the bytes received so far.</summary>
internal enum HeadScanStatus
{
    /// <summary>No complete head yet, no limit exceeded.</summary>
    NeedMoreData,

    /// <summary>A complete head (request line + headers + empty line) of <c>HeadLength</c> bytes.</summary>
    Complete,

    /// <summary>The bytes start an HTTP/2 connection preface (LST-4, TG-12).</summary>
    Http2Preface,

    /// <summary>A limit was exceeded: answer <c>Error</c>.</summary>
    LimitExceeded,
}

/// <summary>
/// Finds the end of an HTTP/1.x request head (an empty line, CRLF or bare LF terminated) and enforces
/// ALB's size limits while doing so (§7.1): request line 16 K → 414, a header line 16 K or the whole
/// head 64 K → 400. Leading empty lines before the request line are tolerated (RFC 9112 §2.2).
/// </summary>
internal static class RequestHeadScanner
{
    private static ReadOnlySpan<byte> Http2Preface => "PRI * HTTP/2.0\r\n"u8;

    public static HeadScanStatus Scan(in ReadOnlySequence<byte> buffer, out long headLength, out AlbError error)
    {
        headLength = 0;
        error = AlbError.None;
        var reader = new SequenceReader<byte>(buffer);

        // An HTTP/2 preface (cleartext h2 prior knowledge) on an HTTP/1 connection.
        if (StartsWithPrefacePrefix(buffer))
        {
            if (buffer.Length >= Http2Preface.Length)
            {
                return HeadScanStatus.Http2Preface;
            }

            return HeadScanStatus.NeedMoreData;
        }

        var lineNumber = 0;
        long headBytes = 0;
        while (true)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n', advancePastDelimiter: true))
            {
                // Incomplete line: check it against its limit already.
                var pending = reader.Remaining;
                if (lineNumber == 0 && pending > AlbLimits.MaxRequestLineBytes)
                {
                    error = AlbError.UriTooLong;
                    return HeadScanStatus.LimitExceeded;
                }

                if (lineNumber > 0 && (pending > AlbLimits.MaxSingleHeaderBytes || headBytes + pending > AlbLimits.MaxTotalHeaderBytes))
                {
                    error = AlbError.RequestHeaderTooLarge;
                    return HeadScanStatus.LimitExceeded;
                }

                return HeadScanStatus.NeedMoreData;
            }

            var length = line.Length + 1;
            var isEmpty = line.Length == 0 || (line.Length == 1 && line.FirstSpan[0] == (byte)'\r');
            if (lineNumber == 0)
            {
                if (isEmpty)
                {
                    // Empty lines before the request line are ignored.
                    continue;
                }

                if (length > AlbLimits.MaxRequestLineBytes)
                {
                    error = AlbError.UriTooLong;
                    return HeadScanStatus.LimitExceeded;
                }

                lineNumber = 1;
                continue;
            }

            if (isEmpty)
            {
                headLength = reader.Consumed;
                return HeadScanStatus.Complete;
            }

            headBytes += length;
            if (length > AlbLimits.MaxSingleHeaderBytes || headBytes > AlbLimits.MaxTotalHeaderBytes)
            {
                error = AlbError.RequestHeaderTooLarge;
                return HeadScanStatus.LimitExceeded;
            }

            lineNumber++;
        }
    }

    private static bool StartsWithPrefacePrefix(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> start = stackalloc byte[16];
        var count = (int)Math.Min(buffer.Length, start.Length);
        buffer.Slice(0, count).CopyTo(start);
        return count > 0 && Http2Preface[..count].SequenceEqual(start[..count]);
    }
}
