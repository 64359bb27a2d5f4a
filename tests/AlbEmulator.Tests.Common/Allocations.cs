namespace AlbEmulator.Tests.Common;

/// <summary>
/// Measures the managed bytes a piece of code allocates on the calling thread. One-off runtime work
/// (a method moving to the next JIT tier, a static initialised on first use) can land inside a single
/// measurement, so the probe measures several rounds and returns the smallest: code that allocates on
/// every call shows up in every round; a one-off does not.
/// </summary>
public static class Allocations
{
    /// <summary>Warms <paramref name="body"/> up, then returns the fewest bytes one round of <paramref name="callsPerRound"/> calls allocated.</summary>
    public static long PerRound(Action body, int callsPerRound = 1000, int rounds = 3, int warmupCalls = 100)
    {
        ArgumentNullException.ThrowIfNull(body);
        for (var i = 0; i < warmupCalls; i++)
        {
            body();
        }

        var fewest = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < callsPerRound; i++)
            {
                body();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
