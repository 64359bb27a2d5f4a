using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using AlbEmulator.Listeners;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Tests.Common;
using AlbEmulator.Tests.Pipeline;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Tests.Listeners.Http1;

/// <summary>
/// <see cref="Http1InputReader"/> over in-memory pipes (no socket; the idle timeout is the model's 60 s):
/// a read waiting for the client resumes with exactly one message, pipelined requests are handed over one at a time, a
/// body arriving in pieces is passed through up to its framing, and a client that leaves ends the input. These pin
/// the read paths that an idle connection waits in (one pooled state machine, docs/performance.md). The idle-timeout
/// tests run on a clock whose one timer fires only when the test moves it.
/// </summary>
public sealed class Http1InputReaderTests
{
    [Fact]
    public async Task ReadWaitingForTheClient_ResumesWithTheCompleteHead()
    {
        var (reader, client) = await StartAsync();

        var read = reader.ReadAsync();
        Assert.False(read.IsCompleted);
        await client.WriteAsync(Latin1("GET /a HTTP/1.1\r\nHo"));
        Assert.False(read.IsCompleted);
        await client.WriteAsync(Latin1("st: a.test\r\n\r\n"));

        var result = await read;
        Assert.Equal("GET /a HTTP/1.1\r\nHost: a.test\r\n\r\n", Text(result.Buffer));
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task PipelinedRequests_AreHandedOverOneMessageAtATime()
    {
        var (reader, client) = await StartAsync();
        await client.WriteAsync(Latin1("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\nGET /2 HTTP/1.1\r\nHost: a.test\r\n\r\n"));

        var first = await reader.ReadAsync();
        Assert.Equal("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n", Text(first.Buffer));
        reader.AdvanceTo(first.Buffer.End);

        var second = await reader.ReadAsync();
        Assert.Equal("GET /2 HTTP/1.1\r\nHost: a.test\r\n\r\n", Text(second.Buffer));
        reader.AdvanceTo(second.Buffer.End);

        var third = reader.ReadAsync();
        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task BodyArrivingInPieces_IsPassedThroughUpToItsContentLength()
    {
        var (reader, client) = await StartAsync();
        await client.WriteAsync(Latin1("POST /p HTTP/1.1\r\nHost: a.test\r\nContent-Length: 6\r\n\r\nabc"));

        var head = await reader.ReadAsync();
        var headText = Text(head.Buffer);
        Assert.StartsWith("POST /p HTTP/1.1\r\n", headText);
        reader.AdvanceTo(head.Buffer.End);

        var body = new StringBuilder(headText[(headText.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        var pending = reader.ReadAsync();
        if (body.Length < 6)
        {
            Assert.False(pending.IsCompleted);
        }

        await client.WriteAsync(Latin1("defGET /next HTTP/1.1\r\nHost: a.test\r\n\r\n"));
        while (body.Length < 6)
        {
            var piece = await pending;
            body.Append(Text(piece.Buffer));
            reader.AdvanceTo(piece.Buffer.End);
            if (body.Length < 6)
            {
                pending = reader.ReadAsync();
            }
        }

        Assert.Equal("abcdef", body.ToString());
        var next = await reader.ReadAsync();
        Assert.Equal("GET /next HTTP/1.1\r\nHost: a.test\r\n\r\n", Text(next.Buffer));
    }

    [Fact]
    public async Task ClientLeavingWhileIdle_EndsTheInput()
    {
        var (reader, client) = await StartAsync();
        var read = reader.ReadAsync();
        Assert.False(read.IsCompleted);

        await client.CompleteAsync();

        var result = await read;
        Assert.True(result.IsCompleted);
        Assert.True(result.Buffer.IsEmpty);
        Assert.True((await reader.ReadAsync()).IsCompleted);
    }

    // The idle timeout (ERR-408, ERR-TMO-1) on a clock the test moves: one timer, armed once, checked against the
    // deadline of the read in progress when it fires.

    [Fact]
    public async Task IdleBetweenRequests_EndsTheInputSilently_AtTheIdleTimeout()
    {
        var clock = new TimerClock();
        var (reader, client, wire) = await StartAsync(clock);
        await client.WriteAsync(Latin1("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n"));
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.End);
        clock.Advance(TimeSpan.FromSeconds(30)); // Kestrel handling the request: no read, nothing times out

        var idle = reader.ReadAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(1));
        Assert.False(idle.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var ended = await idle.WaitAsync(Deadline);
        Assert.True(ended.IsCompleted);
        Assert.True(ended.Buffer.IsEmpty);
        Assert.False(wire.TryRead(out _)); // silent close: nothing written
    }

    [Fact]
    public async Task BytesOfAHead_RestartTheIdleTimeout_AndAHeadStalledForItIsAnswered408()
    {
        var clock = new TimerClock();
        var (reader, client, wire) = await StartAsync(clock);
        var read = reader.ReadAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(40));
        await client.WriteAsync(Latin1("GET /slow HTTP/1.1\r\nHo"));

        clock.Advance(TimeSpan.FromSeconds(59)); // 99 s after the first read began, 59 s after the last byte
        Assert.False(read.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var ended = await read.WaitAsync(Deadline);
        Assert.True(ended.IsCompleted);
        var answer = await wire.ReadAsync().AsTask().WaitAsync(Deadline);
        Assert.StartsWith("HTTP/1.1 408 Request Time-out\r\n", Text(answer.Buffer));
    }

    [Fact]
    public async Task BodyStalledForTheIdleTimeout_FailsTheBodyReadWith408()
    {
        var clock = new TimerClock();
        var (reader, client, _) = await StartAsync(clock);
        await client.WriteAsync(Latin1("POST /p HTTP/1.1\r\nHost: a.test\r\nContent-Length: 6\r\n\r\n"));
        var head = await reader.ReadAsync();
        reader.AdvanceTo(head.Buffer.End);

        var body = reader.ReadAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<ConnectionAbortedException>(() => body.WaitAsync(Deadline));
        Assert.Equal(408, Assert.IsType<Microsoft.AspNetCore.Http.BadHttpRequestException>(failure.InnerException).StatusCode);
    }

    [Fact]
    public async Task RequestsOnAConnection_ChangeNoTimer_AfterTheFirstRead()
    {
        var clock = new TimerClock();
        var (reader, client, _) = await StartAsync(clock);
        for (var i = 0; i < 5; i++)
        {
            await client.WriteAsync(Latin1($"GET /{i} HTTP/1.1\r\nHost: a.test\r\n\r\n"));
            var request = await reader.ReadAsync();
            reader.AdvanceTo(request.Buffer.End);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, clock.Changes);

        // At the first read's deadline the timer finds a later read in progress and waits for that read's own deadline.
        var idle = reader.ReadAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(55));
        Assert.False(idle.IsCompleted);
        Assert.Equal(2, clock.Changes);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True((await idle.WaitAsync(Deadline)).IsCompleted);
    }

    [Fact]
    public async Task HeadArrivingAtTheDeadline_IsServed_AndTheNextReadGetsAWholeIdleTimeout()
    {
        var clock = new TimerClock();
        var (reader, client, _) = await StartAsync(clock);
        var read = reader.ReadAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(1));
        await client.WriteAsync(Latin1("GET /late HTTP/1.1\r\nHost: a.test\r\n\r\n"));
        clock.Advance(TimeSpan.FromMilliseconds(1)); // the timer fires at the first read's deadline, that read is over

        var first = await read.WaitAsync(Deadline);
        Assert.Equal("GET /late HTTP/1.1\r\nHost: a.test\r\n\r\n", Text(first.Buffer));
        reader.AdvanceTo(first.Buffer.End);
        var next = reader.ReadAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await next.WaitAsync(Deadline)).IsCompleted);
    }

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Runs the HTTP/1.x front end over in-memory pipes and returns the reader Kestrel would get, and the client's end.</summary>
    private static async Task<(PipeReader Reader, PipeWriter Client)> StartAsync()
    {
        var (reader, client, _) = await StartAsync(TimeProvider.System, rejections: null!);
        return (reader, client);
    }

