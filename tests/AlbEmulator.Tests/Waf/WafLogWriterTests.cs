using System.Collections.Concurrent;
using System.Text.Json;
using AlbEmulator.AccessLogs;
using AlbEmulator.Tests.Common;
using AlbEmulator.Waf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static AlbEmulator.Tests.Waf.WafTestAcl;

namespace AlbEmulator.Tests.Waf;

/// <summary><c>--waf-log</c>: lines queued by the request, written by a background loop, whole, in order, none lost at exit.</summary>
public sealed class WafLogWriterTests : IDisposable
{
    private static readonly WebAcl Acl = Compile(WafTestAcl.Acl());

    private readonly string _path = Path.Combine(Path.GetTempPath(), "albemu-waflog-" + Guid.NewGuid().ToString("N") + ".log");

    public void Dispose() => File.Delete(_path);

    private static void WriteRequest(WafLogWriter log, string path)
    {
        var request = Request(path);
        log.Write(Acl, Evaluate(Acl, request), request, new WafLogContext("123456789012-app/lb/0123456789abcdef", "Root=1-" + path, 1765000000000, 200));
    }

    private static string Uri(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("httpRequest").GetProperty("uri").GetString()!;
    }

    [Fact]
    public async Task ParallelRequests_LinesWholeAndInOrder_NoneLostOnDispose()
    {
        const int Streams = 8;
        const int PerStream = 500;
        var log = new WafLogWriter(_path, TimeProvider.System, NullLogger<WafLogWriter>.Instance);
        var delivered = new ConcurrentQueue<string>();
        log.LineWritten += delivered.Enqueue;

        await Parallel.ForAsync(0, Streams, (stream, _) =>
        {
            for (var i = 0; i < PerStream; i++)
            {
                WriteRequest(log, $"/s{stream}/{i}");
            }

            return ValueTask.CompletedTask;
        });
        await log.DisposeAsync();

        // Every line is one whole JSON object; the file holds them in the order they were queued.
        var lines = File.ReadAllLines(_path);
        Assert.Equal(Streams * PerStream, lines.Length);
        Assert.Equal(delivered, lines);
        var uris = lines.Select(Uri).ToList();
        for (var stream = 0; stream < Streams; stream++)
        {
            var prefix = $"/s{stream}/";
            Assert.Equal(Enumerable.Range(0, PerStream).Select(i => prefix + i), uris.Where(u => u.StartsWith(prefix, StringComparison.Ordinal)));
        }

        Assert.Equal(0, log.LinesDropped);
    }

    [Fact]
    public async Task Dispose_WaitsForAStalledSink_ThenEveryQueuedLineIsWritten()
    {
        var sink = new GatedSink();
        var log = new WafLogWriter(sink, TimeProvider.System, NullLogger<WafLogWriter>.Instance);
        for (var i = 0; i < 300; i++)
        {
            WriteRequest(log, "/r" + i);
        }

        var disposing = log.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        sink.Release();
        await disposing;

        Assert.Equal(Enumerable.Range(0, 300).Select(i => "/r" + i), sink.Lines.Select(Uri));
        Assert.True(sink.Disposed);
    }

    [Fact]
    public async Task QueueFull_RequestNeverWaits_LinesDroppedAndCounted_OneWarningThenTheTotal()
    {
        var sink = new GatedSink();
        var logger = new ListLogger();
        var log = new WafLogWriter(sink, TimeProvider.System, logger, capacity: 4);

        // The first line reaches the sink, which stalls: the next four fill the queue, three more find it full.
        WriteRequest(log, "/0");
        await sink.Entered.Task.WaitAsync(Eventually.DefaultTimeout);
        for (var i = 1; i <= 7; i++)
        {
            WriteRequest(log, "/" + i);
        }

        Assert.Equal(3, log.LinesDropped);
        Assert.Equal(["WAF log: queue full (4 lines, the destination is slower than the requests): dropping lines until it catches up; the total is logged at shutdown"], logger.Lines);

        sink.Release();
        await log.DisposeAsync();

        Assert.Equal(["/0", "/1", "/2", "/3", "/4"], sink.Lines.Select(Uri));
        Assert.Equal("WAF log: 3 lines dropped because the queue was full", logger.Lines.Last());
        Assert.Equal(2, logger.Lines.Count);
        Assert.All(logger.Levels, l => Assert.Equal(LogLevel.Warning, l));
    }

    /// <summary>A sink that holds its writes until released.</summary>
    private sealed class GatedSink : IAccessLogSink
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> Lines { get; } = new();

        public bool Disposed { get; private set; }

        public void Release() => _open.TrySetResult();

        public async ValueTask WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await _open.Task;

            foreach (var line in lines)
            {
                Lines.Enqueue(line);
            }
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ListLogger : ILogger<WafLogWriter>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ConcurrentQueue<LogLevel> Levels { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Levels.Enqueue(logLevel);
            Lines.Enqueue(formatter(state, exception));
        }
    }
}
