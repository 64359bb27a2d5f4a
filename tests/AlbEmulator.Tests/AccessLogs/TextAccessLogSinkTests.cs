using System.Text;
using AlbEmulator.AccessLogs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlbEmulator.Tests.AccessLogs;

/// <summary>The access-log file only ever holds whole lines.</summary>
public sealed class TextAccessLogSinkTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alb-sink-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("one\ntwo\npart", "one\ntwo\n")]
    [InlineData("one\n", "one\n")]
    [InlineData("torn without any newline", "")]
    [InlineData("", "")]
    public async Task Open_TornLastLineFromAnEarlierCrash_CutOff(string existing, string expected)
    {
        var path = Path.Combine(_directory, "access.log");
        File.WriteAllText(path, existing);

        await using (var sink = new TextAccessLogSink(path))
        {
            await sink.WriteAsync(["three"], CancellationToken.None);
        }

        Assert.Equal(expected + "three\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task Write_MoreThanTheBuffer_FileEndsOnALineBoundaryBeforeAnyFlush()
    {
        var path = Path.Combine(_directory, "access.log");
        await using var sink = new TextAccessLogSink(path);
        var line = new string('x', 999);
        for (var i = 0; i < 200; i++)
        {
            await sink.WriteAsync([line], CancellationToken.None);
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length % 1000 == 0, $"{bytes.Length} bytes: a line is torn");
        }

        Assert.True(new FileInfo(path).Length > 0, "whole lines are written once the buffer fills");
    }

    /// <summary>
    /// What reaches the file through the access log is the formatted line encoded whole as UTF-8, for fields that need
    /// escaping, non-ASCII text, and a user agent cut at the 8 KB limit in the middle of a surrogate pair (the
    /// replacement character, as for any lone surrogate).
    /// </summary>
    [Fact]
    public async Task LinesWrittenThroughTheAccessLog_AreTheUtf8BytesOfTheFormattedLine()
    {
        string[] userAgents =
        [
            "curl/7.46.0",
            "quote \" and\ttab\u0001 and DEL\u007F",
            "caf\u00e9 \u65e5\u672c \ud83d\ude00 \u00ff",
            new string('a', AccessLogFormatter.MaxUserAgentLength - 1) + "\ud83d\ude00 beyond the limit",
            "lone \ud800 high and \udc00 low surrogates",
        ];
        string[] targets = ["/", "/p%22a?q=\"x\"&r=\u00e9", "/\u00fcber?\u0000"];
        var entries = new List<AccessLogEntry>();
        foreach (var userAgent in userAgents)
        {
            foreach (var target in targets)
            {
                var (context, state) = AccessLogTestLines.CreateForwarded();
                context.Request.Headers.UserAgent = userAgent;
                context.Request.Headers.Host = "WWW.\u00c9xample.com:80";
                context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
                state.ErrorReason = "Reason \"quoted\" \u00e9";
                entries.Add(AccessLogEntry.From(context, state, AccessLogTestLines.Responded));
            }
        }

        var logged = Path.Combine(_directory, "logged.log");
        var writer = new AccessLogWriter([new TextAccessLogSink(logged)], TimeProvider.System, NullLogger<AccessLogWriter>.Instance);
        foreach (var entry in entries)
        {
            writer.Write(entry);
        }

        await writer.DisposeAsync();

        var direct = Path.Combine(_directory, "sink.log");
        await using (var sink = new TextAccessLogSink(direct))
        {
            await sink.WriteAsync([.. entries.Select(AccessLogFormatter.Format)], CancellationToken.None);
        }

        var expected = Encoding.UTF8.GetBytes(string.Concat(entries.Select(e => AccessLogFormatter.Format(e) + "\n")));
        Assert.Equal(expected, File.ReadAllBytes(direct));
        Assert.Equal(expected, File.ReadAllBytes(logged));
        Assert.Equal(entries.Count, writer.LinesWritten);
    }

    [Fact]
    public async Task LinesFromManyThreads_AreAllWrittenWhole()
    {
        var path = Path.Combine(_directory, "access.log");
        var writer = new AccessLogWriter([new TextAccessLogSink(path)], TimeProvider.System, NullLogger<AccessLogWriter>.Instance);
        var (context, state) = AccessLogTestLines.CreateForwarded();
        var entry = AccessLogEntry.From(context, state, AccessLogTestLines.Responded);
        var line = AccessLogFormatter.Format(entry);

        await Parallel.ForAsync(0, 3000, (_, _) =>
        {
            writer.Write(entry); // about 1.3 MB: the 64 KiB batch fills and is written many times while lines arrive
            return ValueTask.CompletedTask;
        });
        await writer.DisposeAsync();

        var lines = File.ReadAllLines(path);
        Assert.Equal(3000, lines.Length);
        Assert.All(lines, l => Assert.Equal(line, l));
    }
}
