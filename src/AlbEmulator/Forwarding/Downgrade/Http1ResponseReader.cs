using System.Globalization;
using System.Net;
using System.Text;
using AlbEmulator.Limits;

namespace AlbEmulator.Forwarding.Downgrade;

/// <summary>Reads an HTTP/1.1 response head from a target and exposes the body as a stream.</summary>
internal static class Http1ResponseReader
{
    public static async Task<HttpResponseMessage> ReadAsync(Http1DowngradeConnection connection, HttpRequestMessage request, CancellationToken cancellationToken, Action<bool> release)
    {
        while (true)
        {
            var head = await ReadHeadAsync(connection, cancellationToken);
            connection.ResponsesStarted++;
            var lines = head.Split("\r\n");
            var status = lines[0].Split(' ', 3);
            if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                throw new HttpRequestException(HttpRequestError.InvalidResponse, "The target sent a malformed response.");
            }

            if (code is >= 100 and < 200 and not 101)
            {
                continue; // 100 Continue and other interim responses.
            }

            var response = new HttpResponseMessage((HttpStatusCode)code) { ReasonPhrase = status.Length > 2 ? status[2] : "", Version = HttpVersion.Version11 };
            var contentHeaders = new List<(string, string)>();
            long? contentLength = null;
            var chunked = false;
            var close = status[0] == "HTTP/1.0";
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    throw new HttpRequestException(HttpRequestError.InvalidResponse, "The target sent a malformed header line.");
                }

                var name = line[..colon];
                var value = line[(colon + 1)..].Trim(' ', '\t');
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    contentLength = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                }
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    close |= value.Contains("close", StringComparison.OrdinalIgnoreCase);
                }

                if (!response.Headers.TryAddWithoutValidation(name, value))
                {
                    contentHeaders.Add((name, value));
                }
            }

            var noBody = request.Method == HttpMethod.Head || code is 204 or 304;
            Stream body = noBody
                ? new Http1BodyStream(connection, 0, chunked: false, untilClose: false, release, close)
                : chunked
                    ? new Http1BodyStream(connection, -1, chunked: true, untilClose: false, release, close)
                    : contentLength is { } length
                        ? new Http1BodyStream(connection, length, chunked: false, untilClose: false, release, close)
                        : new Http1BodyStream(connection, -1, chunked: false, untilClose: true, release, close: true);
            response.Content = new StreamContent(body);
            foreach (var (name, value) in contentHeaders)
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }

            if (contentLength is { } declared && !chunked)
            {
                response.Content.Headers.ContentLength = declared;
            }

            return response;
        }
    }

    private static async Task<string> ReadHeadAsync(Http1DowngradeConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var unread = connection.Buffer.AsSpan(connection.Start, connection.End - connection.Start);
            var end = unread.IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Encoding.Latin1.GetString(unread[..end]);
                connection.Start += end + 4;
                return head;
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
