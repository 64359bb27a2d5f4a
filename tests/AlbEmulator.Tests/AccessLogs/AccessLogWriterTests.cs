using AlbEmulator.AccessLogs;
using AlbEmulator.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlbEmulator.Tests.AccessLogs;

public sealed class AccessLogWriterTests
{
    private sealed class MemorySink : IAccessLogSink
    {
        public List<string> Lines { get; } = [];

        public int Flushes { get; private set; }

        public bool Disposed { get; private set; }

        public ValueTask WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
        {
            Lines.AddRange(lines);
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task DisposeAsync_DrainsEveryAcceptedLine_FromManyThreads()
    {
        var sink = new MemorySink();
        var writer = new AccessLogWriter([sink], TimeProvider.System, NullLogger<AccessLogWriter>.Instance);

        await Parallel.ForAsync(0, 2000, (i, _) =>
        {
            writer.Enqueue("line " + i);
            return ValueTask.CompletedTask;
        });
        await writer.DisposeAsync();

        Assert.Equal(2000, sink.Lines.Count);
        Assert.Equal(2000, sink.Lines.Distinct().Count());
        Assert.Equal(2000, writer.LinesWritten);
        Assert.True(sink.Flushes > 0);
        Assert.True(sink.Disposed);
    }

    [Fact]
    public async Task IdleWriter_FlushesWithoutShutdown()
    {
        var sink = new MemorySink();
        await using var writer = new AccessLogWriter([sink], TimeProvider.System, NullLogger<AccessLogWriter>.Instance);

        writer.Enqueue("a");
        await Eventually.UntilAsync(() => sink.Flushes > 0, "the idle writer to flush");

        Assert.Equal(["a"], sink.Lines);
        Assert.True(sink.Flushes > 0);
    }
}
