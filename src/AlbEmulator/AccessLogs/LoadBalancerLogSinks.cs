using AlbEmulator.Model;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// The S3-layout log files of every load balancer, following the live model: each load balancer delivers its own
/// files (<c>access_logs.s3.*</c>, <c>connection_logs.s3.*</c>, <c>health_check_logs.s3.*</c> are load balancer attributes) while the emulator
/// writes one stream of lines for all of them. <see cref="Update"/> runs after every change of the model
/// (start, API call, config-file edit): a load balancer that enables delivery gets its sink, one whose bucket or
/// prefix changes gets a new sink, and the sink of one that disables delivery or is deleted is flushed and closed
/// (its open files finished). Each line goes to the sink of the load balancer named in its field: the access log's
/// <c>elb</c> (third field) or the connection and health-check logs' load balancer id (second from the end); those fields never
/// contain spaces, so nothing a client sends can be mistaken for them. With no sink, <see cref="IsActive"/> is
/// false and the writers format nothing.
/// </summary>
public sealed class LoadBalancerLogSinks : IAccessLogSink
{
    private readonly Func<LoadBalancerModel, Destination?> _destination;
    private readonly Func<Destination, LoadBalancerModel, IAccessLogSink> _create;
    private readonly int _field;
    private readonly bool _fromEnd;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _update = new();
    private volatile Dictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private bool _disposed;

    private LoadBalancerLogSinks(Func<LoadBalancerModel, Destination?> destination, Func<Destination, LoadBalancerModel, IAccessLogSink> create, int field, bool fromEnd)
    {
        _destination = destination;
        _create = create;
        _field = field;
        _fromEnd = fromEnd;
    }

    /// <summary>Where one load balancer's files go: the bucket directory (absolute) and the prefix.</summary>
    public sealed record Destination(string Directory, string Prefix);

    /// <summary>Access logs (<c>access_logs.s3.*</c>): the <c>elb</c> field is the third.</summary>
    public static LoadBalancerLogSinks AccessLogs(TimeProvider time) => new(
        lb => lb.Settings.AccessLogsEnabled ? new Destination(Path.GetFullPath(Path.Combine(lb.Config.BaseDirectory, lb.Settings.AccessLogsBucket)), lb.Settings.AccessLogsPrefix) : null,
        (d, lb) => new S3LogFileSink(d.Directory, d.Prefix, lb.Identifiers, "", timeField: 1, time, nodeIpFieldFromEnd: 2),
        field: 2,
        fromEnd: false);

    /// <summary>Connection logs (<c>connection_logs.s3.*</c>): the load balancer id is second from the end, before the node IP.</summary>
    public static LoadBalancerLogSinks ConnectionLogs(TimeProvider time) => new(
        lb => lb.Settings.ConnectionLogsEnabled ? new Destination(Path.GetFullPath(Path.Combine(lb.Config.BaseDirectory, lb.Settings.ConnectionLogsBucket)), lb.Settings.ConnectionLogsPrefix) : null,
        (d, lb) => new S3LogFileSink(d.Directory, d.Prefix, lb.Identifiers, S3LogKey.ConnectionLogPrefix, timeField: 0, time, nodeIpFieldFromEnd: 0),
        field: 1,
        fromEnd: true);

    /// <summary>Health-check logs (<c>health_check_logs.s3.*</c>): the load balancer id is second from the end, before the node IP; the time is the second field.</summary>
    public static LoadBalancerLogSinks HealthCheckLogs(TimeProvider time) => new(
        lb => lb.Settings.HealthCheckLogsEnabled ? new Destination(Path.GetFullPath(Path.Combine(lb.Config.BaseDirectory, lb.Settings.HealthCheckLogsBucket)), lb.Settings.HealthCheckLogsPrefix) : null,
        (d, lb) => new S3LogFileSink(d.Directory, d.Prefix, lb.Identifiers, S3LogKey.HealthCheckLogPrefix, timeField: 1, time, nodeIpFieldFromEnd: 0),
        field: 1,
        fromEnd: true);

    /// <summary>Whether any load balancer delivers these logs now.</summary>
    public bool IsActive => _routes.Count > 0;

