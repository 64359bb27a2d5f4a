using System.IO.Compression;
using AlbEmulator.AccessLogs;
using AlbEmulator.Model;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.AccessLogs;

public sealed class S3LogFileSinkTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 10, 3, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "albemu-s3sink-" + Guid.NewGuid().ToString("N"));
    private readonly AwsIdentifiers _ids = new("sink-test");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string Line(DateTime time, string text) =>
        $"http {time:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} {text}";

    private static string[] ReadGzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Interval_IsFinishedWhenTheClockCrossesItsEnd_AndIsAValidGzip()
    {
        var clock = new ManualTimeProvider(Start);
        var sink = new S3LogFileSink(_directory, "logs", _ids, "", timeField: 1, clock);
        var t0 = Start.UtcDateTime;
        await sink.WriteAsync([Line(t0, "a"), Line(t0.AddSeconds(30), "b")], default);
        await sink.FlushAsync(default);
        Assert.Empty(sink.FinishedFiles);

        clock.Advance(TimeSpan.FromMinutes(2)); // 10:05:00: the 10:00-10:05 interval has ended
        await sink.FlushAsync(default);

        var finished = Assert.Single(sink.FinishedFiles);
        Assert.Matches(@"^123456789012_elasticloadbalancing_us-east-1_app\.sink-test\.[0-9a-f]{16}_20260304T1005Z_127\.0\.0\.1_[a-z0-9]{8}\.log\.gz$", Path.GetFileName(finished));
        Assert.Contains(Path.Combine("logs", "AWSLogs", "123456789012", "elasticloadbalancing", "us-east-1", "2026", "03", "04"), finished);
        Assert.Equal([Line(t0, "a"), Line(t0.AddSeconds(30), "b")], ReadGzip(finished));
        await sink.DisposeAsync();
    }

    [Fact]
    public async Task LinesGoToTheFileOfTheirOwnTime_AndDisposeFinishesEveryFile()
    {
        var clock = new ManualTimeProvider(Start);
        var sink = new S3LogFileSink(_directory, "", _ids, "conn_log_", timeField: 1, clock);
        var t0 = Start.UtcDateTime;
        var next = t0.AddMinutes(3); // 10:06, next interval
        await sink.WriteAsync([Line(t0, "first"), Line(next, "second"), Line(t0, "third")], default);
        await sink.DisposeAsync();

        Assert.Equal(2, sink.FinishedFiles.Count);
        var first = sink.FinishedFiles.Single(f => f.Contains("_20260304T1005Z_"));
        var second = sink.FinishedFiles.Single(f => f.Contains("_20260304T1010Z_"));
        Assert.StartsWith("conn_log_", Path.GetFileName(first));
        Assert.Equal([Line(t0, "first"), Line(t0, "third")], ReadGzip(first));
        Assert.Equal([Line(next, "second")], ReadGzip(second));
    }

    [Fact]
    public async Task LateLineForAFinishedInterval_StartsAnotherFile()
    {
        var clock = new ManualTimeProvider(Start);
        var sink = new S3LogFileSink(_directory, "", _ids, "", timeField: 1, clock);
        var t0 = Start.UtcDateTime;
        await sink.WriteAsync([Line(t0, "a")], default);
        clock.Advance(TimeSpan.FromMinutes(5));
        await sink.FlushAsync(default);
        await sink.WriteAsync([Line(t0, "late")], default);
        await sink.DisposeAsync();

        Assert.Equal(2, sink.FinishedFiles.Count);
        Assert.All(sink.FinishedFiles, f => Assert.Contains("_20260304T1005Z_", f));
        Assert.Equal(["a", "late"], sink.FinishedFiles.SelectMany(ReadGzip).Select(l => l.Split(' ')[2]).Order());
    }

    [Fact]
    public async Task Timer_FinishesAnIdleInterval()
    {
        var clock = new ManualTimeProvider(Start);
        var sink = new S3LogFileSink(_directory, "", _ids, "", timeField: 1, clock);
        await sink.WriteAsync([Line(Start.UtcDateTime, "a")], default);
        clock.Advance(TimeSpan.FromMinutes(3));

        await Eventually.UntilAsync(() => sink.FinishedFiles.Count > 0, "the timer to finish the idle interval's file");

        Assert.Single(sink.FinishedFiles);
        await sink.DisposeAsync();
    }
}
