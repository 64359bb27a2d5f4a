using AlbEmulator.AccessLogs;
using AlbEmulator.Metrics;
using AlbEmulator.Tests.AccessLogs;

namespace AlbEmulator.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Render_CloudWatchNames_DimensionsAsLabels_HistogramInSeconds()
    {
        var (_, state) = AccessLogTestLines.CreateForwarded();
        var lb = state.LoadBalancer.Identifiers.LoadBalancerFullName; // requests are recorded under their own load balancer
        using var metrics = new AlbMetrics(() => lb);
        using var collector = new MetricsCollector(metrics);
        var tg = state.TargetGroup!.FullName;
        metrics.RecordRequest(state, new RequestOutcome(200, 100, 200));
        metrics.RecordRequest(state, new RequestOutcome(200, 100, 200));
        metrics.SetHostCountSource(() => [(tg, 1, 0)]);

        var text = collector.RenderPrometheus();
        var lines = text.Split('\n');

        Assert.Contains("# TYPE RequestCount counter", lines);
        Assert.Contains("# HELP RequestCount Requests for which a target was chosen (redirects, fixed responses and requests rejected before target selection are not counted).", lines);
        Assert.Contains($"RequestCount{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} 2", lines);
        Assert.Contains($"RequestCount{{LoadBalancer=\"{lb}\"}} 2", lines);
        Assert.Contains($"HTTPCode_Target_2XX_Count{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} 2", lines);
        Assert.Contains($"ProcessedBytes{{LoadBalancer=\"{lb}\"}} 600", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("ProcessedBytes{LoadBalancer=\"" + lb + "\",TargetGroup", StringComparison.Ordinal));
        Assert.Contains("# TYPE TargetResponseTime histogram", lines);
        Assert.Contains($"TargetResponseTime_bucket{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\",le=\"0.001\"}} 2", lines);
        Assert.Contains($"TargetResponseTime_bucket{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\",le=\"+Inf\"}} 2", lines);
        Assert.Contains($"TargetResponseTime_count{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} 2", lines);
        Assert.Contains(lines, l => l.StartsWith($"TargetResponseTime_sum{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} 0.00", StringComparison.Ordinal));
        Assert.Contains("# TYPE HealthyHostCount gauge", lines);
        Assert.Contains($"HealthyHostCount{{LoadBalancer=\"{lb}\",TargetGroup=\"{tg}\"}} 1", lines);
        Assert.Contains("# TYPE ActiveConnectionCount gauge", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("HTTPCode_ELB_5XX_Count", StringComparison.Ordinal));
        Assert.EndsWith("\n", text);
    }

    [Fact]
    public void Render_EscapesLabelValues()
    {
        using var metrics = new AlbMetrics(() => "app/a\"b\\c/1");
        using var collector = new MetricsCollector(metrics);
        metrics.ConnectionOpened();

        Assert.Contains("NewConnectionCount{LoadBalancer=\"app/a\\\"b\\\\c/1\"} 1", collector.RenderPrometheus().Split('\n'));
    }
}
