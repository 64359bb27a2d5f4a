using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AlbEmulator.Metrics;

/// <summary>
/// Listens to one <see cref="AlbMetrics"/> meter and keeps running totals per instrument and tag set,
/// for <c>GET /metrics</c>. Lookup on the recording path does not allocate: the series key holds the tag
/// values (the cached tag strings), not a rendered string.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly ConcurrentDictionary<SeriesKey, MetricSeries> _series = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Instrument> _instruments = new();
    private readonly Meter _meter;

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

    /// <summary>Polls the observable gauges, then returns every series.</summary>
    internal IReadOnlyCollection<MetricSeries> Collect()
    {
        _listener.RecordObservableInstruments();
        return _series.Values.ToArray();
    }

    /// <summary>The current total of a counter summed over all tag sets (tests, diagnostics).</summary>
    public double Total(string instrumentName)
    {
        var total = 0.0;
        foreach (var series in Collect())
        {
            if (series.Instrument.Name == instrumentName)
            {
                total += series.IsHistogram ? series.Count : series.Value;
            }
        }

        return total;
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
        if (!_series.TryGetValue(key, out var series))
        {
            series = _series.GetOrAdd(key, new MetricSeries(instrument, tags.ToArray()));
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
}
