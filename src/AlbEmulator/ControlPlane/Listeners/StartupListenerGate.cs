using System.Collections.Concurrent;
using System.Net;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AlbEmulator.ControlPlane.Listeners;

/// <summary>
/// The listeners bound when the emulator started live in the host's Kestrel server, which cannot
/// close an endpoint while running. When such a listener is deleted its port stays bound but
/// "dormant": this first connection middleware closes every new connection to it until a listener
/// with the same port and TLS settings is created again.
/// </summary>
internal sealed class StartupListenerGate
{
    private readonly AlbRuntime _runtime;
    private readonly ConcurrentDictionary<int, int> _configuredByBoundPort = new();

    public StartupListenerGate(AlbRuntime runtime)
    {
        _runtime = runtime;
    }

    /// <summary>Installs the gate on every endpoint (Kestrel applies endpoint defaults before each listener's own middleware).</summary>
    public void Install(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(options => options.Use(next => context => Admit(context) ? next(context) : Refuse(context)));

    /// <summary>Records the port actually bound for a configured listener port (after start).</summary>
    public void Register(int configuredPort, IPEndPoint bound) => _configuredByBoundPort[bound.Port] = configuredPort;

    private bool Admit(ConnectionContext context) =>
        context.LocalEndPoint is not IPEndPoint local
        || !_configuredByBoundPort.TryGetValue(local.Port, out var configured)
        || _runtime.Current.FindListener(configured) is not null;

    private static Task Refuse(ConnectionContext context)
    {
        context.Abort(new ConnectionAbortedException("The listener on this port has been deleted."));
        return Task.CompletedTask;
    }
}
