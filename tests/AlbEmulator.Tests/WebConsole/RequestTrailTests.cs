using AlbEmulator.Pipeline;
using AlbEmulator.Tests.Pipeline;
using AlbEmulator.WebConsole;

namespace AlbEmulator.Tests.WebConsole;

/// <summary>The request explorer's ring (WebConsole/RequestTrail): bounded, oldest first, found by sequence or trace id, and free on the request path.</summary>
public sealed class RequestTrailTests
{
    private readonly AlbEmulator.Model.LoadBalancerModel _model = LifecycleTestHost.Model();

    [Fact]
    public void Ring_KeepsTheLastN_OldestFirst()
    {
        var trail = new RequestTrail(3);
        for (var i = 1; i <= 5; i++)
        {
            Record(trail, "/fixed?n=" + i);
        }

        var entries = trail.Snapshot();
        Assert.Equal([3L, 4L, 5L], entries.Select(e => e.Sequence));
        Assert.Equal(["/fixed?n=3", "/fixed?n=4", "/fixed?n=5"], entries.Select(e => e.RawTarget));
        Assert.Equal([5L], trail.Snapshot(afterSequence: 4).Select(e => e.Sequence));
        Assert.Empty(trail.Snapshot(afterSequence: 5));
        Assert.Equal(5, trail.LastSequence);
    }

    [Fact]
    public void Find_BySequence_WholeTraceId_Root_OrRootValue()
    {
        var trail = new RequestTrail(10);
        Record(trail, "/a", "Root=1-5759e988-bd862e3fe1be46a994272793;Self=1-5759e988-0000");
        Record(trail, "/b", "Root=1-5759e988-bd862e3fe1be46a994272794");

        Assert.Equal("/a", trail.Find("1")!.Value.RawTarget);
        Assert.Equal("/a", trail.Find("Root=1-5759e988-bd862e3fe1be46a994272793;Self=1-5759e988-0000")!.Value.RawTarget);
        Assert.Equal("/a", trail.Find("Root=1-5759e988-bd862e3fe1be46a994272793")!.Value.RawTarget);
        Assert.Equal("/b", trail.Find("1-5759e988-bd862e3fe1be46a994272794")!.Value.RawTarget);
        Assert.Null(trail.Find("1-5759e988-bd862e3fe1be46a9942727"));
        Assert.Null(trail.Find("99"));
    }

    [Fact]
    public async Task Lifecycle_RecordsTheRequestAsReceived_BeforeTransforms()
    {
        var trail = new RequestTrail(10);
        var lifecycle = Lifecycle(trail);
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/fixed");
        state.TraceId = "Root=1-00000001-000000000000000000000001";

        await lifecycle.RunAsync(context, state);

        var entry = Assert.Single(trail.Snapshot());
        Assert.Equal(203, entry.StatusCode);
        Assert.Equal("/fixed", entry.RawTarget);
        Assert.Equal("a.test", entry.Host);
        Assert.Equal(OutcomeKind.Respond, entry.Outcome);
        Assert.Same(_model.Listeners[0].Rules[0], entry.Rule);
        Assert.Same(_model, entry.LoadBalancer);
    }

    [Fact]
    public async Task HistoryZero_RecordsNothing()
    {
        var trail = new RequestTrail(0);
        var lifecycle = Lifecycle(trail);
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/fixed");

        await lifecycle.RunAsync(context, state);

        Assert.Empty(trail.Snapshot());
        Assert.Equal(0, trail.LastSequence);
    }

