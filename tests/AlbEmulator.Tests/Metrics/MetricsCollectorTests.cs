using AlbEmulator.Metrics;

namespace AlbEmulator.Tests.Metrics;

/// <summary>
/// The collector's series are identified by their tag values: the lookup by the tag strings' identity (what
/// <see cref="AlbMetrics"/> hands on every request) is only a shortcut in front of that.
/// </summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private const string Lb = "app/my-loadbalancer/0123456789abcdef";
    private readonly AlbMetrics _metrics = new(() => Lb);
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests() => _collector = new MetricsCollector(_metrics);

    public void Dispose()
    {
        _collector.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public void Add_EqualTagValuesInDifferentStringInstances_OneSeries()
    {
        var counter = _metrics.Meter.CreateCounter<long>("TestCount");
        var group = "targetgroup/web/0000000000000001";
        var sameGroupOtherInstance = new string(group.AsSpan());
        Assert.False(ReferenceEquals(group, sameGroupOtherInstance));

        for (var i = 0; i < 3; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>(AlbMetrics.LoadBalancerTag, Lb), new KeyValuePair<string, object?>(AlbMetrics.TargetGroupTag, group));
            counter.Add(2, new KeyValuePair<string, object?>(AlbMetrics.LoadBalancerTag, new string(Lb.AsSpan())), new KeyValuePair<string, object?>(AlbMetrics.TargetGroupTag, sameGroupOtherInstance));
        }

        Assert.Equal(9, _collector.ForTargetGroup("TestCount", group));
        Assert.Single(_collector.RenderPrometheus().Split('\n'), line => line.StartsWith("TestCount{", StringComparison.Ordinal));
    }

    [Fact]
    public void Add_ManyDistinctTagInstances_EveryValueCounted()
    {
        var counter = _metrics.Meter.CreateCounter<long>("TestCount");

        // More distinct instances than the identity shortcut keeps: it refills, the totals stay exact.
        for (var i = 0; i < 10_000; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>(AlbMetrics.LoadBalancerTag, new string(Lb.AsSpan())));
        }

        Assert.Equal(10_000, _collector.Total("TestCount"));
    }
}
