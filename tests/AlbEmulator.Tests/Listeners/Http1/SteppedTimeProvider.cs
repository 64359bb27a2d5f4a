namespace AlbEmulator.Tests.Listeners.Http1;

/// <summary>
/// A clock with timers that only moves when the test says so (<see cref="Advance"/> fires what fell due, in order):
/// <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> on a source made with this provider, and the timers
/// code creates through it, run on the test's command. Microsoft.Extensions.TimeProvider.Testing is not referenced here.
/// </summary>
public sealed class SteppedTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<SteppedTimer> _timers = [];
    private long _ticks = DateTimeOffset.UnixEpoch.AddYears(56).UtcTicks;
    private int _changes;

    /// <summary>Timer changes (arming or re-arming, not disarming) so far.</summary>
    public int Changes => Volatile.Read(ref _changes);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Timers due at some time (armed), as offsets from now.</summary>
    public IReadOnlyList<TimeSpan> Armed()
    {
        lock (_lock)
        {
            var now = GetTimestamp();
            return _timers.Where(t => t.Due is not null).Select(t => TimeSpan.FromTicks(t.Due!.Value - now)).ToArray();
        }
    }

    /// <summary>Moves the clock on, firing every timer that falls due on the way (on this thread).</summary>
    public void Advance(TimeSpan by)
    {
        var end = GetTimestamp() + by.Ticks;
        while (true)
        {
            SteppedTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due <= end).MinBy(t => t.Due);
                if (next is null)
                {
                    Interlocked.Exchange(ref _ticks, end);
                    return;
                }

                Interlocked.Exchange(ref _ticks, Math.Max(GetTimestamp(), next.Due!.Value));
                next.Due = next.Period > TimeSpan.Zero ? next.Due + next.Period.Ticks : null;
            }

            next.Fire();
        }
    }

    private sealed class SteppedTimer(SteppedTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public long? Due;
        public TimeSpan Period;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetTimestamp() + dueTime.Ticks;
                if (Due is not null)
                {
                    clock._changes++;
                }

                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            }

            return true;
        }

        public void Dispose()
        {
            lock (clock._lock)
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
