using System.IO.Pipelines;
using AlbEmulator.Limits;
using AlbEmulator.Listeners.Http2;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Listeners.Http2;

/// <summary>The requests-per-connection limit of the HTTP/2 input guard (H2-3, ERR-000), without a socket.</summary>
public sealed class Http2InputGuardTests
{
    private const int PrefaceLength = 24;
    private static readonly byte[] Block = [0x82, 0x87, 0x84];

    private static byte[] Frame(byte type, byte flags, uint streamId, byte[] payload) => Http2Frames.Frame(type, flags, streamId, payload);

    /// <summary>The preface, then HEADERS opening streams 1, 3, 5… (END_STREAM | END_HEADERS), plus any extra frames.</summary>
    private static byte[] Connection(int requests, params byte[][] extra)
    {
        var bytes = new List<byte>("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        for (var i = 0; i < requests; i++)
        {
            bytes.AddRange(Frame(1, 0x5, (uint)((2 * i) + 1), Block));
        }

        foreach (var frame in extra)
        {
            bytes.AddRange(frame);
        }

        return [.. bytes];
    }

    /// <summary>Everything the guard hands Kestrel until its input ends.</summary>
    private static async Task<(long Presented, List<(string What, long Received)> Violations, int CloseRequests)> ReadThroughAsync(byte[] input)
    {
        var (presented, violations, closeRequests, _) = await ReadThroughRecordingCloseAsync(input);
        return (presented, violations, closeRequests);
    }

    /// <summary>As <see cref="ReadThroughAsync"/>, and how many bytes the reader had consumed when the close was requested.</summary>
    private static async Task<(long Presented, List<(string What, long Received)> Violations, int CloseRequests, long ConsumedAtClose)> ReadThroughRecordingCloseAsync(byte[] input)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0)); // the whole input buffered before reading
        await pipe.Writer.WriteAsync(input);
        await pipe.Writer.CompleteAsync();
        var violations = new List<(string, long)>();
        var closeRequests = 0;
        long presented = 0, consumedAtClose = -1;
        var guard = new Http2InputGuard(pipe.Reader, (what, received) => violations.Add((what, received)), () =>
        {
            closeRequests++;
            consumedAtClose = presented;
        });
        while (true)
        {
            var result = await guard.ReadAsync();
            var length = result.Buffer.Length;
            guard.AdvanceTo(result.Buffer.End);
            presented += length;
            if (result.IsCompleted)
            {
                return (presented, violations, closeRequests, consumedAtClose);
            }
        }
    }

    [Fact]
    public async Task ReadAsync_10000Requests_AllPassed()
    {
        var input = Connection(AlbLimits.MaxHttp2RequestsPerConnection);

        var (presented, violations, closeRequests) = await ReadThroughAsync(input);

        Assert.Equal(input.Length, presented);
        Assert.Empty(violations);
        Assert.Equal(0, closeRequests);
    }

    [Fact]
    public async Task ReadAsync_RequestBeyond10000_HeldBackLoggedAndCloseRequested()
    {
        var limit = AlbLimits.MaxHttp2RequestsPerConnection;
        var beyond = Frame(1, 0x5, (uint)((2 * limit) + 1), Block);
        var input = Connection(limit, beyond, Frame(1, 0x5, (uint)((2 * limit) + 3), Block));
        var cut = PrefaceLength + (limit * (9L + Block.Length));

        var (presented, violations, closeRequests) = await ReadThroughAsync(input);

        // Kestrel sees exactly the first 10,000 requests; the rest of the input is never offered.
        Assert.Equal(cut, presented);
        var (what, received) = Assert.Single(violations);
        Assert.Equal("more than 10000 requests on the connection", what);
        Assert.Equal(cut + 9, received);
        Assert.Equal(1, closeRequests);
    }

    [Fact]
    public async Task ReadAsync_RequestBeyond10000_CloseRequestedOnlyAfterTheRequestsBeforeItWereConsumed()
    {
        // Kestrel answers the close request by cancelling the read of its own copy of this input: asked while the last
        // requests before the cut were still on their way, it closed without them (GOAWAY naming stream 19,799).
        var limit = AlbLimits.MaxHttp2RequestsPerConnection;
        var input = Connection(limit, Frame(1, 0x5, (uint)((2 * limit) + 1), Block));
        var cut = PrefaceLength + (limit * (9L + Block.Length));

        var (_, _, closeRequests, consumedAtClose) = await ReadThroughRecordingCloseAsync(input);

        Assert.Equal(1, closeRequests);
        Assert.Equal(cut, consumedAtClose);
    }

    [Fact]
    public async Task ReadAsync_TrailersOnAnOpenStream_NotCountedAsRequests()
    {
        // 10,000 requests, one of them sending trailers (a second HEADERS on its own stream): still within the limit.
        var trailers = Frame(1, 0x5, (uint)((2 * AlbLimits.MaxHttp2RequestsPerConnection) - 1), Block);
        var input = Connection(AlbLimits.MaxHttp2RequestsPerConnection, trailers);

        var (presented, violations, _) = await ReadThroughAsync(input);

        Assert.Equal(input.Length, presented);
        Assert.Empty(violations);
    }
}
