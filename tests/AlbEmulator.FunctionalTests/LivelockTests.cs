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
/// same bytes for ever): ALB's answer is 400 and a closed connection at once (not at the idle timeout), and afterwards the
/// listener answers and the process is idle again — in every desync mitigation mode.
/// </summary>
[Collection(CpuTimeCollection.Name)]
public sealed class LivelockTests
{
    [Theory]
    [InlineData("monitor")]
    [InlineData("defensive")]
    [InlineData("strictest")]
    public async Task MalformedChunkedBodies_400AtOnce_ListenerAnswers_CpuFlat(string mode)
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("echo");
        await using var env = await AlbTestEnvironment.StartAsync(WireHoleTests.Config(backend, idleTimeoutSeconds: 60, mode: mode));

        foreach (var (_, head, body) in WireHoleTests.MalformedChunkedBodies().Select(row => ((string)row[0], (string)row[1], (string)row[2])))
        {
            await using (var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080)))
            {
                var started = Stopwatch.StartNew();
                await connection.SendAsync(Encoding.Latin1.GetBytes(head + body));
                var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(20));
                // Answered at once, not at the idle timeout (60 s); the margin is wide for a loaded machine.
                Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"{mode} {body}: answered after {started.Elapsed}");
                Assert.Equal("HTTP/1.1 400 Bad Request", response.StatusLine);
            }

            // The client has left. The listener still answers.
            Assert.Equal(200, (await WireHoleTests.GetAsync(env)).StatusCode);
        }

        // And nothing spins: some two-second window of wall time shows well under one core-second of CPU (a livelocked
        // thread alone would use two in every window). Several windows, because on a loaded machine background work of
        // the runtime (tiered JIT, GC) may fill one; a livelock never leaves a quiet one.
        var process = Process.GetCurrentProcess();
        await Eventually.ValueAsync(
            async () =>
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                while (wall.Elapsed < TimeSpan.FromSeconds(2))
                {
                    await Task.Delay(100);
                }

                process.Refresh();
                return (Cpu: process.TotalProcessorTime - cpuBefore, Wall: wall.Elapsed);
            },
            window => window.Cpu < TimeSpan.FromSeconds(0.6),
            $"{mode}: a quiet two-second window (CPU ms, wall ms)",
            TimeSpan.FromSeconds(30));
    }
}
