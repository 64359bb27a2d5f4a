using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace AlbEmulator.Metrics;

/// <summary>
/// Listens to one <see cref="AlbMetrics"/> meter and keeps running totals per instrument and tag set,
/// for <c>GET /metrics</c>. Lookup on the recording path does not allocate: the series key holds the tag
/// values (the cached tag strings), not a rendered string.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly ConcurrentDictionary<SeriesKey, MetricSeries> _series = new();

    // In front of _series: the same series found by the tag values' identity. AlbMetrics hands the same cached tag
    // arrays (so the same string instances) on every request, so this lookup hashes no string content. Bounded: tag
    // values that are new instances each time only ever cost a refill.
    private readonly ConcurrentDictionary<SeriesKey, MetricSeries> _byIdentity = new(SeriesKeyIdentity.Instance);
    private const int MaxIdentityEntries = 4096;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Instrument> _instruments = new();
    private readonly Meter _meter;
    private readonly Lock _collectGate = new();

    public MetricsCollector(AlbMetrics metrics)
    {
        _meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                _instruments.Enqueue(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>
    /// Polls the observable gauges, then returns every series. Gauge series are rebuilt on every poll, so a target
    /// group that left the configuration (or had its health checks disabled) stops being reported.
    /// </summary>
    internal IReadOnlyCollection<MetricSeries> Collect()
    {
        lock (_collectGate)
        {
            foreach (var key in _series.Keys)
            {
                if (key.Instrument is ObservableGauge<int>)
                {
                    _series.TryRemove(key, out _);
                }
            }

            _listener.RecordObservableInstruments();
            return _series.Values.ToArray();
        }
    }

    /// <summary>
    /// The per-load-balancer figure of a metric, as CloudWatch shows it for the <c>LoadBalancer</c> dimension alone:
    /// the series without a <c>TargetGroup</c> tag; for a metric published only per target group (the host
    /// counts), the sum over its groups. A histogram counts its observations. 0 when nothing was recorded.
    /// </summary>
    public double Total(string instrumentName)
    {
        double loadBalancerOnly = 0, perGroup = 0;
        var hasLoadBalancerSeries = false;
        foreach (var series in Collect())
        {
            if (series.Instrument.Name != instrumentName)
            {
                continue;
            }

            var value = series.IsHistogram ? series.Count : series.Value;
            if (TargetGroupOf(series) is null)
            {
                hasLoadBalancerSeries = true;
                loadBalancerOnly += value;
            }
            else
            {
                perGroup += value;
            }
        }

        return hasLoadBalancerSeries ? loadBalancerOnly : perGroup;
    }

    /// <summary>The value of one target group's series (<c>LoadBalancer</c>+<c>TargetGroup</c>, full name <c>targetgroup/name/id</c>); 0 when absent.</summary>
    public double ForTargetGroup(string instrumentName, string targetGroupFullName)
    {
        foreach (var series in Collect())
        {
            if (series.Instrument.Name == instrumentName && TargetGroupOf(series) == targetGroupFullName)
            {
                return series.IsHistogram ? series.Count : series.Value;
            }
        }

        return 0;
    }

    private static string? TargetGroupOf(MetricSeries series)
    {
        foreach (var tag in series.Tags)
        {
            if (tag.Key == AlbMetrics.TargetGroupTag)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    /// <summary>Renders the Prometheus text exposition format (docs/metrics.md).</summary>
    public string RenderPrometheus()
    {
        var series = Collect();
        return PrometheusTextWriter.Render(_instruments, series);
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new SeriesKey(instrument, tags.Length > 0 ? tags[0].Value : null, tags.Length > 1 ? tags[1].Value : null, tags.Length);
        if (!_byIdentity.TryGetValue(key, out var series))
        {
            if (!_series.TryGetValue(key, out series))
            {
                series = _series.GetOrAdd(key, new MetricSeries(instrument, tags.ToArray()));
            }

            if (instrument is not ObservableGauge<int>) // gauge series are rebuilt on every poll (Collect)
            {
                if (_byIdentity.Count >= MaxIdentityEntries)
                {
                    _byIdentity.Clear();
                }

                _byIdentity[key] = series;
            }
        }

        switch (instrument)
        {
            case Histogram<double>:
                series.Observe(value);
                break;
            case ObservableGauge<int>:
                series.Set(value);
                break;
            default:
                series.Add(value);
                break;
        }
    }

    /// <summary>Instrument plus up to two tag values (LoadBalancer, TargetGroup), compared by value.</summary>
    private readonly record struct SeriesKey(Instrument Instrument, object? First, object? Second, int TagCount);

    /// <summary>The same key compared by the identity of its tag values.</summary>
    private sealed class SeriesKeyIdentity : IEqualityComparer<SeriesKey>
    {
        public static readonly SeriesKeyIdentity Instance = new();

        public bool Equals(SeriesKey x, SeriesKey y) =>
            ReferenceEquals(x.Instrument, y.Instrument) && ReferenceEquals(x.First, y.First) && ReferenceEquals(x.Second, y.Second) && x.TagCount == y.TagCount;

        public int GetHashCode(SeriesKey key) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(key.Instrument), RuntimeHelpers.GetHashCode(key.First), RuntimeHelpers.GetHashCode(key.Second), key.TagCount);
    }
}
