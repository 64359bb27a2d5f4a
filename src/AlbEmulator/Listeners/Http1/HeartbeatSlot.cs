using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Listeners.Http1;

/// <summary>
/// The connection's heartbeat feature as Kestrel's HTTP layer sees it on a connection that parks
/// (<see cref="Http1FrontEnd"/>). Kestrel's own keeps every handler registered on a connection until the connection
/// ends (its <c>KestrelConnection.OnHeartbeat</c> only adds), and each HTTP layer registers one: across park cycles the
/// list would grow and keep every past HTTP layer alive. This slot is registered once with Kestrel's and holds the one
/// handler of the HTTP layer in use; <see cref="Clear"/> drops it when that layer has ended.
/// </summary>
internal sealed class HeartbeatSlot : IConnectionHeartbeatFeature
{
    private readonly Lock _lock = new();
    private Action<object>? _action;
    private object? _state;

    /// <summary>Puts a slot in front of Kestrel's heartbeat feature; null when the connection has none.</summary>
    public static HeartbeatSlot? Install(IFeatureCollection features)
    {
        var kestrel = features.Get<IConnectionHeartbeatFeature>();
        if (kestrel is null)
        {
            return null;
        }

        var slot = new HeartbeatSlot();
        kestrel.OnHeartbeat(static s => ((HeartbeatSlot)s).Tick(), slot);
        features.Set<IConnectionHeartbeatFeature>(slot);
        return slot;
    }

    /// <summary>Whether an HTTP layer's handler is in the slot (tests).</summary>
    public bool Occupied
    {
        get
        {
            lock (_lock)
            {
                return _action is not null;
            }
        }
    }

    /// <summary>The HTTP layer's registration: it replaces the previous layer's, which has ended.</summary>
    public void OnHeartbeat(Action<object> action, object state)
    {
        lock (_lock)
        {
            _action = action;
            _state = state;
        }
    }

    /// <summary>The HTTP layer has ended (the connection is parked): no more ticks, and nothing keeps it alive.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _action = null;
            _state = null;
        }
    }

    private void Tick()
    {
        Action<object>? action;
        object? state;
        lock (_lock)
        {
            action = _action;
            state = _state;
        }

        action?.Invoke(state!);
    }
}
