using System.Net;
using AlbEmulator.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AlbEmulator.Listeners;

/// <summary>
/// Where Kestrel runs a listener's connections (docs/performance.md, "Scheduling and CPU per request (issue 22, sixth
/// round)"): the one place that decides it. By default Kestrel hands every read of a connection to the thread pool and
/// every write to one of its I/O queues. With <see cref="SocketTransportOptions.UnsafePreferInlineScheduling"/> the
/// request is processed on the thread that completed the socket read, and the response is sent by the thread that
/// wrote it; with the host's inline socket completions (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS) that is the
/// socket's epoll thread. A call that blocks there stalls every connection of that thread, so inline scheduling is used
/// only where asked for and nothing blocks: cleartext HTTP listeners of the command-line host run with
/// <c>--transport-scheduling inline</c> (<see cref="AlbEmulatorOptions.InlineHttpScheduling"/>; off by default: measured slower
/// at 64 and 256 connections on a quiet machine),
/// never HTTPS listeners (measured slower), the admin endpoint (the control plane waits synchronously for listeners to
/// bind and stop) or a process with in-process targets (the fixture's <see cref="AlbEmulatorOptions.TargetInvokers"/>
/// run user code). The logs do not block: access-, connection- and WAF-log lines (<c>--waf-log</c>) are queued to
/// background writers (AccessLogs/BatchingLineWriter; the WAF log's queue is bounded and drops when full, never waits).
/// </summary>
internal static class TransportScheduling
{
    /// <summary>Whether the connections of a listener (HTTPS or HTTP) are processed inline.</summary>
    public static bool IsInline(AlbEmulatorOptions options, bool https) =>
        options.InlineHttpScheduling && !https && options.TargetInvokers.Count == 0;

    /// <summary>
    /// The transport options of a listener's connections: Kestrel's defaults, or inline scheduling. Made by the host's
    /// options factory when there is one (<paramref name="configured"/>), so that the socket transport takes its buffers
    /// from the host's memory pool (Hosting/TransportMemoryPool); options made without it get the runtime's shared pool.
    /// </summary>
    public static SocketTransportOptions For(bool inline, IOptionsFactory<SocketTransportOptions>? configured = null)
    {
        var options = configured?.Create(Options.DefaultName) ?? new SocketTransportOptions();
        options.UnsafePreferInlineScheduling = inline;
        return options;
    }
}

/// <summary>
/// The transport of the start-up Kestrel server, which binds every start-up listener and the admin endpoint: endpoints
/// marked with <see cref="MarkInline"/> get inline scheduling, every other one Kestrel's defaults (<see cref="TransportScheduling"/>).
/// Kestrel passes each <see cref="Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions.EndPoint"/> to <see cref="BindAsync"/>
/// as it was configured, so the endpoints are told apart by reference (port 0 binds several alike).
/// </summary>
internal sealed class ListenerTransportFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly SocketTransportFactory _threadPool;
    private readonly SocketTransportFactory _inline;
    private readonly HashSet<EndPoint> _inlineEndpoints = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<EndPoint> _boundInline = [];
    private readonly Lock _gate = new();

    public ListenerTransportFactory(ILoggerFactory loggers, IOptionsFactory<SocketTransportOptions>? options = null)
    {
        _threadPool = new SocketTransportFactory(Options.Create(TransportScheduling.For(inline: false, options)), loggers);
        _inline = new SocketTransportFactory(Options.Create(TransportScheduling.For(inline: true, options)), loggers);
    }

    /// <summary>Connections accepted on <paramref name="endpoint"/> (a listener's configured endpoint) are processed inline.</summary>
    public void MarkInline(EndPoint endpoint)
    {
        lock (_gate)
        {
            _inlineEndpoints.Add(endpoint);
        }
    }

    /// <summary>Whether <paramref name="endpoint"/> is bound with inline scheduling.</summary>
    public bool IsInline(EndPoint endpoint)
    {
        lock (_gate)
        {
            return _inlineEndpoints.Contains(endpoint);
        }
    }

    /// <summary>Whether the bound address <paramref name="endpoint"/> (e.g. 127.0.0.1 and the port that port 0 gave) processes its connections inline.</summary>
    public bool IsBoundInline(EndPoint endpoint)
    {
        lock (_gate)
        {
            return _boundInline.Contains(endpoint);
        }
    }

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (!IsInline(endpoint))
        {
            return await _threadPool.BindAsync(endpoint, cancellationToken);
        }

        var listener = await _inline.BindAsync(endpoint, cancellationToken);
        lock (_gate)
        {
            _boundInline.Add(listener.EndPoint);
        }

        return listener;
    }

    public bool CanBind(EndPoint endpoint) => _threadPool.CanBind(endpoint);
}
