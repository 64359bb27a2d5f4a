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
    // The HTTP layer's registration, replaced as a whole: a tick never sees one layer's handler with another's state.
    // No lock: Kestrel ticks every connection once a second.
    private Registration? _current;

    /// <summary>
    /// Puts a slot in front of Kestrel's heartbeat feature; null when the connection has none. Installed before the first
    /// HTTP layer starts, not at the first park: Kestrel keeps a handler registered with its own feature (and the HTTP
    /// layer it ticks, about 10 KB) for the connection's life, which is what parking gives back.
    /// </summary>
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
    public bool Occupied => Volatile.Read(ref _current) is not null;

    /// <summary>The HTTP layer's registration: it replaces the previous layer's, which has ended.</summary>
    public void OnHeartbeat(Action<object> action, object state) => Volatile.Write(ref _current, new Registration(action, state));

    /// <summary>The HTTP layer has ended (the connection is parked): no more ticks, and nothing keeps it alive.</summary>
    public void Clear() => Volatile.Write(ref _current, null);

    private void Tick()
    {
        if (Volatile.Read(ref _current) is { } registration)
        {
            registration.Action(registration.State);
        }
    }

    private sealed record Registration(Action<object> Action, object State);
}
