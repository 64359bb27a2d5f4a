using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Pipeline;

public sealed partial class AlbDataPlaneMiddleware
{
    /// <summary>
    /// For an HTTP/1.1 upgrade (WebSocket, TG-30): wraps the request's upgrade feature so the bytes the
    /// load balancer writes to the client through the tunnel are counted. ALB logs one access-log entry
    /// per WebSocket connection when it closes, with the bytes of the whole connection (alb-observability-api.md
    /// §1.1); what the client sent is counted by the wire front end (Http1InputReader passes the tunnel through).
    /// </summary>
    private static CountingUpgradeFeature? CountUpgradedBytes(HttpContext context)
    {
        if (context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } upgrade)
        {
            return null;
        }

        var counting = new CountingUpgradeFeature(upgrade, connectionWire(context));
        context.Features.Set<IHttpUpgradeFeature>(counting);
        return counting;
    }

    private sealed class CountingUpgradeFeature(IHttpUpgradeFeature inner, Listeners.Http1.WireRequest? wire) : IHttpUpgradeFeature
    {
        private CountingStream? _stream;

        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        /// <summary>Bytes read from the client after the upgrade (used when the wire front end did not count).</summary>
        public long Read => _stream?.BytesRead ?? 0;

        /// <summary>Bytes written to the client after the 101 head.</summary>
        public long Written => _stream?.BytesWritten ?? 0;

        public bool Upgraded => _stream is not null;

        public async Task<Stream> UpgradeAsync()
        {
            var stream = await inner.UpgradeAsync();
            if (wire is not null)
            {
                wire.Upgraded = true;
            }

            _stream = new CountingStream(stream);
            return _stream;
        }
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        private long _read;
        private long _written;

        public long BytesRead => Volatile.Read(ref _read);

        public long BytesWritten => Volatile.Read(ref _written);

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => Count(ref _read, inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(ref _read, await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Interlocked.Add(ref _written, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Interlocked.Add(ref _written, buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();

        private static int Count(ref long total, int read)
        {
            Interlocked.Add(ref total, read);
            return read;
        }
    }
}
