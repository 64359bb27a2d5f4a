namespace AlbEmulator.Tests.Common;

/// <summary>
/// A clock whose timers fire only when the test advances it (Microsoft.Extensions.TimeProvider.Testing is not
/// served here); counts the timer changes.
/// </summary>
public sealed class TimerClock : TimeProvider
{
    private readonly List<Timer> _timers = [];
    private long _ticks;

    /// <summary>Timer changes (arming or re-arming) so far.</summary>
    public int Changes;

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + TimeSpan.FromTicks(GetTimestamp());

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            timer.Change(dueTime, period);
        }

        return timer;
    }

    /// <summary>The armed timers' due times, as offsets from now.</summary>
    public IReadOnlyList<TimeSpan> Armed()
    {
        lock (_timers)
        {
            var now = GetTimestamp();
            return _timers.Where(t => t.Due is not null).Select(t => TimeSpan.FromTicks(t.Due!.Value - now)).ToArray();
        }
    }

    /// <summary>Moves the clock and fires every timer that falls due, in order (a callback may re-arm its timer).</summary>
    public void Advance(TimeSpan by)
    {
        var end = GetTimestamp() + by.Ticks;
        while (true)
        {
            Timer? next;
            lock (_timers)
            {
                next = _timers.Where(t => t.Due <= end).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    Interlocked.Exchange(ref _ticks, end);
                    return;
                }

                Interlocked.Exchange(ref _ticks, Math.Max(_ticks, next.Due!.Value));
                next.Due = null;
            }

            next.Fire();
        }
    }

    private sealed class Timer(TimerClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long? Due { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref clock.Changes);
            lock (clock._timers)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetTimestamp() + dueTime.Ticks;
            }

            return true;
        }

        public void Dispose()
        {
            lock (clock._timers)
            {
                Due = null;
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
