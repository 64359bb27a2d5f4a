using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

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
    private readonly ConcurrentDictionary<string, Stack<Http1DowngradeConnection>> _idle = new(StringComparer.Ordinal);

    public Http1DowngradeHandler(TimeSpan idleTimeout)
    {
        _idleTimeout = idleTimeout;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("No request URI.");
        var key = uri.GetLeftPart(UriPartial.Authority);
        var head = new HeadBuilder(ArrayPool<byte>.Shared.Rent(2048));
        Http1DowngradeConnection? connection = null;
        try
        {
            var chunkedBody = BuildHead(ref head, request, uri);
            connection = TakeIdle(key) ?? await ConnectAsync(uri, key, cancellationToken);
            await connection.Stream.WriteAsync(head.Written, cancellationToken);
            head.Return();
            if (request.Content is not null)
            {
                await WriteBodyAsync(connection.Stream, request.Content, chunkedBody, cancellationToken);
            }

            await connection.Stream.FlushAsync(cancellationToken);
            var response = await Http1ResponseReader.ReadAsync(connection, request, cancellationToken);
            response.RequestMessage = request;
            return response;
        }
        catch (TargetClosedConnectionException)
        {
            // Never resent on another connection: ALB answers 502 (ERR-502).
            connection?.Dispose();
            throw;
        }
        catch (Exception e) when (connection is not null && e is IOException or SocketException or ObjectDisposedException)
        {
            connection.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The target closed the connection.", e);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
        finally
        {
            head.Return();
        }
    }

    /// <summary>
    /// The request line and headers, with TG-21 name casing, as Latin-1 bytes (header bytes >= 0x80 pass
    /// through as Kestrel read them). Values are written as they were added (not re-parsed), as
    /// SocketsHttpHandler writes them on the HTTP/1.1 path. True when the body is sent chunked.
    /// </summary>
    private static bool BuildHead(ref HeadBuilder text, HttpRequestMessage request, Uri uri)
    {
        text.Append(request.Method.Method);
        text.Append(' ');
        text.Append(uri.PathAndQuery);
        text.Append(" HTTP/1.1\r\n");
        var host = request.Headers.Host ?? uri.Authority;
        text.Append("Host: ");
        text.Append(host);
        text.Append("\r\n");
        foreach (var header in request.Headers.NonValidated)
        {
            if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            AppendHeader(ref text, header.Key, header.Value);
        }

        var chunkedBody = false;
        if (request.Content is { } content)
        {
            foreach (var header in content.Headers.NonValidated)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    AppendHeader(ref text, header.Key, header.Value);
                }
            }

            if (content.Headers.ContentLength is { } length)
            {
                text.Append("content-length: ");
                text.Append(length);
                text.Append("\r\n");
            }
            else
            {
                text.Append("transfer-encoding: chunked\r\n");
                chunkedBody = true;
            }
        }

        text.Append("\r\n");
        return chunkedBody;
    }

    private static void AppendHeader(ref HeadBuilder text, string name, HeaderStringValues values)
    {
        text.AppendName(name);
        text.Append(": ");
        var separator = string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ";
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                text.Append(separator);
            }

            text.Append(value);
            first = false;
        }

        text.Append("\r\n");
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
        if (!_idle.TryGetValue(key, out var stack))
        {
            return null;
        }

        while (true)
        {
            Http1DowngradeConnection? connection;
            lock (stack)
            {
                // Most recently used first (as SocketsHttpHandler): the others age out at the idle timeout.
                if (!stack.TryPop(out connection))
                {
                    return null;
                }
            }

            if (DateTime.UtcNow - connection.IdleSince < _idleTimeout && connection.IsUsable)
            {
                return connection;
            }

            connection.Dispose();
        }
    }

    internal void Release(Http1DowngradeConnection connection, bool reusable)
    {
        if (!reusable)
        {
            connection.Dispose();
            return;
        }

        connection.IdleSince = DateTime.UtcNow;
        var stack = _idle.GetOrAdd(connection.PoolKey, static _ => new Stack<Http1DowngradeConnection>());
        lock (stack)
        {
            stack.Push(connection);
        }
    }

    private async Task<Http1DowngradeConnection> ConnectAsync(Uri uri, string key, CancellationToken cancellationToken)
    {
        var (socket, stream) = await TargetConnector.OpenAsync(new DnsEndPoint(uri.IdnHost, uri.Port), uri.Scheme == Uri.UriSchemeHttps, uri.IdnHost, SslApplicationProtocol.Http11, cancellationToken);
        return new Http1DowngradeConnection(socket, stream, this, key);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var stack in _idle.Values)
            {
                lock (stack)
                {
                    while (stack.TryPop(out var connection))
                    {
                        connection.Dispose();
                    }
                }
            }
        }

        base.Dispose(disposing);
    }
}
