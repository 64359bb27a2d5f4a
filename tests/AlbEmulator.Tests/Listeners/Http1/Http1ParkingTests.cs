using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using AlbEmulator.Listeners;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Tests.Common;
using AlbEmulator.Tests.Pipeline;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Tests.Listeners.Http1;

/// <summary>
/// Parking of idle HTTP/1.x keep-alive connections (<see cref="Http1FrontEnd.ParkDelay"/>): the front end over in-memory
/// pipes, with a stand-in for Kestrel's HTTP layer that reads heads and answers each, and a clock the test moves. After
/// the park delay with nothing of a next request received, Kestrel's input ends and its layer returns; the connection
/// stays open, and the client's next bytes start a new layer that reads exactly them. The idle timeout still ends the
/// connection silently, measured from the end of the last request; a close request (host stop) ends it at once.
/// </summary>
public sealed class Http1ParkingTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(60); // the model's idle timeout

    [Fact]
    public async Task IdleForTheParkDelay_KestrelsLayerEnds_NextRequestStartsANewLayerWithExactlyItsBytes()
    {
        var c = Start();
        await c.SendAsync("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        await c.WaitForHeadsAsync(1);
        await c.WaitForReadArmedAsync();

        c.Clock.Advance(Http1FrontEnd.ParkDelay);
        await c.UntilAsync(() => c.LayersEnded == 1);
        Assert.False(c.Serving.IsCompleted);

        await c.SendAsync("GET /2 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        await c.WaitForHeadsAsync(2);

        Assert.Equal(2, c.LayersStarted);
        Assert.Equal(["GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n", "GET /2 HTTP/1.1\r\nHost: a.test\r\n\r\n"], c.Heads);
        Assert.Equal(2, await c.ResponsesAsync(2));
    }

    [Fact]
    public async Task NextRequestWithinTheParkDelay_SameLayer()
    {
        var c = Start();
        await c.SendAsync("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        await c.WaitForHeadsAsync(1);
        await c.WaitForReadArmedAsync();

        c.Clock.Advance(Http1FrontEnd.ParkDelay - TimeSpan.FromMilliseconds(1));
        await c.SendAsync("GET /2 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        await c.WaitForHeadsAsync(2);

        Assert.Equal(1, c.LayersStarted);
        Assert.Equal(0, c.LayersEnded);
    }

    [Fact]
    public async Task BusyConnection_RequestsChangeNoTimer_OneCheckPerParkDelay()
    {
        var c = Start();
        for (var i = 1; i <= 20; i++)
        {
            await c.SendAsync($"GET /{i} HTTP/1.1\r\nHost: a.test\r\n\r\n");
            await c.WaitForHeadsAsync(i);
            await c.WaitForReadArmedAsync();
            c.Clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        // 2 s of requests every 100 ms: the timer was armed once, and moved on once per park delay when it came due
        // with a later read in progress; never parked.
        Assert.InRange(c.Clock.Changes, 1, 3);
        Assert.Equal(0, c.LayersEnded);
    }

    [Fact]
    public async Task PipelinedRequestsAcrossAPark_EachHandedOverOnce()
    {
        var c = Start();
        await c.SendAsync("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\nGET /2 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        await c.WaitForHeadsAsync(2);
        await c.WaitForReadArmedAsync();
        c.Clock.Advance(Http1FrontEnd.ParkDelay);
        await c.UntilAsync(() => c.LayersEnded == 1);

        await c.SendAsync("GET /3 HTTP/1.1\r\nHost: a.test\r\n\r\nGET /4 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        await c.WaitForHeadsAsync(4);

        Assert.Equal(["/1", "/2", "/3", "/4"], c.Heads.Select(h => h.Split(' ')[1]));
    }

    [Fact]
    public async Task PartOfAHeadReceived_NotParked_CompletesInTheSameLayer()
    {
        var c = Start();
        await c.SendAsync("GET /1 HTTP/1.1\r\nHo"); // the reader has taken it when this returns (inline pipe): its next read is not parkable

        c.Clock.Advance(Http1FrontEnd.ParkDelay * 5);
        await c.SendAsync("st: a.test\r\n\r\n");
        await c.WaitForHeadsAsync(1);

        Assert.Equal(0, c.LayersEnded);
        Assert.Equal("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n", c.Heads[0]);
    }

    [Fact]
    public async Task IdleTimeoutWhileParked_ClosesSilently_MeasuredFromTheEndOfTheLastRequest()
    {
        var c = Start();
        await c.OneRequestThenIdleForTheParkDelayAsync();
        await Eventually.UntilAsync(() => c.Clock.Armed().Contains(Idle - Http1FrontEnd.ParkDelay), "parked, the idle timeout's rest armed");

        c.Clock.Advance(Idle - Http1FrontEnd.ParkDelay - TimeSpan.FromMilliseconds(1));
        Assert.False(c.Serving.IsCompleted);
        c.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await c.Serving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, c.LayersStarted);
        Assert.Equal(1, await c.ResponsesAsync(1)); // nothing after the one response: a silent close
    }

    [Fact]
    public async Task CloseRequestedWhileParked_EndsAtOnce()
    {
        var c = Start();
        await c.OneRequestThenIdleForTheParkDelayAsync();
        await Eventually.UntilAsync(() => c.Clock.Armed().Contains(Idle - Http1FrontEnd.ParkDelay), "parked");

        c.Lifetime.RequestClose();
        await c.Serving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, c.LayersStarted);
    }

    [Fact]
    public async Task ClientLeavingWhileParked_Ends()
    {
        var c = Start();
        await c.OneRequestThenIdleForTheParkDelayAsync();
        await c.UntilAsync(() => c.LayersEnded == 1);

        await c.Client.CompleteAsync();
        await c.Serving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, c.LayersStarted);
        Assert.Empty(c.Clock.Armed()); // the idle timer stopped: nothing keeps the closed connection alive
    }

    [Fact]
    public async Task ClientLeavingBetweenRequests_IdleTimerStopped()
    {
        var c = Start();
        await c.SendAsync("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        await c.WaitForHeadsAsync(1);
        await c.WaitForReadArmedAsync();
        Assert.NotEmpty(c.Clock.Armed());

        await c.Client.CompleteAsync();
        await c.Serving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((1, 1), (c.LayersStarted, c.LayersEnded)); // ended by the client leaving
        Assert.Empty(c.Clock.Armed()); // the idle timer stopped: nothing keeps the closed connection alive
    }

    [Fact]
    public async Task LayerCompletingTheTransportWhileParked_ConnectionStaysOpen()
    {
        var c = Start(completeOnExit: true);
        await c.OneRequestThenIdleForTheParkDelayAsync();
        await c.UntilAsync(() => c.LayersEnded == 1);

        await c.SendAsync("GET /2 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        await c.WaitForHeadsAsync(2);

        Assert.Equal(2, await c.ResponsesAsync(2));
    }

    [Fact]
    public async Task ThousandParkCycles_OneHeartbeatHandler_ProtocolTagsOnce()
    {
        var c = Start();
        for (var i = 1; i <= 1000; i++)
        {
            await c.SendAsync($"GET /{i} HTTP/1.1\r\nHost: a.test\r\n\r\n");
            await c.WaitForHeadsAsync(i);
            await c.WaitForReadArmedAsync();
            c.Clock.Advance(Http1FrontEnd.ParkDelay);
            await c.UntilAsync(() => c.LayersEnded == i);
        }

        var slot = (HeartbeatSlot)c.Features.Get<IConnectionHeartbeatFeature>()!;
        await Eventually.UntilAsync(() => !slot.Occupied, "the parked connection's heartbeat slot emptied");
        await c.SendAsync("GET /last HTTP/1.1\r\nHost: a.test\r\n\r\n");
        await c.WaitForHeadsAsync(1001);

        Assert.Equal(1001, c.LayersStarted);
        Assert.Equal(1, c.Heartbeat.Handlers);
        Assert.True(slot.Occupied);
        c.Heartbeat.Tick();
        Assert.Equal(1, c.LastLayerTicks);
        Assert.Equal(["network.protocol.name", "network.protocol.version"], c.Tags.Tags.Select(t => t.Key).Order());
    }

    private static Connection Start(bool completeOnExit = false)
    {
        var model = LifecycleTestHost.Model();
        Assert.Equal(Idle, model.Settings.IdleTimeout);
        var c = new Connection(completeOnExit);
        c.Features.Set<IAlbConnectionFeature>(new AlbConnectionFeature(new AlbConnection(model.Listeners[0], DateTime.UtcNow)));
        c.Serving = Http1FrontEnd.RunAsync(c, c.KestrelAsync, model, rejections: null!, c.Clock);
        return c;
    }

    /// <summary>The connection, with the client's ends of its pipes and a stand-in for Kestrel's HTTP layer.</summary>
    private sealed class Connection : ConnectionContext
    {
        // The reader's continuations run inline: when the client's write returns, the reader has taken the bytes.
        private readonly Pipe _input = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        private readonly Pipe _output = new();
        private readonly bool _completeOnExit;
        private volatile bool _readArmed;
        private int _started;
        private int _ended;
        private int _lastLayerTicks;

        public Connection(bool completeOnExit)
        {
            _completeOnExit = completeOnExit;
            Transport = new DuplexPipe(_input.Reader, _output.Writer);
            Features.Set<IConnectionHeartbeatFeature>(Heartbeat);
            Features.Set<IConnectionLifetimeNotificationFeature>(Lifetime);
            Features.Set<IConnectionMetricsTagsFeature>(Tags);
        }

        public TimerClock Clock { get; } = new();

        public KestrelHeartbeat Heartbeat { get; } = new();

        public LifetimeNotification Lifetime { get; } = new();

        public MetricsTags Tags { get; } = new();

        public Task Serving { get; set; } = Task.CompletedTask;

        public List<string> Heads { get; } = [];

        public int LayersStarted => Volatile.Read(ref _started);

        public int LayersEnded => Volatile.Read(ref _ended);

        public int LastLayerTicks => Volatile.Read(ref _lastLayerTicks);

        public PipeWriter Client => _input.Writer;

        public override string ConnectionId { get; set; } = "test";

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

        public override IDuplexPipe Transport { get; set; }

        public async Task SendAsync(string text) => await _input.Writer.WriteAsync(Encoding.Latin1.GetBytes(text));

        /// <summary>GET /1 answered, then the park delay passes with the layer waiting for the next head.</summary>
        public async Task OneRequestThenIdleForTheParkDelayAsync()
        {
            await SendAsync("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
            await WaitForHeadsAsync(1);
            await WaitForReadArmedAsync();
            Clock.Advance(Http1FrontEnd.ParkDelay);
        }

        public Task WaitForHeadsAsync(int count) => UntilAsync(() => { lock (Heads) { return Heads.Count >= count; } });

        /// <summary>The layer is waiting for its next head (its read, and the park timer, armed).</summary>
        public Task WaitForReadArmedAsync() => UntilAsync(() => _readArmed);

        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Waits, with a deadline, until the layer's state (heads read, read armed, layers ended) satisfies the condition.</summary>
        public async Task UntilAsync(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var changed = Volatile.Read(ref _changed).Task;
                if (condition())
                {
                    return;
                }

                var left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero, "the layer did not reach the expected state in 30 s");
                await changed.WaitAsync(left).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }

        private void Changed() => Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

        /// <summary>Responses the client has received, waiting for at least <paramref name="atLeast"/>.</summary>
        public async Task<int> ResponsesAsync(int atLeast)
        {
            var seen = 0;
            var text = new StringBuilder();
            while (seen < atLeast)
            {
                var result = await _output.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                text.Append(Encoding.Latin1.GetString(result.Buffer.ToArray()));
                _output.Reader.AdvanceTo(result.Buffer.End);
                seen = CountResponses(text.ToString());
            }

            _output.Reader.CancelPendingRead(); // anything more would be in the buffer already: look once without waiting
            var rest = await _output.Reader.ReadAsync();
            text.Append(Encoding.Latin1.GetString(rest.Buffer.ToArray()));
            _output.Reader.AdvanceTo(rest.Buffer.End);
            return CountResponses(text.ToString());
        }

        private static int CountResponses(string text) => (text.Length - text.Replace("HTTP/1.1 200 OK", "", StringComparison.Ordinal).Length) / "HTTP/1.1 200 OK".Length;

        /// <summary>What Kestrel's HTTP layer does with the connection: registers its heartbeat and tags, reads heads, answers each, ends with the input.</summary>
        public async Task KestrelAsync(ConnectionContext context)
        {
            Interlocked.Increment(ref _started);
            var layer = new object();
            context.Features.Get<IConnectionHeartbeatFeature>()!.OnHeartbeat(s => { if (ReferenceEquals(s, layer)) { Interlocked.Increment(ref _lastLayerTicks); } }, layer);
            var tags = context.Features.Get<IConnectionMetricsTagsFeature>()!.Tags;
            tags.Add(new("network.protocol.name", "http"));
            tags.Add(new("network.protocol.version", "1.1"));
            var input = context.Transport.Input;
            while (true)
            {
                var read = input.ReadAsync();
                _readArmed = true;
                Changed();
                var result = await read;
                _readArmed = false;
                if (result.Buffer.IsEmpty && result.IsCompleted)
                {
                    input.AdvanceTo(result.Buffer.End);
                    break;
                }

                lock (Heads)
                {
                    Heads.Add(Encoding.Latin1.GetString(result.Buffer.ToArray()));
                }

                Changed();

                input.AdvanceTo(result.Buffer.End);
                await context.Transport.Output.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            }

            if (_completeOnExit)
            {
                input.Complete();
                context.Transport.Output.Complete();
            }

            Interlocked.Increment(ref _ended);
            Changed();
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>Kestrel's heartbeat feature: keeps every handler for the connection's life.</summary>
    private sealed class KestrelHeartbeat : IConnectionHeartbeatFeature
    {
        private readonly List<(Action<object> Action, object State)> _handlers = [];

        public int Handlers => _handlers.Count;

        public void OnHeartbeat(Action<object> action, object state) => _handlers.Add((action, state));

        public void Tick()
        {
            foreach (var (action, state) in _handlers)
            {
                action(state);
            }
        }
    }

    private sealed class LifetimeNotification : IConnectionLifetimeNotificationFeature
    {
        private readonly CancellationTokenSource _closing = new();

        public CancellationToken ConnectionClosedRequested { get => _closing.Token; set => throw new NotSupportedException(); }

        public void RequestClose() => _closing.Cancel();
    }

    private sealed class MetricsTags : IConnectionMetricsTagsFeature
    {
        public ICollection<KeyValuePair<string, object?>> Tags { get; } = new List<KeyValuePair<string, object?>>();
    }
}
