using System.Diagnostics;
using System.Text;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>Tests that measure this process's CPU time: run alone, so other tests' work does not count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuTimeCollection
{
    public const string Name = "CpuTime";
}

/// <summary>
/// The CPU livelock one malformed chunked request used to cause (Kestrel's chunked parser offered the
/// same bytes for ever): ALB's answer is 400 and a closed connection, within a second, and afterwards the
/// listener answers and the process is idle again — in every desync mitigation mode.
/// </summary>
[Collection(CpuTimeCollection.Name)]
public sealed class LivelockTests
{
    [Theory]
    [InlineData("monitor")]
    [InlineData("defensive")]
    [InlineData("strictest")]
    public async Task MalformedChunkedBodies_400WithinOneSecond_ListenerAnswers_CpuFlat(string mode)
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("echo");
        await using var env = await AlbTestEnvironment.StartAsync(WireHoleTests.Config(backend, idleTimeoutSeconds: 60, mode: mode));

        foreach (var (_, head, body) in WireHoleTests.MalformedChunkedBodies().Select(row => ((string)row[0], (string)row[1], (string)row[2])))
        {
            await using (var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080)))
            {
                var started = Stopwatch.StartNew();
                await connection.SendAsync(Encoding.Latin1.GetBytes(head + body));
                var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(5));
                Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"{mode} {body}: answered after {started.Elapsed}");
                Assert.Equal("HTTP/1.1 400 Bad Request", response.StatusLine);
            }

            // The client has left. The listener still answers.
            Assert.Equal(200, (await WireHoleTests.GetAsync(env)).StatusCode);
        }

        // And nothing spins: over two seconds of wall time the process uses well under one core-second
        // (a livelocked thread alone would use two).
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        while (wall.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(100);
        }

        process.Refresh();
        var used = process.TotalProcessorTime - cpuBefore;
        Assert.True(used < TimeSpan.FromSeconds(0.6), $"{mode}: {used.TotalMilliseconds:0} ms of CPU in {wall.Elapsed.TotalMilliseconds:0} ms while idle");
    }
}
