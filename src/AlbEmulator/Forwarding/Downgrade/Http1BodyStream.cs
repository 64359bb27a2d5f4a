using System.Globalization;
using System.Text;

namespace AlbEmulator.Forwarding.Downgrade;

/// <summary>
/// A target response body: Content-Length delimited, chunked, or until the target closes. When it has been
/// read to the end the connection goes back to the pool (unless it must close).
/// </summary>
internal sealed class Http1BodyStream : Stream
{
    private readonly Http1DowngradeConnection _connection;
    private readonly bool _chunked;
    private readonly bool _untilClose;
    private readonly bool _close;
    private long _remaining;     // bytes left in the body or the current chunk; -1 = read a chunk size next
    private bool _done;
    private bool _released;

    public Http1BodyStream(Http1DowngradeConnection connection, long length, bool chunked, bool untilClose, bool close)
    {
        _connection = connection;
        _chunked = chunked;
        _untilClose = untilClose;
        _close = close;
        _remaining = chunked ? -1 : length;
        if (!chunked && !untilClose && length == 0)
        {
            Finish(reusable: !close);
        }
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_done)
        {
            return 0;
        }

        if (_chunked && _remaining <= 0)
        {
            if (_remaining == 0)
            {
                await ExpectLineAsync(cancellationToken); // CRLF after the chunk data
            }

            var sizeLine = await ReadLineAsync(cancellationToken);
            var semicolon = sizeLine.IndexOf(';');
            _remaining = long.Parse(semicolon >= 0 ? sizeLine[..semicolon] : sizeLine, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (_remaining == 0)
            {
                while ((await ReadLineAsync(cancellationToken)).Length > 0)
                {
                    // Trailers are not forwarded on the downgraded path.
                }

                Finish(reusable: !_close);
                return 0;
            }
        }

        if (_connection.Start == _connection.End && !await _connection.FillAsync(cancellationToken))
        {
            if (_untilClose)
            {
                Finish(reusable: false);
                return 0;
            }

            throw new IOException("The target closed the connection in the middle of the response body.");
        }

        var available = _connection.End - _connection.Start;
        var take = (int)Math.Min(buffer.Length, _untilClose ? available : Math.Min(available, _remaining));
        _connection.Buffer.AsMemory(_connection.Start, take).CopyTo(buffer);
        _connection.Start += take;
        if (!_untilClose)
        {
            _remaining -= take;
            if (!_chunked && _remaining == 0)
            {
                Finish(reusable: !_close);
            }
        }

        return take;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var unread = _connection.Buffer.AsSpan(_connection.Start, _connection.End - _connection.Start);
            var end = unread.IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.ASCII.GetString(unread[..end]);
                _connection.Start += end + 2;
                return line;
            }

            if (!await _connection.FillAsync(cancellationToken))
            {
                throw new IOException("The target closed the connection in the middle of a chunked body.");
            }
        }
    }

    private async ValueTask ExpectLineAsync(CancellationToken cancellationToken)
    {
        if ((await ReadLineAsync(cancellationToken)).Length != 0)
        {
            throw new IOException("Malformed chunked body from the target.");
        }
    }

    private void Finish(bool reusable)
    {
        _done = true;
        if (!_released)
        {
            _released = true;
            _connection.Release(reusable);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_released)
        {
            // Not read to the end: the connection cannot be reused.
            _released = true;
            _connection.Release(false);
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
