namespace AlbEmulator.Listeners.Http2;

/// <summary>
/// The idle timeout of an HTTP/2 client connection (ERR-TMO-1, H2-5): once no frame other than PING has passed in
/// either direction for <c>idle_timeout.timeout_seconds</c>, the connection is closed gracefully (Kestrel's GOAWAY, the
/// streams in flight finish, then the FIN). PING frames do not reset it, in either direction. Kestrel's own keep-alive
/// timer (idle + 1 s, <c>Hosting/KestrelLimits</c>) is reset by every PING it receives, so it only backs this one up.
/// <see cref="Http2InputGuard"/> and <see cref="Http2OutputCounter"/> report the activity they see as the frames pass;
/// one timer per connection, re-armed only when it falls due.
/// </summary>
internal sealed class Http2IdleTimeout : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _idle;
    private readonly Action _close;
    private readonly ITimer _timer;
    private long _lastActivity;
    private int _done;

    /// <param name="idle">The load balancer's idle timeout.</param>
    /// <param name="time">The emulator's clock.</param>
    /// <param name="close">Asks Kestrel to close the connection gracefully.</param>
    public Http2IdleTimeout(TimeSpan idle, TimeProvider time, Action close)
    {
        _idle = idle;
        _time = time;
        _close = close;
        _lastActivity = time.GetTimestamp();
        _timer = time.CreateTimer(static s => ((Http2IdleTimeout)s!).Check(), this, idle, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether the timeout has closed the connection.</summary>
    public bool Expired { get; private set; }

    /// <summary>A frame other than PING was received or sent.</summary>
    public void Activity() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    private void Check()
    {
        if (Volatile.Read(ref _done) != 0)
        {
            return;
        }

        var idleFor = _time.GetElapsedTime(Volatile.Read(ref _lastActivity));
        if (idleFor < _idle)
        {
            _timer.Change(_idle - idleFor, Timeout.InfiniteTimeSpan);
            return;
        }

        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            Expired = true;
            _timer.Dispose();
            _close();
        }
    }

    /// <summary>The connection has ended.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _done, 1);
        _timer.Dispose();
    }
}
