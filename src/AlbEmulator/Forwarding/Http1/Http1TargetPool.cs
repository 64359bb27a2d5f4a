using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;

namespace AlbEmulator.Forwarding.Http1;

/// <summary>
/// The HTTP/1.1 connections of one target group, per target (and, for HTTPS targets, per server name): idle
/// connections are reused most recently used first (the others age out), one request at a time per connection (no
/// pipelining, TG-25), and closed once idle for the load balancer's idle timeout (TG-27) whatever the target's
/// Keep-Alive says.
/// </summary>
internal sealed class Http1TargetPool : IDisposable
{
    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly TimeSpan _idleTimeout;
    private readonly Timer _scavenger;
    private volatile bool _disposed;

    public Http1TargetPool(TimeSpan idleTimeout)
    {
        _idleTimeout = idleTimeout;
        var period = TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(15).Ticks));
        _scavenger = new Timer(static s => ((Http1TargetPool)s!).Scavenge(), this, period, period);
    }

    public TimeSpan IdleTimeout => _idleTimeout;

    /// <summary>The connections to <paramref name="destinationPrefix"/> (<c>http://10.0.0.1:80/</c>), for <paramref name="serverName"/> on HTTPS.</summary>
    public Endpoint Get(string destinationPrefix, string? serverName)
    {
        var key = serverName is null ? destinationPrefix : destinationPrefix + "\n" + serverName;
        return _endpoints.TryGetValue(key, out var endpoint) ? endpoint : _endpoints.GetOrAdd(key, static (_, a) => new Endpoint(a.Pool, a.Prefix, a.ServerName), (Pool: this, Prefix: destinationPrefix, ServerName: serverName));
    }

    public void Dispose()
    {
        _disposed = true;
        _scavenger.Dispose();
        foreach (var endpoint in _endpoints.Values)
        {
            endpoint.CloseIdle(long.MaxValue);
        }
    }

    private void Scavenge()
    {
        var expired = Environment.TickCount64 - (long)_idleTimeout.TotalMilliseconds;
        foreach (var endpoint in _endpoints.Values)
        {
            endpoint.CloseIdle(expired);
        }
    }

    /// <summary>One target address (and server name).</summary>
    internal sealed class Endpoint
    {
        private readonly Http1TargetPool _pool;
        private readonly DnsEndPoint _address;
        private readonly object _lock = new();
        private Http1TargetConnection[] _idle = new Http1TargetConnection[8];
        private int _count;

        public Endpoint(Http1TargetPool pool, string destinationPrefix, string? serverName)
        {
            _pool = pool;
            var uri = new Uri(destinationPrefix);
            _address = new DnsEndPoint(uri.IdnHost, uri.Port);
            Tls = uri.Scheme == Uri.UriSchemeHttps;
            ServerName = serverName;
        }

        public bool Tls { get; }

        public string? ServerName { get; }

        public string Address => $"{_address.Host}:{_address.Port}";

        /// <summary>The most recently used idle connection that is still open, or null.</summary>
        public Http1TargetConnection? TakeIdle()
        {
            var expired = Environment.TickCount64 - (long)_pool._idleTimeout.TotalMilliseconds;
            while (true)
            {
                Http1TargetConnection connection;
                lock (_lock)
                {
                    if (_count == 0)
                    {
                        return null;
                    }

                    connection = _idle[--_count];
                    _idle[_count] = null!;
                }

                if (connection.IdleSince > expired && connection.StillOpen())
                {
                    return connection;
                }

                connection.Dispose();
            }
        }

        /// <summary>Opens a connection (TG-26: 10 s for TCP, then 10 s for TLS).</summary>
        public async ValueTask<Http1TargetConnection> ConnectAsync(CancellationToken cancellationToken)
        {
            var (_, stream) = await TargetConnector.OpenAsync(_address, Tls, ServerName ?? _address.Host, SslApplicationProtocol.Http11, cancellationToken);
            return new Http1TargetConnection(stream, this);
        }

        public void Return(Http1TargetConnection connection)
        {
            connection.IdleSince = Environment.TickCount64;
            lock (_lock)
            {
                if (!_pool._disposed)
                {
                    if (_count == _idle.Length)
                    {
                        Array.Resize(ref _idle, _count * 2);
                    }

                    _idle[_count++] = connection;
                    return;
                }
            }

            connection.Dispose();
        }

        /// <summary>Closes the idle connections idle since before <paramref name="before"/> (the oldest are at the bottom).</summary>
        public void CloseIdle(long before)
        {
            List<Http1TargetConnection>? closing = null;
            lock (_lock)
            {
                var keep = 0;
                while (keep < _count && _idle[keep].IdleSince <= before)
                {
                    (closing ??= []).Add(_idle[keep]);
                    keep++;
                }

                if (keep > 0)
                {
                    Array.Copy(_idle, keep, _idle, 0, _count - keep);
                    Array.Clear(_idle, _count - keep, keep);
                    _count -= keep;
                }
            }

            if (closing is not null)
            {
                foreach (var connection in closing)
                {
                    connection.Dispose();
                }
            }
        }
    }
}
