namespace AlbEmulator.AccessLogs;

/// <summary>
/// Passes on only the lines of one load balancer: each load balancer delivers its own log files
/// (<c>access_logs.s3.*</c>, <c>connection_logs.s3.*</c> are load balancer attributes) while the emulator
/// writes one stream for all of them. The load balancer is read from its field: the access log's
/// <c>elb</c> (third field) or the connection log's load balancer id (second field from the end); those
/// fields never contain spaces, so nothing a client sends can be mistaken for them.
/// </summary>
public sealed class LoadBalancerLogFilter : IAccessLogSink
{
    private readonly IAccessLogSink _inner;
    private readonly string _loadBalancerFullName;
    private readonly int _field;
    private readonly bool _fromEnd;

    /// <param name="inner">The load balancer's own destination.</param>
    /// <param name="loadBalancerFullName"><c>app/name/id</c>.</param>
    /// <param name="field">Index of the field (0-based) that holds it.</param>
    /// <param name="fromEnd">Whether <paramref name="field"/> counts from the end (0 = last).</param>
    public LoadBalancerLogFilter(IAccessLogSink inner, string loadBalancerFullName, int field, bool fromEnd)
    {
        _inner = inner;
        _loadBalancerFullName = loadBalancerFullName;
        _field = field;
        _fromEnd = fromEnd;
    }

    /// <summary>For access-log lines (the <c>elb</c> field is the third).</summary>
    public static LoadBalancerLogFilter AccessLog(IAccessLogSink inner, string loadBalancerFullName) => new(inner, loadBalancerFullName, 2, fromEnd: false);

    /// <summary>For connection-log lines (the load balancer id is second from the end, before the node IP).</summary>
    public static LoadBalancerLogFilter ConnectionLog(IAccessLogSink inner, string loadBalancerFullName) => new(inner, loadBalancerFullName, 1, fromEnd: true);

    public IAccessLogSink Inner => _inner;

    public ValueTask WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        var mine = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            if (Field(line.AsSpan()).SequenceEqual(_loadBalancerFullName))
            {
                mine.Add(line);
            }
        }

        return mine.Count == 0 ? ValueTask.CompletedTask : _inner.WriteAsync(mine, cancellationToken);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

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
}