    [Fact]
    public void Record_AllocatesNothing()
    {
        // The request-path cost of the explorer: copying references and numbers into the ring (no strings, no boxes).
        var trail = new RequestTrail(64);
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/fixed?x=1");
        context.Request.Headers.Cookie = "AWSALB=abc";
        context.Request.Headers.UserAgent = "curl/8";
        state.TraceId = "Root=1-00000001-000000000000000000000001";
        state.Rule = _model.Listeners[0].Rules[0];
        var outcome = ActionOutcome.Reject(AlbEmulator.Errors.AlbError.NoRegisteredTargets);
        var original = OriginalRequest.Of(context);
        for (var i = 0; i < 100; i++)
        {
            trail.Record(context, state, outcome, original);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            original = OriginalRequest.Of(context);
            trail.Record(context, state, outcome, original);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(1100, trail.LastSequence);
    }

    [Fact]
    public async Task ConcurrentWritersAndReaders_EveryCopyIsOneRequestsEntry_InSequenceOrder()
    {
        // Writers take no lock (a sequence lock per slot): a reader must never see a slot half written by one request
        // and half by another, and a small ring must keep the newest entries while writers overtake each other.
        var trail = new RequestTrail(8);
        var requests = Enumerable.Range(0, 4).Select(i => LifecycleTestHost.Request(_model, "GET", "/w" + i)).ToArray();
        var originals = requests.Select(r => OriginalRequest.Of(r.Context)).ToArray();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                trail.Record(requests[w].Context, requests[w].State, ActionOutcome.Completed, originals[w]);
            }
        })).ToArray();
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var entries = trail.Snapshot();
                for (var i = 0; i < entries.Length; i++)
                {
                    // Each writer records its own request: target and state always belong together.
                    var w = entries[i].RawTarget[2] - '0';
                    Assert.Equal("/w" + w, entries[i].RawTarget);
                    Assert.Same(requests[w].State.LoadBalancer, entries[i].LoadBalancer);
                    Assert.True(i == 0 || entries[i].Sequence > entries[i - 1].Sequence);
                }

                reads++;
            }
        });

        await Task.WhenAll(writers);
        stop.Cancel();
        await reader;

        Assert.True(reads > 0);
        Assert.Equal(80_000, trail.LastSequence);
        var last = trail.Snapshot();
        Assert.Equal(Enumerable.Range(80_000 - 7, 8).Select(n => (long)n), last.Select(e => e.Sequence));
        trail.Clear();
        Assert.Empty(trail.Snapshot());
        Record(trail, "/after-clear");
        Assert.Equal("/after-clear", Assert.Single(trail.Snapshot()).RawTarget);
    }

    [Fact]
    public void WireRejection_ReplacesTheWholeSlot_AndIsListedWithItsAccessLogFields()
    {
        var trail = new RequestTrail(1);
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/fixed");
        state.Rule = _model.Listeners[0].Rules[0];
        trail.Record(context, state, ActionOutcome.Completed, OriginalRequest.Of(context));

        trail.RecordWireRejection(WireRejected(_model, AlbEmulator.Errors.AlbError.UriTooLong, 414, method: null), "request line length", "The request line is longer than 16 K.");

        var entry = Assert.Single(trail.Snapshot());
        Assert.Equal(2, entry.Sequence);
        Assert.Null(entry.Rule);
        Assert.Null(entry.ConditionHeaders);
        var summary = DecisionTrail.Summarize(entry);
        Assert.Equal((414, "-", "-", "-", "UriTooLong", "alb"), (summary.ElbStatusCode, summary.Method, summary.Path, summary.Protocol, summary.AlbError, summary.AnsweredBy));
        Assert.Equal(("HTTP:80", "203.0.113.9:50123", (string?)null), (summary.Listener, summary.Client, summary.Classification));
    }

    /// <summary>An access-log entry as the wire reject path builds it (no HttpContext: the head as far as it was read).</summary>
    internal static AlbEmulator.AccessLogs.AccessLogEntry WireRejected(AlbEmulator.Model.LoadBalancerModel model, AlbEmulator.Errors.AlbError error, int status, string? method = "GET", string? classification = null, string? reason = null)
    {
        var (_, state) = LifecycleTestHost.Request(model, "GET", "/");
        state.Error = error;
        state.Classification = classification;
        state.ClassificationReason = reason;
        return new AlbEmulator.AccessLogs.AccessLogEntry
        {
            State = state,
            Outcome = new AlbEmulator.AccessLogs.RequestOutcome(status, 120, 250),
            ResponseTimeUtc = DateTime.UtcNow,
            Type = "http",
            ClientAddress = System.Net.IPAddress.Parse("203.0.113.9"),
            ClientPort = 50123,
            Method = method,
            RawTarget = method is null ? null : "/upload?x=1",
            Host = method is null ? null : "a.test",
            Protocol = method is null ? null : "HTTP/1.1",
            UserAgent = method is null ? null : "curl/8",
        };
    }

    /// <summary>The lifecycle of <see cref="LifecycleTestHost"/> with the explorer's hook on <paramref name="trail"/>.</summary>
    internal static RequestLifecycle Lifecycle(RequestTrail trail) =>
        new(new AlbEmulator.Pipeline.Actions.RuleActions(LifecycleTestHost.StandardActions()), [], [], new AlbEmulator.Hosting.AlbEmulatorOptions(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, trail);

    private void Record(RequestTrail trail, string target, string? traceId = null)
    {
        var (context, state) = LifecycleTestHost.Request(_model, "GET", target);
        state.TraceId = traceId;
        trail.Record(context, state, ActionOutcome.Completed, OriginalRequest.Of(context));
    }
}
