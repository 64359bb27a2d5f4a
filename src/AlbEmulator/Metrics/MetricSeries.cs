using System.Diagnostics.Metrics;

namespace AlbEmulator.Metrics;

/// <summary>One instrument with one set of tag values: a running total, a gauge value or a histogram.</summary>
internal sealed class MetricSeries
{
    /// <summary>Upper bounds (seconds) of the TargetResponseTime buckets.</summary>
    public static readonly double[] HistogramBounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly long[]? _buckets;
    private long _count;
    private double _sum;

    public MetricSeries(Instrument instrument, KeyValuePair<string, object?>[] tags)
    {
        Instrument = instrument;
        Tags = tags;
        if (IsHistogram)
        {
            _buckets = new long[HistogramBounds.Length + 1];
        }
    }

    public Instrument Instrument { get; }

    public KeyValuePair<string, object?>[] Tags { get; }

    public bool IsHistogram => Instrument is Histogram<double>;

    /// <summary>The counter total or gauge value; the histogram sum for histograms.</summary>
    public double Value => Volatile.Read(ref _sum);

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Cumulative count of observations at or below each bound, then +Inf.</summary>
    public long[] CumulativeBuckets()
    {
        var result = new long[_buckets!.Length];
        long running = 0;
        for (var i = 0; i < result.Length; i++)
        {
            running += Interlocked.Read(ref _buckets[i]);
            result[i] = running;
        }

        return result;
    }

    public void Add(double value)
    {
        double current, updated;
        do
        {
            current = Volatile.Read(ref _sum);
            updated = current + value;
        }
        while (Interlocked.CompareExchange(ref _sum, updated, current) != current);
        Interlocked.Increment(ref _count);
    }

    public void Set(double value) => Volatile.Write(ref _sum, value);

    public void Observe(double value)
    {
        var index = Array.BinarySearch(HistogramBounds, value);
        index = index >= 0 ? index : ~index;
        Interlocked.Increment(ref _buckets![index]);
        Add(value);
    }
}
