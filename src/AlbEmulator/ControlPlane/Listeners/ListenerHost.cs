using System.Net;
using AlbEmulator.Configuration;
using AlbEmulator.ConnectionLogs;
using AlbEmulator.Hosting;
using AlbEmulator.Listeners;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AlbEmulator.ControlPlane.Listeners;

/// <summary>
/// Binds listeners created after start (docs/control-plane.md, "Dynamic listeners"). Kestrel cannot add
/// an endpoint to a running server, so every such listener gets its own <see cref="KestrelServer"/>,
/// configured by the same <see cref="ListenerSetup.Bind"/> as the start-up listeners and running the
/// same request pipeline. Listeners bound at start stay in the host's server; when deleted they become
/// dormant (<see cref="StartupListenerGate"/>) and can be re-created with the same protocol (certificates and the
/// security policy are read at each TLS handshake, Listeners/ServedCertificates, MutualTls/TlsHandshake).
/// </summary>
internal sealed class ListenerHost : IListenerBinder, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly IServiceProvider _services;
    private readonly IHttpApplication<HttpContext> _application;
    private readonly AlbEmulatorOptions _options;
    private readonly WireRejectionHandler _rejections;
    private readonly ConnectionTracker? _tracker;
    private readonly ILoggerFactory _loggers;
    private readonly Dictionary<int, (ListenerBinding Binding, IPEndPoint Endpoint)> _startup = [];
    private readonly Dictionary<int, DynamicListener> _dynamic = [];
    private readonly List<Task> _stopping = [];

    public ListenerHost(IServiceProvider services, IHttpApplication<HttpContext> application, AlbEmulatorOptions options, WireRejectionHandler rejections, ConnectionTracker? tracker, ILoggerFactory loggers)
    {
        _services = services;
        _application = application;
        _options = options;
        _rejections = rejections;
        _tracker = tracker;
        _loggers = loggers;
    }

    /// <summary>Configured port → bound endpoint of every listener port currently open (start-up ones included, even dormant).</summary>
    public IReadOnlyDictionary<int, IPEndPoint> Endpoints
    {
        get
        {
            lock (_gate)
            {
                var endpoints = _startup.ToDictionary(kv => kv.Key, kv => kv.Value.Endpoint);
                foreach (var (port, listener) in _dynamic)
                {
                    endpoints[port] = listener.Endpoint;
                }

                return endpoints;
            }
        }
    }

    /// <summary>A listener the host's Kestrel bound at start.</summary>
    public void AddStartupListener(ListenerModel listener, IPEndPoint endpoint)
    {
        lock (_gate)
        {
            _startup[listener.Port] = (ListenerBinding.Of(listener.Config), endpoint);
        }
    }

    public void Check(AlbConfig next)
    {
        lock (_gate)
        {
            foreach (var listener in next.AllListeners)
            {
                if (listener.Port is { } port && _startup.TryGetValue(port, out var startup) && !_dynamic.ContainsKey(port) && startup.Binding != ListenerBinding.Of(listener))
                {
                    throw new AlbApiError(
                        "InvalidConfigurationRequest",
                        $"Listener port {port} was bound with protocol {startup.Binding.Protocol} when AlbEmulator started; its protocol cannot change while it runs (restart the emulator, or use another port)");
                }
            }
        }
    }

    public void BindNew(EmulatorModel next)
    {
        lock (_gate)
        {
            var started = new List<(int Port, DynamicListener Listener, DynamicListener? Replaced)>();
            try
            {
                foreach (var listener in next.Listeners)
                {
                    var owner = next.LoadBalancerFor(listener.Port)!;
                    var binding = ListenerBinding.Of(listener.Config);
                    if (_dynamic.TryGetValue(listener.Port, out var existing))
                    {
                        if (existing.Binding != binding)
                        {
                            // New protocol: re-bind the port (connections to it are refused for a moment).
                            StopNow(existing);
                            _dynamic.Remove(listener.Port);
                            var replacement = Start(listener, owner, binding);
                            started.Add((listener.Port, replacement, existing));
                            _dynamic[listener.Port] = replacement;
                        }

                        continue;
                    }

                    if (_startup.ContainsKey(listener.Port))
                    {
                        // Bound at start (dormant or not); Check has compared its protocol.
                        continue;
                    }

                    var created = Start(listener, owner, binding);
                    started.Add((listener.Port, created, null));
                    _dynamic[listener.Port] = created;
                }
            }
            catch
            {
                foreach (var (port, listener, replaced) in started)
                {
                    StopNow(listener);
                    _dynamic.Remove(port);
                    if (replaced is not null)
                    {
                        // Best effort: the listener that was re-bound gets its old settings back.
                        try
                        {
                            _dynamic[port] = Start(replaced.Listener, replaced.Model, replaced.Binding);
                        }
                        catch (AlbApiError)
                        {
                            // The port was taken meanwhile; the current snapshot's listener stays unbound.
                        }
                    }
                }

                throw;
            }
        }
    }

    public void UnbindRemoved(EmulatorModel current)
    {
        lock (_gate)
        {
            foreach (var port in _dynamic.Keys.ToArray())
            {
                if (current.FindListener(port) is null)
                {
                    var listener = _dynamic[port];
                    _dynamic.Remove(port);
                    _stopping.Add(StopAsync(listener));
                }
            }
        }
    }

    private DynamicListener Start(ListenerModel listener, LoadBalancerModel model, ListenerBinding binding)
    {
        // A port deleted a moment ago may still be closing.
        WaitForStopping();
        var kestrel = new KestrelServerOptions { ApplicationServices = _services };
        KestrelLimits.Apply(kestrel, model.Settings);
        var certificates = listener.IsHttps
            ? ServedCertificates.Load(listener.Config, model.Config, model.Identifiers, line => _options.Announce(line), _options.GeneratedCertificates)
            : null;
        var port = _options.ListenerPortOverride?.Invoke(listener.Port) ?? listener.Port;
        var listenOptions = ListenerSetup.Bind(kestrel, _options.BindAddress, port, listener, model, certificates, _rejections, _options.TimeProvider, _tracker)!;
        var transport = new SocketTransportFactory(Options.Create(TransportScheduling.For(TransportScheduling.IsInline(_options, listener.IsHttps))), _loggers);
        var server = new KestrelServer(Options.Create(kestrel), transport, _loggers);
        try
        {
            server.StartAsync(_application, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            server.Dispose();
            throw new AlbApiError("InvalidConfigurationRequest", $"Listener {listener.Port}: cannot bind {_options.BindAddress}:{port}: {e.Message}");
        }

        return new DynamicListener(server, binding, listenOptions.IPEndPoint!, listener, model);
    }

    private void WaitForStopping()
    {
        try
        {
            Task.WhenAll(_stopping).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // The grace period ended; the server is disposed either way.
        }

        _stopping.Clear();
    }

    private static void StopNow(DynamicListener listener) => StopAsync(listener).GetAwaiter().GetResult();

    /// <summary>Stops accepting at once; in-flight requests get a few seconds to finish.</summary>
    private static async Task StopAsync(DynamicListener listener)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await listener.Server.StopAsync(grace.Token);
        }
        finally
        {
            listener.Server.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        DynamicListener[] listeners;
        Task[] stopping;
        lock (_gate)
        {
            listeners = [.. _dynamic.Values];
            _dynamic.Clear();
            stopping = [.. _stopping];
        }

        await Task.WhenAll(listeners.Select(StopAsync).Concat(stopping));
    }

    private sealed record DynamicListener(KestrelServer Server, ListenerBinding Binding, IPEndPoint Endpoint, ListenerModel Listener, LoadBalancerModel Model);
}
