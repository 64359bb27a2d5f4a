using System.Net;
using AlbEmulator.Errors;
using AlbEmulator.Forwarding;

namespace AlbEmulator.Tests.Forwarding;

/// <summary>Short target responses are read whole before the head goes out; the outcome is returned (ERR-502, ERR-504).</summary>
public sealed class SmallResponseBufferTests
{
    [Fact]
    public async Task CompleteShortBody_Buffered_KeepsHeadersAndLength()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream("hello"u8.ToArray())) };
        response.Content.Headers.ContentLength = 5;
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain;charset=utf-8");

        Assert.Equal(AlbError.None, await SmallResponseBuffer.BufferAsync(response, CancellationToken.None));
        Assert.Equal(5, response.Content.Headers.ContentLength);
        // The target's value as it sent it (not re-serialised by .NET's parser), as for a streamed body.
        Assert.Equal("text/plain;charset=utf-8", response.Content.Headers.NonValidated["Content-Type"].ToString());
        // Buffered: the body can be read again (a stream read once could not).
        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TargetClosesInsideBody_502()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream(new IOException("closed"))) };
        response.Content.Headers.ContentLength = 10;
        Assert.Equal(AlbError.TargetConnectionError, await SmallResponseBuffer.BufferAsync(response, CancellationToken.None));
    }

    [Fact]
    public async Task BodyStallsUntilTheIdleTimeout_504()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream(new OperationCanceledException())) };
        response.Content.Headers.ContentLength = 10;
        Assert.Equal(AlbError.TargetResponseTimeout, await SmallResponseBuffer.BufferAsync(response, CancellationToken.None));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(SmallResponseBuffer.MaxBufferedBytes + 1)]
    public async Task EmptyOrLongBody_StreamedUntouched(long length)
    {
        var content = new StreamContent(new FailingStream(new IOException("not read")));
        content.Headers.ContentLength = length;
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        Assert.Equal(AlbError.None, await SmallResponseBuffer.BufferAsync(response, CancellationToken.None));
        Assert.Same(content, response.Content);
    }

    private sealed class FailingStream(Exception failure) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw failure;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(failure);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromException<int>(failure);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