    /// <summary>The bucket directory of each load balancer that delivers these logs now.</summary>
    public IReadOnlyList<string> Directories => [.. _routes.Values.Select(r => r.Destination.Directory).Distinct(StringComparer.Ordinal)];

    /// <summary>The sink of a load balancer (<c>app/name/id</c>), or null when it delivers none.</summary>
    public IAccessLogSink? SinkOf(string loadBalancerFullName) => _routes.GetValueOrDefault(loadBalancerFullName)?.Sink;

    /// <summary>
    /// Makes the sinks match <paramref name="model"/>. Returns one line per change (for the log). Sinks that are
    /// replaced or no longer needed are flushed and disposed in the background, after any batch being written.
    /// </summary>
    public IReadOnlyList<string> Update(EmulatorModel model)
    {
        lock (_update)
        {
            var current = _routes;
            var next = new Dictionary<string, Route>(StringComparer.Ordinal);
            var changes = new List<string>();
            foreach (var lb in model.LoadBalancers)
            {
                var name = lb.Identifiers.LoadBalancerFullName;
                if (_destination(lb) is not { } destination)
                {
                    continue;
                }

                if (current.TryGetValue(name, out var route) && route.Destination == destination)
                {
                    next[name] = route;
                    continue;
                }

                next[name] = new Route(destination, _create(destination, lb));
                changes.Add($"{name}: log files now go to {Path.Combine(destination.Directory, destination.Prefix)}");
            }

            var retired = current.Where(kv => !next.TryGetValue(kv.Key, out var kept) || !ReferenceEquals(kept, kv.Value)).ToArray();
            foreach (var (name, route) in retired)
            {
                if (!next.ContainsKey(name))
                {
                    changes.Add($"{name}: log delivery to {Path.Combine(route.Destination.Directory, route.Destination.Prefix)} stopped (open files finished)");
                }
            }

            _routes = next;
            if (retired.Length > 0)
            {
                _ = RetireAsync(retired.Select(r => r.Value.Sink).ToArray());
            }

            return changes;
        }
    }

    public async ValueTask WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var routes = _routes;
            if (routes.Count == 0 || _disposed)
            {
                return;
            }

            var lookup = routes.GetAlternateLookup<ReadOnlySpan<char>>();
            Dictionary<IAccessLogSink, List<string>>? batches = null;
            foreach (var line in lines)
            {
                if (lookup.TryGetValue(Field(line.AsSpan()), out var route))
                {
                    batches ??= [];
                    if (!batches.TryGetValue(route.Sink, out var batch))
                    {
                        batches[route.Sink] = batch = new List<string>(lines.Count);
                    }

                    batch.Add(line);
                }
            }

            if (batches is not null)
            {
                foreach (var (sink, batch) in batches)
                {
                    await sink.WriteAsync(batch, cancellationToken);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var route in _routes.Values)
            {
                await route.Sink.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Route[] routes;
        lock (_update)
        {
            routes = [.. _routes.Values];
            _routes = new Dictionary<string, Route>(StringComparer.Ordinal);
        }

        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            foreach (var route in routes)
            {
                await route.Sink.FlushAsync(CancellationToken.None);
                await route.Sink.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Flushes and disposes sinks no longer routed to, once no batch is being written to them.</summary>
    private async Task RetireAsync(IAccessLogSink[] sinks)
    {
        await _gate.WaitAsync();
        try
        {
            foreach (var sink in sinks)
            {
                try
                {
                    await sink.FlushAsync(CancellationToken.None);
                    await sink.DisposeAsync();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
                {
                    // The directory went away or became unwritable: nothing more can be delivered there.
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private ReadOnlySpan<char> Field(ReadOnlySpan<char> line)
    {
        for (var i = 0; i < _field; i++)
        {
            var space = _fromEnd ? line.LastIndexOf(' ') : line.IndexOf(' ');
            if (space < 0)
            {
                return [];
            }

            line = _fromEnd ? line[..space] : line[(space + 1)..];
        }

        var end = _fromEnd ? line.LastIndexOf(' ') : line.IndexOf(' ');
        return end < 0 ? line : _fromEnd ? line[(end + 1)..] : line[..end];
    }

    private sealed record Route(Destination Destination, IAccessLogSink Sink);
}
