using AlbEmulator.AccessLogs;

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
}
