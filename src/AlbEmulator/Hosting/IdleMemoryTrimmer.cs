using System.Runtime.InteropServices;

namespace AlbEmulator.Hosting;

/// <summary>
/// Gives memory back once traffic stops (docs/performance.md, "Memory and GC"). The GC only runs when something
/// allocates, so after a burst (a storm of connections, a load test) the garbage it left stays committed for as
/// long as the emulator is idle, and each burst's high-water mark becomes the process's size. Once a second this
/// looks at how much the process allocated: after a busy spell (at least <see cref="GrowthBytes"/> allocated since
/// the last trim), the first idle second (at most <see cref="IdleAllocationBytes"/> allocated) runs one aggressive
/// full collection that compacts the heap and decommits what is free (the listeners' pooled buffers dropped first,
/// <see cref="TransportMemoryPool.TrimAll"/>), then gives the native heap's free pages back
/// (<see cref="TrimNativeHeap"/>: glibc keeps what the runtime, the JIT and OpenSSL freed in its arenas). While a trim
/// leaves the heap large (many idle connections still open), it is repeated in the first idle second after any further activity (at least
/// <see cref="ActivityBytes"/> allocated: the connections closing), and otherwise with a growing delay (2 s, 4 s, ...
/// 5 min). It never runs under load (allocation is the sign of load), so no request waits for it. Started by the
/// <c>alb-emulator</c> CLI only: a test process hosting <c>AlbEmulator.Testing</c> keeps its own GC policy.
/// </summary>
public sealed class IdleMemoryTrimmer : IDisposable
{
    /// <summary>How often the process is looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Allocated in one interval, at most, for the process to count as idle (health checks and timers allocate a little).</summary>
    public const long IdleAllocationBytes = 512 * 1024;

    /// <summary>Allocated since the last trim (a busy spell), or heap a trim left behind, that is worth a full collection.</summary>
    public const long GrowthBytes = 16 * 1024 * 1024;

    /// <summary>Allocated since the last trim that counts as activity for a re-check.</summary>
    public const long ActivityBytes = 1024 * 1024;

    private static readonly TimeSpan FirstRecheck = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LastRecheck = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _lastAllocated;
    private long _allocatedAtTrim;
    private long _heapAfterTrim;
    private TimeSpan _recheckDelay = FirstRecheck;
    private DateTimeOffset _nextRecheck;

    private IdleMemoryTrimmer(TimeProvider time)
    {
        _time = time;
        _lastAllocated = _allocatedAtTrim = GC.GetTotalAllocatedBytes();
        _timer = time.CreateTimer(static s => ((IdleMemoryTrimmer)s!).Tick(), this, Interval, Interval);
    }

    /// <summary>How many times memory was given back (diagnostics).</summary>
    public int Trims { get; private set; }

    /// <summary>Starts looking once per <see cref="Interval"/>.</summary>
    public static IdleMemoryTrimmer Start(TimeProvider? time = null) => new(time ?? TimeProvider.System);

    /// <summary>
    /// The decision, for an idle interval only (at most <see cref="IdleAllocationBytes"/> allocated in it): trim after a
    /// busy spell, or when the last trim left at least <see cref="GrowthBytes"/> of live heap (connections still open)
    /// and the re-check is due.
    /// </summary>
    public static bool ShouldTrim(long allocatedInInterval, long allocatedSinceTrim, long heapAfterTrim, bool recheckDue) =>
        allocatedInInterval <= IdleAllocationBytes
        && (allocatedSinceTrim >= GrowthBytes || (recheckDue && heapAfterTrim >= GrowthBytes));

    private void Tick()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var interval = allocated - _lastAllocated;
        _lastAllocated = allocated;
        var now = _time.GetUtcNow();
        if (interval > IdleAllocationBytes)
        {
            _recheckDelay = FirstRecheck;
            return;
        }

        if (!ShouldTrim(interval, allocated - _allocatedAtTrim, _heapAfterTrim, now >= _nextRecheck || allocated - _allocatedAtTrim >= ActivityBytes))
        {
            return;
        }

        TransportMemoryPool.TrimAll();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        TrimNativeHeap();
        _heapAfterTrim = GC.GetTotalMemory(forceFullCollection: false);
        _lastAllocated = _allocatedAtTrim = GC.GetTotalAllocatedBytes();
        _nextRecheck = now + _recheckDelay;
        _recheckDelay = _recheckDelay * 2 < LastRecheck ? _recheckDelay * 2 : LastRecheck;
        Trims++;
    }

    public void Dispose() => _timer.Dispose();

    private static bool s_nativeTrimMissing;

    /// <summary>
    /// Returns the free pages of the native heap to the system (glibc's <c>malloc_trim</c>). glibc only gives memory back
    /// from the top of an arena, so what the runtime, the JIT (its compiler arenas, after a collection reclaimed them) and
    /// OpenSSL freed during a burst otherwise stays resident (docs/performance.md, "Memory: storms and the JIT build").
    /// After the collection: the collection is what returns the JIT's arenas to the native heap. A C library without it
    /// (musl) is left alone.
    /// </summary>
    private static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux() || s_nativeTrimMissing)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            s_nativeTrimMissing = true;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
