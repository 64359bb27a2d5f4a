using System.Net;
using AlbEmulator.AccessLogs;
using AlbEmulator.Errors;
using AlbEmulator.Listeners;
using AlbEmulator.Metrics;
using AlbEmulator.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlbEmulator.Tests.AccessLogs;

/// <summary>One entry per request, built once, read by the access log and the metrics alike.</summary>
public sealed class RequestRecorderTests : IDisposable
{
    private readonly AlbMetrics _metrics = new(() => "app/my-loadbalancer/0123456789abcdef");
    private readonly MetricsCollector _collector;

    public RequestRecorderTests() => _collector = new MetricsCollector(_metrics);

    public void Dispose()
    {
        _collector.Dispose();
        _metrics.Dispose();
    }

    /// <summary>An access log without sinks whose lines are captured in order.</summary>
    private static (AccessLogWriter Writer, List<string> Lines) CapturingWriter()
    {
        var lines = new List<string>();
        var writer = new AccessLogWriter([], TimeProvider.System, NullLogger<AccessLogWriter>.Instance);
        writer.LineWritten += line =>
        {
            lock (lines)
            {
                lines.Add(line);
            }
        };
        return (writer, lines);
    }

    [Fact]
    public async Task Complete_MetricsAndAccessLogReadTheSameEntry()
    {
        var (writer, lines) = CapturingWriter();
        await using var _ = writer;
        var recorder = new RequestRecorder(writer, new RequestMetricsRecorder(_metrics), TimeProvider.System);
        var (context, state) = AccessLogTestLines.CreateForwarded();
        var entry = AccessLogEntry.From(context, state, AccessLogTestLines.Responded);

        recorder.Complete(entry);
        await writer.DisposeAsync();

        Assert.Equal(AccessLogFormatter.Format(entry), Assert.Single(lines));
        Assert.Equal(1, _collector.Total("HTTPCode_Target_2XX_Count"));
        Assert.Equal(entry.Outcome.ReceivedBytes + entry.Outcome.SentBytes, _collector.Total("ProcessedBytes"));
    }

    [Fact]
    public async Task CompleteWireRejection_LogsTheEntry_AndTheExplorerKeepsItWithTheCheck()
    {
        var (writer, lines) = CapturingWriter();
        await using var _ = writer;
        var trail = new AlbEmulator.WebConsole.RequestTrail(10);
        var recorder = new RequestRecorder(writer, new RequestMetricsRecorder(_metrics), TimeProvider.System, trail);
        var (context, state) = AccessLogTestLines.CreateForwarded();
        state.Error = AlbError.MissingHostHeader;
        var entry = AccessLogEntry.From(context, state, AccessLogTestLines.Responded);

        recorder.CompleteWireRejection(entry, "Host header", "An HTTP/1.1 request has no Host header.");
        await writer.DisposeAsync();

        Assert.Equal(AccessLogFormatter.Format(entry), Assert.Single(lines));
        var kept = Assert.Single(trail.Snapshot());
        Assert.Equal(("Host header", "An HTTP/1.1 request has no Host header.", AlbError.MissingHostHeader), (kept.WireCheck, kept.WireReason, kept.Error));
    }

    [Fact]
    public void From_FreezesTheRequestFacts()
    {
        var (context, state) = AccessLogTestLines.CreateForwarded();
        var entry = AccessLogEntry.From(context, state, AccessLogTestLines.Responded);
        var before = AccessLogFormatter.Format(context, state, AccessLogTestLines.Responded);
        context.Request.Method = "POST";
        context.Request.Headers.UserAgent = "changed";
        context.Response.StatusCode = 500;

        Assert.Equal(("http", "GET", "www.example.com", "HTTP/1.1", "curl/7.46.0", 200), (entry.Type, entry.Method, entry.Host, entry.Protocol, entry.UserAgent, entry.Outcome.ElbStatusCode));
        Assert.Equal(before, AccessLogFormatter.Format(entry));
        Assert.NotEqual(before, AccessLogFormatter.Format(context, state, AccessLogTestLines.Responded));
    }

    [Fact]
    public void ForConnection_UnparsedRequestLine_ClientFromTheConnection()
    {
        var (_, template) = AccessLogTestLines.Create();
        var connection = new AlbConnection(template.Connection.Listener, AccessLogTestLines.Received) { RemoteEndPoint = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000) };
        var state = new AlbRequestState(connection, template.LoadBalancer, AccessLogTestLines.Received, 1_000_000)
        {
            Error = AlbError.BadRequest,
            RequestLineUnparsed = true,
            ReceivedBytes = 12,
            SentBytes = 300,
        };

        var entry = AccessLogEntry.ForConnection(connection, state, AccessLogTestLines.Responded, 400, "http");
        var fields = AccessLogTestLines.Tokenize(AccessLogFormatter.Format(entry));

        Assert.Equal("http", fields[0]);
        Assert.Equal("198.51.100.7:40000", fields[3]);
        Assert.Equal(("400", "-", "12", "300"), (fields[8], fields[9], fields[10], fields[11]));
        Assert.Matches("^\"- http://.+:80- -\"$", fields[12]);
    }

    [Fact]
    public void ForConnection_Http2GoAway_LogsCode000()
    {
        var (_, template) = AccessLogTestLines.Create();
        var connection = new AlbConnection(template.Connection.Listener, AccessLogTestLines.Received) { RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 50000) };
        var state = new AlbRequestState(connection, template.LoadBalancer, AccessLogTestLines.Received, 1_000_000) { RequestLineUnparsed = true, ReceivedBytes = 8300, SentBytes = 0 };

        var fields = AccessLogTestLines.Tokenize(AccessLogFormatter.Format(AccessLogEntry.ForConnection(connection, state, AccessLogTestLines.Responded, 0, "h2")));

        Assert.Equal(("h2", "-", "-1", "000", "-", "8300", "0"), (fields[0], fields[4], fields[5], fields[8], fields[9], fields[10], fields[11]));
    }
}
