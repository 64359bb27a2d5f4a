using System.Net.Sockets;
using System.Text;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// A raw TCP client for tests that assert exact bytes: sends what it is given and reads one HTTP/1.x
/// response (headers plus Content-Length body), or everything until the server closes.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _buffer = [];

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>The client-side port: the <c>client:port</c> of this connection's access-log lines.</summary>
    public int LocalPort => ((System.Net.IPEndPoint)_client.Client.LocalEndPoint!).Port;

    public static async Task<RawHttpConnection> ConnectAsync(Uri uri)
    {
        var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        client.NoDelay = true;
        return new RawHttpConnection(client);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one response: status line, headers and a Content-Length body (none for HEAD).</summary>
    public async Task<RawHttpResponse> ReadResponseAsync(bool headRequest = false, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        int headerEnd;
        while ((headerEnd = IndexOf(_buffer, "\r\n\r\n"u8)) < 0)
        {
            if (!await FillAsync(cts.Token))
            {
                throw new EndOfStreamException("Connection closed before a complete response head: " + Encoding.Latin1.GetString(_buffer.ToArray()));
            }
        }

        var head = Encoding.Latin1.GetString(_buffer.GetRange(0, headerEnd + 4).ToArray());
        var response = RawHttpResponse.ParseHead(head);
        var length = headRequest ? 0 : response.ContentLength ?? 0;
        while (_buffer.Count < headerEnd + 4 + length)
        {
            if (!await FillAsync(cts.Token))
            {
                throw new EndOfStreamException("Connection closed in the body.");
            }
        }

        var body = _buffer.GetRange(headerEnd + 4, (int)length).ToArray();
        _buffer.RemoveRange(0, headerEnd + 4 + (int)length);
        return response with { Body = body, Raw = head + Encoding.Latin1.GetString(body) };
    }

    /// <summary>True when the server closes the connection within <paramref name="timeout"/> (after any buffered bytes).</summary>
    public async Task<bool> IsClosedByServerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await FillAsync(cts.Token))
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[8192];
        var read = await _stream.ReadAsync(chunk, cancellationToken);
        if (read == 0)
        {
            return false;
        }

        _buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        return true;
    }

    private static int IndexOf(List<byte> buffer, ReadOnlySpan<byte> pattern)
    {
        for (var i = 0; i + pattern.Length <= buffer.Count; i++)
        {
            var match = true;
            for (var j = 0; j < pattern.Length && match; j++)
            {
                match = buffer[i + j] == pattern[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A response as read off the wire.</summary>
public sealed record RawHttpResponse(string StatusLine, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public byte[] Body { get; init; } = [];

    public string Raw { get; init; } = "";

    public int StatusCode => int.Parse(StatusLine.Split(' ')[1]);

    public long? ContentLength => Header("Content-Length") is { } v ? long.Parse(v) : null;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public static RawHttpResponse ParseHead(string head)
    {
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1).Select(l =>
        {
            var colon = l.IndexOf(':');
            return new KeyValuePair<string, string>(l[..colon], l[(colon + 1)..].Trim());
        }).ToList();
        return new RawHttpResponse(lines[0], headers);
    }
}
