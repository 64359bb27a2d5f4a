using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace AlbEmulator.Forwarding.Http1;

/// <summary>How the request body goes to the target.</summary>
internal enum Http1RequestBody : byte
{
    None,
    ContentLength,
    Chunked,
}

/// <summary>
/// The request head the direct forwarder writes, built straight into a byte buffer owned by the target connection
/// (Latin-1: header bytes >= 0x80 go back out as Kestrel read them; characters above U+00FF become '?'). The buffers
/// are rented from <see cref="ArrayPool{T}.Shared"/> by <see cref="Start"/> (the content headers' at the first one) and
/// given back by <see cref="ReturnBuffers"/> when the connection's exchange ends.
/// It is the byte writer of <see cref="ForwardedRequestHeaders"/>. Two spellings:
/// <list type="bullet">
/// <item>HTTP/1.x clients: the bytes .NET's HTTP client wrote here before (request line, the request headers in the
/// order decided, <c>Transfer-Encoding: chunked</c> for a body without a length, then the content headers, and
/// <c>Content-Length: 0</c> where .NET adds it).</item>
/// <item>HTTP/2 clients (TG-21): Host first, the seven mixed-case names, every other name in lower case, content
/// headers then <c>content-length</c> or <c>transfer-encoding: chunked</c> last.</item>
/// </list>
/// </summary>
internal sealed class Http1RequestHead : IForwardedHeaderSink
{
    private const int HeadSize = 2048;
    private const int ContentSize = 256;
    private byte[] _head = [];
    private int _length;
    private byte[] _content = [];
    private int _contentLength;
    private bool _downgrade;
    private bool _hasContentHeaders;
    private string? _declaredLength;

    public ReadOnlyMemory<byte> Written => _head.AsMemory(0, _length);

    /// <summary>The head holds rented buffers (from <see cref="Start"/> to <see cref="ReturnBuffers"/>).</summary>
    public bool HasBuffers => _head.Length != 0 || _content.Length != 0;

    /// <summary>The request line (and, for an HTTP/2 client, Host).</summary>
    public void Start(string method, string requestTarget, bool downgrade, StringValues host)
    {
        _length = 0;
        _contentLength = 0;
        _downgrade = downgrade;
        _hasContentHeaders = false;
        _declaredLength = null;
        if (_head.Length == 0)
        {
            _head = ArrayPool<byte>.Shared.Rent(HeadSize);
        }

        Append(ref _head, ref _length, method);
        Append(ref _head, ref _length, ' ');
        Append(ref _head, ref _length, requestTarget);

        Append(ref _head, ref _length, " HTTP/1.1\r\n");
        if (downgrade)
        {
            Append(ref _head, ref _length, "Host: ");
            Append(ref _head, ref _length, host.Count > 0 ? host[0] ?? "" : "");
            Append(ref _head, ref _length, "\r\n");
        }
    }

    public void Copy(string name, StringValues values)
    {
        var known = Http1HeaderNames.Request(name);
        if (known.Role == Http1HeaderNames.Role.Refused)
        {
            return;
        }

        if (known.Role == Http1HeaderNames.Role.Header)
        {
            Line(ref _head, ref _length, known, values);
            return;
        }

        _hasContentHeaders = true;
        if (known.IsContentLength)
        {
            _declaredLength = values.Count > 0 ? values[0] : null;
            if (_downgrade)
            {
                // Written last, as the HTTP/2 client's request was always written.
                return;
            }
        }

        Line(ref _content, ref _contentLength, known, values);
    }

    public void Add(string name, string value) => Copy(name, value);

    public void Host(StringValues host, bool rewritten)
    {
        if (!_downgrade)
        {
            Line(ref _head, ref _length, Http1HeaderNames.Request("Host"), host);
        }
    }

    public void ConnectionClose() => Append(ref _head, ref _length, "Connection: close\r\n");

    /// <summary>
    /// Ends the head. <paramref name="hasBody"/>: the client sends a body (Kestrel's answer); <paramref name="method"/>
    /// decides whether .NET wrote <c>Content-Length: 0</c> for a request without one. Returns how the body goes.
    /// </summary>
    public Http1RequestBody Finish(bool hasBody, string method, out long contentLength)
    {
        contentLength = 0;
        var body = !hasBody ? Http1RequestBody.None
            : _declaredLength is not null && long.TryParse(_declaredLength, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength) ? Http1RequestBody.ContentLength
            : Http1RequestBody.Chunked;
        var hasContent = hasBody || _hasContentHeaders;
        if (_downgrade)
        {
            Append(ref _head, ref _length, _content.AsSpan(0, _contentLength));
            if (body == Http1RequestBody.Chunked)
            {
                Append(ref _head, ref _length, "transfer-encoding: chunked\r\n");
            }
            else if (hasContent)
            {
                Append(ref _head, ref _length, "content-length: ");
                Append(ref _head, ref _length, _declaredLength ?? "0");
                Append(ref _head, ref _length, "\r\n");
            }
        }
        else
        {
            if (body == Http1RequestBody.Chunked)
            {
                Append(ref _head, ref _length, "Transfer-Encoding: chunked\r\n");
            }

            Append(ref _head, ref _length, _content.AsSpan(0, _contentLength));
            if ((hasContent && _declaredLength is null && body != Http1RequestBody.Chunked) || (!hasContent && MustHaveBody(method)))
            {
                // .NET's content length of a request without a body, or of a method that must have one.
                Append(ref _head, ref _length, "Content-Length: 0\r\n");
            }
        }

        Append(ref _head, ref _length, "\r\n");
        return body;
    }

    /// <summary>The head was written (its write awaited): the buffers go back to the pool; <see cref="Written"/> is empty until the next <see cref="Start"/>.</summary>
    public void ReturnBuffers()
    {
        _length = 0;
        _contentLength = 0;
        Return(ref _head);
        Return(ref _content);
    }

    private static void Return(ref byte[] buffer)
    {
        if (buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    /// <summary>As .NET decides it: every method but GET, HEAD, CONNECT, OPTIONS and DELETE.</summary>
    private static bool MustHaveBody(string method) =>
        !(method is "GET" or "HEAD" or "CONNECT" or "OPTIONS" or "DELETE");

    private void Line(ref byte[] buffer, ref int length, Http1HeaderNames.Name name, StringValues values)
    {
        Append(ref buffer, ref length, _downgrade ? name.DowngradedLine : name.WireLine);
        // Several Cookie fields never get here: ForwardedRequestHeaders joined them (Headers/CookieHeader, TG-23).
        var separator = !_downgrade && name.SpaceSeparated ? " " : ", ";
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                Append(ref buffer, ref length, separator);
            }

            Append(ref buffer, ref length, values[i] ?? "");
        }

        Append(ref buffer, ref length, "\r\n");
    }

    private static void Append(ref byte[] buffer, ref int length, char c)
    {
        Ensure(ref buffer, length, 1);
        buffer[length++] = c <= 0xFF ? (byte)c : (byte)'?';
    }

    private static void Append(ref byte[] buffer, ref int length, string text)
    {
        Ensure(ref buffer, length, text.Length);
        var target = buffer.AsSpan(length, text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            target[i] = c <= 0xFF ? (byte)c : (byte)'?';
        }

        length += text.Length;
    }

    private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        Ensure(ref buffer, length, bytes.Length);
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    private static void Ensure(ref byte[] buffer, int length, int count)
    {
        if (length + count > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(buffer.Length * 2, length + count), ContentSize));
            buffer.AsSpan(0, length).CopyTo(larger);
            Return(ref buffer);
            buffer = larger;
        }
    }
}
