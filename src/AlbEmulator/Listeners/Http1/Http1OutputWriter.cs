using System.Buffers;
using System.IO.Pipelines;

namespace AlbEmulator.Listeners.Http1;

/// <summary>
/// The output Kestrel writes on an HTTP/1.x connection. It counts the bytes sent (access-log
/// <c>sent_bytes</c>, counted on the wire) and, for responses the load balancer generates itself, holds
/// the response head back until it is complete and writes its header lines in ALB's order
/// (ERR-BODY-3: Server, Date, Content-Type, Content-Length, Connection, then the rest) — Kestrel's own
/// order differs. Everything else passes straight through.
/// </summary>
internal sealed class Http1OutputWriter : PipeWriter
{
    private readonly PipeWriter _inner;
    private readonly Http1FrontEnd? _frontEnd;
    private ArrayBufferWriter<byte>? _held;
    private bool _holdHead;
    private long _bytesWritten;

    public Http1OutputWriter(PipeWriter inner, Http1FrontEnd? frontEnd = null)
    {
        _inner = inner;
        _frontEnd = frontEnd;
    }

    /// <summary>Bytes written to the connection so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>The next response head is ALB-generated: write its headers in ALB's order.</summary>
    public void UseAlbHeaderOrderForNextResponse()
    {
        _held ??= new ArrayBufferWriter<byte>(512);
        _held.Clear();
        _holdHead = true;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _holdHead ? _held!.GetMemory(sizeHint) : _inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _holdHead ? _held!.GetSpan(sizeHint) : _inner.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        Interlocked.Add(ref _bytesWritten, bytes);
        if (!_holdHead)
        {
            _inner.Advance(bytes);
            return;
        }

        // Kestrel may keep writing into the span it already holds, so the held bytes are only
        // released at a flush, when earlier buffers are no longer valid (PipeWriter contract).
        _held!.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_holdHead)
        {
            ReleaseHead();
        }

        return _inner.FlushAsync(cancellationToken);
    }

    private void ReleaseHead()
    {
        var written = _held!.WrittenSpan;
        var end = written.IndexOf("\r\n\r\n"u8);
        _holdHead = false;
        if (end < 0)
        {
            _inner.Write(written);
        }
        else
        {
            WriteInAlbOrder(written[..(end + 2)]);
            _inner.Write(written[(end + 2)..]);
        }

        _held.Clear();
    }

    private void WriteInAlbOrder(ReadOnlySpan<byte> head)
    {
        // head = status line CRLF (header line CRLF)*
        var statusEnd = head.IndexOf("\r\n"u8) + 2;
        _inner.Write(head[..statusEnd]);
        var rest = head[statusEnd..];
        for (var rank = 0; rank <= 5; rank++)
        {
            var lines = rest;
            while (lines.Length > 0)
            {
                var lineEnd = lines.IndexOf("\r\n"u8) + 2;
                var line = lines[..lineEnd];
                if (Rank(line) == rank)
                {
                    _inner.Write(line);
                }

                lines = lines[lineEnd..];
            }
        }
    }

    private static int Rank(ReadOnlySpan<byte> line)
    {
        if (StartsWithName(line, "Server"u8))
        {
            return 0;
        }

        if (StartsWithName(line, "Date"u8))
        {
            return 1;
        }

        if (StartsWithName(line, "Content-Type"u8))
        {
            return 2;
        }

        if (StartsWithName(line, "Content-Length"u8))
        {
            return 3;
        }

        return StartsWithName(line, "Connection"u8) ? 4 : 5;
    }

    private static bool StartsWithName(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name) =>
        line.Length > name.Length && line[name.Length] == (byte)':' && System.Text.Ascii.EqualsIgnoreCase(line[..name.Length], name);

    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        if (_frontEnd is { Parked: true })
        {
            // Kestrel's HTTP layer leaving a parked connection: the connection stays open.
            return;
        }

        if (_holdHead)
        {
            ReleaseHead();
        }

        _inner.Complete(exception);
    }

    public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _inner.UnflushedBytes + (_holdHead ? _held!.WrittenCount : 0);
}
