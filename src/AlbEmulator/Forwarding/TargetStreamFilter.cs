namespace AlbEmulator.Forwarding;

/// <summary>
/// The common part of the filters SocketsHttpHandler's PlaintextStreamFilter puts on a target connection
/// (<see cref="TargetConnectionStream"/> for HTTP/1.1, <see cref="Http2TargetConnectionStream"/> for HTTP/2):
/// a non-seekable stream over the connection that sees every byte written (<see cref="OnWrite"/>) and reads
/// through the subclass; disposal by the pool is recorded (<see cref="Disposed"/>: a teardown that is not the
/// target's doing).
/// </summary>
internal abstract class TargetStreamFilter(Stream inner) : Stream
{
    private volatile bool _disposed;

    protected Stream Inner { get; } = inner;

    /// <summary>The pool tears the connection down itself on cancellation and timeouts.</summary>
    protected bool Disposed => _disposed;

    public override bool CanRead => Inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => Inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        OnWrite(buffer.Span);
        return Inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        OnWrite(buffer.AsSpan(offset, count));
        Inner.Write(buffer, offset, count);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

    public override void Flush() => Inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        _disposed = true;
        return Inner.DisposeAsync();
    }

    /// <summary>Bytes the load balancer writes toward the target, before they are written.</summary>
    protected abstract void OnWrite(ReadOnlySpan<byte> bytes);
}
