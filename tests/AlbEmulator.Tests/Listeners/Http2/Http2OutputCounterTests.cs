using System.IO.Pipelines;
using AlbEmulator.Listeners.Http2;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Listeners.Http2;

/// <summary>
/// The HTTP/2 output counter (sent_bytes per stream), without a socket: the bytes of every frame of a stream, and the
/// observer told once, on the writing thread, when the stream's last frame has been written or the connection ends.
/// </summary>
public sealed class Http2OutputCounterTests
{
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Continuation = 0x9;
    private const byte EndStream = 0x1, EndHeaders = 0x4;
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private static byte[] Frame(byte type, byte flags, uint streamId, int payloadLength) => Http2Frames.Frame(type, flags, streamId, new byte[payloadLength]);

    private static (Http2OutputCounter Counter, Pipe Pipe) NewCounter()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        return (new Http2OutputCounter(pipe.Writer), pipe);
    }

    /// <summary>A counter whose stream has sent its HEADERS (no END_STREAM) and is waited for by a new observer.</summary>
    private static (Http2OutputCounter Counter, Pipe Pipe, Observer Observer) Waiting(uint streamId, int headersPayload, TimeSpan timeout, IHttp2StreamEndObserver? observer = null)
    {
        var (counter, pipe) = NewCounter();
        var mine = new Observer();
        Write(counter, Frame(Headers, EndHeaders, streamId, headersPayload));
        Assert.False(counter.TryGetSentBytes((int)streamId, timeout, observer ?? mine, out var bytes));
        Assert.Equal(0, bytes);
        return (counter, pipe, mine);
    }

    /// <summary>Writes through GetSpan/Advance, as Kestrel's frame writer does.</summary>
    private static void Write(Http2OutputCounter counter, byte[] bytes)
    {
        var span = counter.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        counter.Advance(bytes.Length);
    }

    private sealed class Observer : IHttp2StreamEndObserver
    {
        private readonly List<(long Bytes, int Thread)> _calls = [];

        public List<(long Bytes, int Thread)> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public int Count => Calls.Count;

        public void StreamEnded(long sentBytes)
        {
            lock (_calls)
            {
                _calls.Add((sentBytes, Environment.CurrentManagedThreadId));
            }
        }
    }

    [Fact]
    public void TryGetSentBytes_StreamAlreadyEnded_CountsEveryFrameAndNeverCallsTheObserver()
    {
        var (counter, _) = NewCounter();
        Write(counter, Frame(Headers, EndHeaders, 1, 20));
        Write(counter, Frame(Data, EndStream, 1, 13));
        var observer = new Observer();

        var ended = counter.TryGetSentBytes(1, Long, observer, out var bytes);

        Assert.True(ended);
        Assert.Equal(9 + 20 + 9 + 13, bytes);
        Assert.Empty(observer.Calls);
    }

    [Fact]
    public void TryGetSentBytes_LastFrameWrittenLater_ObserverToldOnceOnTheWritingThreadWithTheCount()
    {
        var (counter, _, observer) = Waiting(1, 20, Long);
        Assert.Empty(observer.Calls);

        Write(counter, Frame(Data, 0, 1, 100));
        Assert.Empty(observer.Calls);
        Write(counter, Frame(Data, EndStream, 1, 0));   // the empty DATA frame with END_STREAM Kestrel writes last
        Write(counter, Frame(Data, EndStream, 3, 0));   // another stream: not this observer's

        var call = Assert.Single(observer.Calls);
        Assert.Equal(9 + 20 + 9 + 100 + 9, call.Bytes);
        Assert.Equal(Environment.CurrentManagedThreadId, call.Thread);
    }

    [Fact]
    public async Task TryGetSentBytes_WriteAsyncAndFramesSplitAcrossWrites_CountedAsOnTheWire()
    {
        var (counter, _) = NewCounter();
        var observer = new Observer();
        Assert.False(counter.TryGetSentBytes(5, Long, observer, out _));
        var headers = Frame(Headers, EndStream, 5, 30);     // END_STREAM on HEADERS: takes effect after the CONTINUATION
        var continuation = Frame(Continuation, EndHeaders, 5, 7);
        var both = headers.Concat(continuation).ToArray();

        await counter.WriteAsync(both.AsMemory(0, 4));
        await counter.WriteAsync(both.AsMemory(4, headers.Length));
        Assert.Empty(observer.Calls);
        await counter.WriteAsync(both.AsMemory(4 + headers.Length));

        Assert.Equal(9 + 30 + 9 + 7, Assert.Single(observer.Calls).Bytes);
    }

    [Fact]
    public void TryGetSentBytes_RstStream_EndsTheStream()
    {
        var (counter, _, observer) = Waiting(7, 10, Long);

        Write(counter, Frame(RstStream, 0, 7, 4));

        Assert.Equal(9 + 10 + 9 + 4, Assert.Single(observer.Calls).Bytes);
    }

    [Fact]
    public void ConnectionEnded_StreamStillWaiting_ObserverToldWithWhatWasCountedAndLaterAsksAnswerAtOnce()
    {
        var (counter, _, observer) = Waiting(1, 20, Long);

        counter.ConnectionEnded();
        counter.ConnectionEnded(); // told once

        Assert.Equal(9 + 20, Assert.Single(observer.Calls).Bytes);
        var later = new Observer();
        Assert.True(counter.TryGetSentBytes(3, Long, later, out var bytes));
        Assert.Equal(0, bytes);
        Assert.Empty(later.Calls);
    }

    [Fact]
    public void Complete_StreamStillWaiting_ObserverTold()
    {
        var (counter, _, observer) = Waiting(1, 20, Long);

        counter.Complete();

        Assert.Equal(9 + 20, Assert.Single(observer.Calls).Bytes);
    }

    [Fact]
    public async Task TryGetSentBytes_ClientStopsReading_BackstopTellsTheObserverAfterTheTimeout()
    {
        var (counter, _, observer) = Waiting(1, 20, TimeSpan.Zero);

        await Eventually.UntilAsync(() => observer.Count > 0, "the backstop tells the observer", TimeSpan.FromSeconds(30));

        Assert.Equal(9 + 20, Assert.Single(observer.Calls).Bytes);
        Write(counter, Frame(Data, EndStream, 1, 0)); // the frame after the backstop: not told again
        Assert.Single(observer.Calls);
        counter.ConnectionEnded();
    }

    [Fact]
    public async Task StreamEnded_ObserverThrows_OutputStillWritten()
    {
        var (counter, pipe, _) = Waiting(1, 20, Long, new Throwing());

        Write(counter, Frame(Data, EndStream, 1, 0));
        await counter.FlushAsync();

        Assert.True(pipe.Reader.TryRead(out var result));
        Assert.Equal(9 + 20 + 9, result.Buffer.Length);
    }

    private sealed class Throwing : IHttp2StreamEndObserver
    {
        public void StreamEnded(long sentBytes) => throw new InvalidOperationException("observer failed");
    }
}