    /// <summary>As <see cref="StartAsync()"/> on the given clock, answering wire rejections; also returns what the client receives.</summary>
    private static Task<(PipeReader Reader, PipeWriter Client, PipeReader Wire)> StartAsync(TimeProvider time)
    {
        var emulator = LifecycleTestHost.Emulator();
        var recorder = new AlbEmulator.AccessLogs.RequestRecorder(
            new AlbEmulator.AccessLogs.AccessLogWriter([], time, Microsoft.Extensions.Logging.Abstractions.NullLogger<AlbEmulator.AccessLogs.AccessLogWriter>.Instance), metrics: null, time);
        var rejections = new WireRejectionHandler(new AlbEmulator.Pipeline.AlbRuntime(emulator), recorder, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, diagnosticsEnabled: false);
        return StartAsync(time, rejections, emulator.LoadBalancers[0]);
    }

    private static Task<(PipeReader Reader, PipeWriter Client, PipeReader Wire)> StartAsync(TimeProvider time, WireRejectionHandler rejections, AlbEmulator.Model.LoadBalancerModel? model = null)
    {
        model ??= LifecycleTestHost.Model();
        // Continuations run inline (as with inline socket completions), so a write or a timer's cancellation has been
        // handled by the reader when it returns.
        // Continuations inline and, as Kestrel's pipes have it, not posted to a synchronization context: under xunit's
        // context the reader's continuations ran on its workers and, on a loaded machine, after the test had moved the
        // clock on (a 30 s timeout waiting for the 408).
        var inline = time == TimeProvider.System ? PipeOptions.Default : new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false);
        var input = new Pipe(inline);
        var output = new Pipe(inline);
        var context = new TestConnection(new DuplexPipe(input.Reader, output.Writer));
        context.Features.Set<IAlbConnectionFeature>(new AlbConnectionFeature(new AlbConnection(model.Listeners[0], DateTime.UtcNow)));
        PipeReader? seen = null;
        // Kestrel's HTTP layer stays on the connection for the test (when it returns the connection ends and the reader's
        // timer stops); the reader alone, never parked (Http1ParkingTests park).
        _ = Http1FrontEnd.RunAsync(context, c =>
        {
            seen = c.Transport.Input;
            return new TaskCompletionSource().Task;
        }, model, rejections, time, parkDelay: TimeSpan.MaxValue);
        Assert.IsType<Http1InputReader>(seen);
        return Task.FromResult((seen!, (PipeWriter)input.Writer, (PipeReader)output.Reader));
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static string Text(ReadOnlySequence<byte> buffer) => Encoding.Latin1.GetString(buffer.ToArray());

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class TestConnection(IDuplexPipe transport) : ConnectionContext
    {
        public override string ConnectionId { get; set; } = "test";

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

        public override IDuplexPipe Transport { get; set; } = transport;
    }
}
