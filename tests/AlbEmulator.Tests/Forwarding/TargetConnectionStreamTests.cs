using System.Text;
using AlbEmulator.Forwarding;

namespace AlbEmulator.Tests.Forwarding;

/// <summary>The watcher on HTTP/1.1 target connections (TargetConnectionStream): no silent resend, no Keep-Alive hint.</summary>
public sealed class TargetConnectionStreamTests
{
    /// <summary>A fake target connection: reads come from <see cref="Replies"/> (an empty entry is end of stream).</summary>
    private sealed class ScriptedStream : Stream
    {
        public Queue<byte[]> Replies { get; } = new();

        public MemoryStream Written { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length == 0)
            {
                return ValueTask.FromResult(0);
            }

            var next = Replies.Dequeue();
            next.CopyTo(buffer);
            return ValueTask.FromResult(next.Length);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written.Write(buffer.Span);
            return default;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static async Task<string> ReadTextAsync(Stream stream)
    {
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    [Fact]
    public async Task EndOfStream_AfterRequestBeforeAnyResponseByte_ThrowsTargetClosed()
    {
        var inner = new ScriptedStream();
        inner.Replies.Enqueue("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
        inner.Replies.Enqueue([]);
        var stream = new TargetConnectionStream(inner);

        await stream.WriteAsync("GET /1 HTTP/1.1\r\n\r\n"u8.ToArray());
        Assert.StartsWith("HTTP/1.1 200", await ReadTextAsync(stream), StringComparison.Ordinal);
        await stream.WriteAsync("GET /2 HTTP/1.1\r\n\r\n"u8.ToArray());
        var e = await Assert.ThrowsAsync<TargetClosedConnectionException>(() => stream.ReadAsync(new byte[10]).AsTask());

        Assert.False(e.Reset);
        Assert.Equal(1, e.EarlierResponses);
    }

    [Fact]
    public async Task EndOfStream_IdleOrZeroByteRead_IsPlainEndOfStream()
    {
        var inner = new ScriptedStream();
        inner.Replies.Enqueue([]);
        var stream = new TargetConnectionStream(inner);

        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
    }

    [Fact]
    public async Task EndOfStream_AfterResponseStarted_IsPlainEndOfStream()
    {
        var inner = new ScriptedStream();
        inner.Replies.Enqueue("HTTP/1.1 200 OK\r\n\r\nbody until close"u8.ToArray());
        inner.Replies.Enqueue([]);
        var stream = new TargetConnectionStream(inner);

        await stream.WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        await ReadTextAsync(stream);

        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
    }

    [Fact]
    public async Task KeepAliveHint_ValueMadeUnreadable_OtherBytesUntouched()
    {
        var inner = new ScriptedStream();
        inner.Replies.Enqueue("HTTP/1.1 200 OK\r\nX-Keep-Alive: timeout=5\r\nkeep-alive:  timeout=5\r\nContent-Length: 2\r\n\r\nok"u8.ToArray());
        var stream = new TargetConnectionStream(inner);

        await stream.WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        var text = await ReadTextAsync(stream);

        Assert.Equal("HTTP/1.1 200 OK\r\nX-Keep-Alive: timeout=5\r\nkeep-alive:  \"imeout=5\r\nContent-Length: 2\r\n\r\nok", text);
    }

    [Fact]
    public async Task KeepAliveHint_SplitAcrossReads_StillNeutralised()
    {
        var inner = new ScriptedStream();
        inner.Replies.Enqueue("HTTP/1.1 200 OK\r\nKeep-Al"u8.ToArray());
        inner.Replies.Enqueue("ive: timeout=5, max=100\r\n\r\n"u8.ToArray());
        var stream = new TargetConnectionStream(inner);

        await stream.WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        await ReadTextAsync(stream);

        Assert.Equal("ive: \"imeout=5, max=100\r\n\r\n", await ReadTextAsync(stream));
    }

    [Fact]
    public async Task SwitchingProtocols_BecomesTunnel_EndOfStreamAfterClientDataIsPlain()
    {
        var inner = new ScriptedStream();
        inner.Replies.Enqueue("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"u8.ToArray());
        inner.Replies.Enqueue([]);
        var stream = new TargetConnectionStream(inner);

        await stream.WriteAsync("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"u8.ToArray());
        await ReadTextAsync(stream);
        await stream.WriteAsync(new byte[] { 0x81, 0x00 });

        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
    }

    [Fact]
    public async Task InterimContinue_FinalHeadStillScanned()
    {
        var inner = new ScriptedStream();
        inner.Replies.Enqueue("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\n\r\n"u8.ToArray());
        var stream = new TargetConnectionStream(inner);

        await stream.WriteAsync("POST / HTTP/1.1\r\n\r\n"u8.ToArray());

        Assert.EndsWith("Keep-Alive: \"imeout=5\r\n\r\n", await ReadTextAsync(stream), StringComparison.Ordinal);
    }
}
