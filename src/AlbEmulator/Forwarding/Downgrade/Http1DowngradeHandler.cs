using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace AlbEmulator.Forwarding.Downgrade;

/// <summary>
/// The HTTP/1.1 client used when an HTTP/2 client is forwarded to an <c>HTTP1</c> target group (TG-20,
/// TG-21). It writes the request head byte for byte as ALB does — the seven mixed-case names of TG-21 and
/// every other header name in lower case — which .NET's SocketsHttpHandler cannot (it always writes its
/// canonical casing for well-known names such as <c>User-Agent</c>). One request at a time per
/// connection (no pipelining, TG-25), idle connections kept for reuse until the idle timeout.
/// </summary>
internal sealed class Http1DowngradeHandler : HttpMessageHandler
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly TimeSpan _idleTimeout;
    private readonly ConcurrentDictionary<string, ConcurrentBag<Http1DowngradeConnection>> _idle = new(StringComparer.Ordinal);

    public Http1DowngradeHandler(TimeSpan idleTimeout)
    {
        _idleTimeout = idleTimeout;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("No request URI.");
        var key = uri.GetLeftPart(UriPartial.Authority);
        var head = BuildHead(request, uri, out var chunkedBody);
        var connection = TakeIdle(key) ?? await ConnectAsync(uri, cancellationToken);
        try
        {
            await connection.Stream.WriteAsync(head, cancellationToken);
            if (request.Content is not null)
            {
                await WriteBodyAsync(connection.Stream, request.Content, chunkedBody, cancellationToken);
            }

            await connection.Stream.FlushAsync(cancellationToken);
            var response = await Http1ResponseReader.ReadAsync(connection, request, cancellationToken, reusable => Release(key, connection, reusable));
            response.RequestMessage = request;
            return response;
        }
        catch (TargetClosedConnectionException)
        {
            // Never resent on another connection: ALB answers 502 (ERR-502).
            connection.Dispose();
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            connection.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The target closed the connection.", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The request line and headers, with TG-21 name casing.</summary>
    private static byte[] BuildHead(HttpRequestMessage request, Uri uri, out bool chunkedBody)
    {
        var text = new StringBuilder(512);
        text.Append(request.Method.Method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        var host = request.Headers.Host ?? uri.Authority;
        text.Append("Host: ").Append(host).Append("\r\n");
        foreach (var header in request.Headers)
        {
            if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            AppendHeader(text, header.Key, header.Value);
        }

        chunkedBody = false;
        if (request.Content is { } content)
        {
            foreach (var header in content.Headers.NonValidated)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    AppendHeader(text, header.Key, header.Value);
                }
            }

            if (content.Headers.ContentLength is { } length)
            {
                text.Append("content-length: ").Append(length).Append("\r\n");
            }
            else
            {
                text.Append("transfer-encoding: chunked\r\n");
                chunkedBody = true;
            }
        }

        text.Append("\r\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private static void AppendHeader(StringBuilder text, string name, IEnumerable<string> values)
    {
        var wireName = Http1HeaderNames.OnTheWire(name);
        var separator = string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ";
        text.Append(wireName).Append(": ").AppendJoin(separator, values).Append("\r\n");
    }

    private static async Task WriteBodyAsync(Stream stream, HttpContent content, bool chunked, CancellationToken cancellationToken)
    {
        if (!chunked)
        {
            await content.CopyToAsync(stream, cancellationToken);
            return;
        }

        var source = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{read:x}\r\n"), cancellationToken);
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await stream.WriteAsync(CrLf, cancellationToken);
        }

        await stream.WriteAsync(LastChunk, cancellationToken);
    }

    private Http1DowngradeConnection? TakeIdle(string key)
    {
        if (!_idle.TryGetValue(key, out var bag))
        {
            return null;
        }

        while (bag.TryTake(out var connection))
        {
            if (DateTime.UtcNow - connection.IdleSince < _idleTimeout && connection.IsUsable)
            {
                return connection;
            }

            connection.Dispose();
        }

        return null;
    }

    private void Release(string key, Http1DowngradeConnection connection, bool reusable)
    {
        if (!reusable)
        {
            connection.Dispose();
            return;
        }

        connection.IdleSince = DateTime.UtcNow;
        _idle.GetOrAdd(key, _ => new ConcurrentBag<Http1DowngradeConnection>()).Add(connection);
    }

    private static async Task<Http1DowngradeConnection> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var (socket, stream) = await TargetConnector.OpenAsync(new DnsEndPoint(uri.IdnHost, uri.Port), uri.Scheme == Uri.UriSchemeHttps, uri.IdnHost, SslApplicationProtocol.Http11, cancellationToken);
        return new Http1DowngradeConnection(socket, stream);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var bag in _idle.Values)
            {
                while (bag.TryTake(out var connection))
                {
                    connection.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }
}
