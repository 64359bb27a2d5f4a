using System.Buffers.Binary;
using AlbEmulator.Errors;
using AlbEmulator.Forwarding;
using AlbEmulator.Tests.Common;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Tests.Forwarding;

/// <summary>The HTTP/2 frame filter toward targets: refusals become resets the handler does not retry.</summary>
public sealed class Http2TargetConnectionStreamTests
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    [Fact]
    public async Task GoAway_below_outstanding_streams_is_preceded_by_a_reset_for_each_of_them_and_the_others_finish()
    {
        var inner = new ScriptedStream(Concat(Frame(0x4, 0, 0, []), GoAway(lastStreamId: 1), Frame(0x1, 0x5, 1, [0x88])));
        var filter = new Http2TargetConnectionStream(inner);
        await filter.WriteAsync(Concat(Preface, Frame(0x4, 0, 0, []), Frame(0x1, 0x5, 1, [0x82]), Frame(0x1, 0x5, 3, [0x82]), Frame(0x1, 0x4, 5, [0x82]), Frame(0x0, 0x1, 5, [1, 2])));

        var output = await ReadAllAsync(filter, chunk: 5);

        Assert.Equal(Concat(Frame(0x4, 0, 0, []), Reset(3, Http2TargetConnectionStream.RefusedByGoAwayCode), Reset(5, Http2TargetConnectionStream.RefusedByGoAwayCode), GoAway(lastStreamId: 1), Frame(0x1, 0x5, 1, [0x88])), output);
    }

    [Fact]
    public async Task Refused_stream_reset_gets_the_marker_code_and_other_resets_pass_unchanged()
    {
        var inner = new ScriptedStream(Concat(Reset(1, 0x7), Reset(3, 0x8)));
        var filter = new Http2TargetConnectionStream(inner);
        await filter.WriteAsync(Concat(Preface, Frame(0x1, 0x5, 1, [0x82]), Frame(0x1, 0x5, 3, [0x82])));

        var output = await ReadAllAsync(filter, chunk: 3);

        Assert.Equal(Concat(Reset(1, Http2TargetConnectionStream.RefusedStreamCode), Reset(3, 0x8)), output);
        Assert.Equal(0, filter.OutstandingStreams);
    }

    [Fact]
    public async Task End_of_stream_with_a_stream_outstanding_is_a_target_close_and_after_the_response_a_clean_end()
    {
        var closing = new Http2TargetConnectionStream(new ScriptedStream(Frame(0x4, 0, 0, [])));
        await closing.WriteAsync(Concat(Preface, Frame(0x1, 0x5, 1, [0x82])));
        var error = await Assert.ThrowsAsync<TargetClosedConnectionException>(() => ReadAllAsync(closing, chunk: 64));
        Assert.Contains("HTTP/2 target closed the connection (TCP FIN) with 1 stream(s) outstanding", error.Message, StringComparison.Ordinal);

        var answered = new Http2TargetConnectionStream(new ScriptedStream(Frame(0x1, 0x5, 1, [0x88])));
        await answered.WriteAsync(Concat(Preface, Frame(0x1, 0x5, 1, [0x82])));
        Assert.Equal(Frame(0x1, 0x5, 1, [0x88]), await ReadAllAsync(answered, chunk: 64));
    }

    [Fact]
    public void The_marker_codes_map_to_TargetRefusedStream_with_their_explanations()
    {
        var refused = new HttpRequestException("send", new HttpProtocolException(Http2TargetConnectionStream.RefusedStreamCode, "reset", null));
        var goAway = new HttpRequestException("send", new HttpProtocolException(Http2TargetConnectionStream.RefusedByGoAwayCode, "reset", null));
        var other = new HttpRequestException("send", new HttpProtocolException(0x2, "reset", null));

        Assert.Equal(AlbError.TargetRefusedStream, ForwarderErrorMapper.Map(ForwarderError.Request, refused, false));
        Assert.Contains("REFUSED_STREAM", ForwarderErrorMapper.Detail(refused), StringComparison.Ordinal);
        Assert.Equal(AlbError.TargetRefusedStream, ForwarderErrorMapper.Map(ForwarderError.Request, goAway, false));
        Assert.Contains("GOAWAY", ForwarderErrorMapper.Detail(goAway), StringComparison.Ordinal);
        Assert.Equal(AlbError.TargetConnectionError, ForwarderErrorMapper.Map(ForwarderError.Request, other, false));
    }

    private static byte[] Frame(byte type, byte flags, uint streamId, byte[] payload) => Http2Frames.Frame(type, flags, streamId, payload);

    private static byte[] Reset(uint streamId, uint code)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, code);
        return Frame(0x3, 0, streamId, payload);
    }

    private static byte[] GoAway(uint lastStreamId)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, lastStreamId);
        return Frame(0x7, 0, 0, payload);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static async Task<byte[]> ReadAllAsync(Stream stream, int chunk)
    {
        var all = new List<byte>();
        var buffer = new byte[chunk];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        return [.. all];
    }

    /// <summary>Hands out its bytes a few at a time (frames split across reads), then end of stream; swallows writes.</summary>
    private sealed class ScriptedStream(byte[] script) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 7), script.Length - _position);
            script.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = Math.Min(Math.Min(buffer.Length, 7), script.Length - _position);
            script.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return ValueTask.FromResult(n);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
