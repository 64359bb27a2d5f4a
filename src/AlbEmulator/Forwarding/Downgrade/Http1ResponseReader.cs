using System.Globalization;
using System.Net;
using System.Text;
using AlbEmulator.Limits;

namespace AlbEmulator.Forwarding.Downgrade;

/// <summary>
/// Reads an HTTP/1.1 response head from a target and exposes the body as a stream. The head is parsed in
/// place in the connection's read buffer: one string per header name and value, nothing else per line.
/// </summary>
internal static class Http1ResponseReader
{
    public static async Task<HttpResponseMessage> ReadAsync(Http1DowngradeConnection connection, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        while (true)
        {
            var headLength = await ReadHeadAsync(connection, cancellationToken);
            connection.ResponsesStarted++;
            var response = Parse(connection.Buffer.AsSpan(connection.Start, headLength), request, connection, out var interim);
            connection.Start += headLength + 4;
            if (!interim)
            {
                return response!;
            }

            // 100 Continue and other interim responses: read the next head.
        }
    }

    private static HttpResponseMessage? Parse(ReadOnlySpan<byte> head, HttpRequestMessage request, Http1DowngradeConnection connection, out bool interim)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        var rest = lineEnd < 0 ? default : head[(lineEnd + 2)..];
        var firstSpace = statusLine.IndexOf((byte)' ');
        var afterVersion = firstSpace < 0 ? default : statusLine[(firstSpace + 1)..];
        var secondSpace = afterVersion.IndexOf((byte)' ');
        var codeText = secondSpace < 0 ? afterVersion : afterVersion[..secondSpace];
        if (firstSpace < 0 || !statusLine.StartsWith("HTTP/1."u8) || !int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, "The target sent a malformed response.");
        }

        interim = code is >= 100 and < 200 and not 101;
        if (interim)
        {
            return null;
        }

        var response = new HttpResponseMessage((HttpStatusCode)code)
        {
            ReasonPhrase = secondSpace < 0 ? "" : Encoding.Latin1.GetString(afterVersion[(secondSpace + 1)..]),
            Version = HttpVersion.Version11,
        };
        List<(string, string)>? contentHeaders = null;
        long? contentLength = null;
        var chunked = false;
        var close = statusLine[..firstSpace].SequenceEqual("HTTP/1.0"u8);
        while (lineEnd >= 0)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? rest : rest[..lineEnd];
            rest = lineEnd < 0 ? default : rest[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new HttpRequestException(HttpRequestError.InvalidResponse, "The target sent a malformed header line.");
            }

            var nameBytes = line[..colon];
            var valueBytes = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(nameBytes, "Content-Length"u8))
            {
                contentLength = long.Parse(valueBytes, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else if (Ascii.EqualsIgnoreCase(nameBytes, "Transfer-Encoding"u8))
            {
                chunked = ContainsIgnoreCase(valueBytes, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(nameBytes, "Connection"u8))
            {
                close |= ContainsIgnoreCase(valueBytes, "close"u8);
            }

            var name = Encoding.Latin1.GetString(nameBytes);
            var value = Encoding.Latin1.GetString(valueBytes);
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                (contentHeaders ??= []).Add((name, value));
            }
        }

        var noBody = request.Method == HttpMethod.Head || code is 204 or 304;
        Stream body = noBody
            ? new Http1BodyStream(connection, 0, chunked: false, untilClose: false, close)
            : chunked
                ? new Http1BodyStream(connection, -1, chunked: true, untilClose: false, close)
                : contentLength is { } length
                    ? new Http1BodyStream(connection, length, chunked: false, untilClose: false, close)
                    : new Http1BodyStream(connection, -1, chunked: false, untilClose: true, close: true);
        response.Content = new StreamContent(body);
        foreach (var (name, value) in contentHeaders ?? [])
        {
            response.Content.Headers.TryAddWithoutValidation(name, value);
        }

        if (contentLength is { } declared && !chunked)
        {
            response.Content.Headers.ContentLength = declared;
        }

        return response;
    }

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> word)
    {
        for (var i = 0; i + word.Length <= value.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(value.Slice(i, word.Length), word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads until a whole head is in the buffer; returns its length (without the blank line) from <c>Start</c>.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ReadHeadAsync(Http1DowngradeConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var unread = connection.Buffer.AsSpan(connection.Start, connection.End - connection.Start);
            var end = unread.IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return end;
            }

            if (unread.Length > AlbLimits.MaxResponseHeaderBytes)
            {
                throw new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, "The target's response headers are over 32 K.");
            }

            var nothingYet = connection.Start == connection.End;
            bool more;
            try
            {
                more = await connection.FillAsync(cancellationToken);
            }
            catch (IOException e) when (nothingYet && !cancellationToken.IsCancellationRequested)
            {
                throw new TargetClosedConnectionException(reset: true, connection.ResponsesStarted, e);
            }

            if (!more)
            {
                if (nothingYet)
                {
                    // Nothing of a response came back: the request was outstanding when the target closed.
                    throw new TargetClosedConnectionException(reset: false, connection.ResponsesStarted, null);
                }

                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The target closed the connection before a complete response head.");
            }
        }
    }
}
