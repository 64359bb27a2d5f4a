using AlbEmulator.Hosting;

namespace AlbEmulator.Tests.Hosting;

/// <summary>When the CLI gives memory back (Hosting/IdleMemoryTrimmer): only in an idle second, after a busy spell or while a trim left a large live heap.</summary>
public sealed class IdleMemoryTrimmerTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(0, 20 * MiB, 0, false, true)]          // idle after a busy spell: trim
    [InlineData(0, 15 * MiB, 0, false, false)]         // too little happened since the last trim
    [InlineData(4 * MiB, 200 * MiB, 0, true, false)]   // still busy: never under load
    [InlineData(512 * 1024, 16 * MiB, 0, false, true)] // health checks and timers still count as idle
    [InlineData(0, 0, 70 * MiB, true, true)]           // the last trim left many open connections: look again when due
    [InlineData(0, 0, 70 * MiB, false, false)]         // ... not before
    [InlineData(0, 0, 8 * MiB, true, false)]           // a small live heap is left alone
    public void ShouldTrim(long allocatedInInterval, long allocatedSinceTrim, long heapAfterTrim, bool recheckDue, bool expected) =>
        Assert.Equal(expected, IdleMemoryTrimmer.ShouldTrim(allocatedInInterval, allocatedSinceTrim, heapAfterTrim, recheckDue));
}
