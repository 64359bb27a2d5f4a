using AlbEmulator.AccessLogs;
using AlbEmulator.Errors;
using AlbEmulator.Metrics;
using AlbEmulator.Health;
using AlbEmulator.TargetGroups;
using AlbEmulator.Tests.AccessLogs;
using AlbEmulator.Tests.TargetGroups;

namespace AlbEmulator.Tests.Metrics;

public sealed class AlbMetricsTests : IDisposable
{
    private const string Lb = "app/my-loadbalancer/0123456789abcdef";
    private readonly AlbMetrics _metrics = new(() => Lb);
    private readonly MetricsCollector _collector;

    public AlbMetricsTests() => _collector = new MetricsCollector(_metrics);

    public void Dispose()
    {
        _collector.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public void Forwarded200_CountsRequestTarget2xxBytesAndResponseTime()
    {
        var (context, state) = AccessLogTestLines.CreateForwarded();
        state.RulesEvaluated = 3;

        _metrics.RecordRequest(state, new RequestOutcome(200, 100, 250));

        Assert.Equal(1, _collector.Total("RequestCount"));
        Assert.Equal(1, _collector.Total("HTTPCode_Target_2XX_Count"));
        Assert.Equal(0, _collector.Total("HTTPCode_ELB_5XX_Count"));
        Assert.Equal(350, _collector.Total("ProcessedBytes"));
        Assert.Equal(3, _collector.Total("RuleEvaluations"));
        Assert.Equal(1, _collector.Total("TargetResponseTime"));
        _ = context;
    }

    [Theory]
    [InlineData(AlbError.TargetConnectionError, 502, "HTTPCode_ELB_502_Count")]
    [InlineData(AlbError.NoRegisteredTargets, 503, "HTTPCode_ELB_503_Count")]
    [InlineData(AlbError.TargetResponseTimeout, 504, "HTTPCode_ELB_504_Count")]
    public void ElbGenerated5xx_CountsClassAndCode(AlbError error, int status, string perCode)
    {
        var (_, state) = AccessLogTestLines.CreateForwarded();
        state.TargetStatusCode = 0;
        state.ResponseHeadersTimestamp = 0;
        state.Error = error;

        _metrics.RecordRequest(state, new RequestOutcome(status, 10, 10));

        Assert.Equal(1, _collector.Total("HTTPCode_ELB_5XX_Count"));
        Assert.Equal(1, _collector.Total(perCode));
        Assert.Equal(0, _collector.Total("HTTPCode_Target_5XX_Count"));
        Assert.Equal(0, _collector.Total("TargetResponseTime"));
        Assert.Equal(error == AlbError.TargetConnectionError ? 1 : 0, _collector.Total("TargetConnectionErrorCount"));
    }

    [Fact]
    public void FixedResponse404_IsAnElb4xx_AndAFixedResponse_NotARequestCount()
    {
        var (_, state) = AccessLogTestLines.Create();
        state.MatchedRulePriority = 5;
        state.ActionsExecuted = "fixed-response";

        _metrics.RecordRequest(state, new RequestOutcome(404, 10, 10));

        Assert.Equal(0, _collector.Total("RequestCount"));
        Assert.Equal(1, _collector.Total("HTTPCode_ELB_4XX_Count"));
        Assert.Equal(1, _collector.Total("HTTP_Fixed_Response_Count"));
    }

    [Fact]
    public void RejectedBeforeRouting_IsNotARequestCount_ButAnElb4xx()
    {
        var (_, state) = AccessLogTestLines.Create();
        state.Error = AlbError.MethodNotAllowed;

        _metrics.RecordRequest(state, new RequestOutcome(405, 10, 10));

        Assert.Equal(0, _collector.Total("RequestCount"));
        Assert.Equal(1, _collector.Total("HTTPCode_ELB_4XX_Count"));
    }

    [Fact]
    public void Redirects_AndTheUrlLimit_AndDesyncAndStickiness()
    {
        var (_, redirect) = AccessLogTestLines.Create();
        redirect.MatchedRulePriority = 1;
        redirect.ActionsExecuted = "redirect";
        redirect.RedirectUrl = "https://example.com:443/";
        var (_, tooLong) = AccessLogTestLines.Create();
        tooLong.MatchedRulePriority = 1;
        tooLong.ActionsExecuted = "redirect";
        tooLong.Error = AlbError.RedirectUrlTooLong;
        tooLong.Classification = "Acceptable";
        tooLong.ErrorReason = "AWSALBTGCookieInvalid";

        _metrics.RecordRequest(redirect, new RequestOutcome(301, 10, 10));
        _metrics.RecordRequest(tooLong, new RequestOutcome(507, 10, 10));

        Assert.Equal(0, _collector.Total("RequestCount"));
        Assert.Equal(1, _collector.Total("HTTP_Redirect_Count"));
        Assert.Equal(1, _collector.Total("HTTPCode_ELB_3XX_Count"));
        Assert.Equal(1, _collector.Total("HTTP_Redirect_Url_Limit_Exceeded_Count"));
        Assert.Equal(1, _collector.Total("DesyncMitigationMode_NonCompliant_Request_Count"));
        Assert.Equal(1, _collector.Total("NonStickyRequestCount"));
    }

    [Fact]
    public void RequestCount_LoadBalancerSeriesIsTheTotal_TargetGroupSeriesIsTheGroupsShare()
    {
        var (_, a1) = AccessLogTestLines.CreateForwarded();
        var (_, a2) = AccessLogTestLines.CreateForwarded(503);
        var (_, noTarget) = AccessLogTestLines.CreateForwarded();
        noTarget.Target = null;
        noTarget.TargetStatusCode = 0;
        noTarget.ResponseHeadersTimestamp = 0;
        noTarget.Error = AlbError.NoRegisteredTargets;
        var (_, connectFailed) = AccessLogTestLines.CreateForwarded();
        connectFailed.TargetStatusCode = 0;
        connectFailed.ResponseHeadersTimestamp = 0;
        connectFailed.Error = AlbError.TargetConnectionError;
        var group = a1.TargetGroup!.FullName;

        _metrics.RecordRequest(a1, new RequestOutcome(200, 10, 10));
        _metrics.RecordRequest(a2, new RequestOutcome(503, 10, 10));
        _metrics.RecordRequest(noTarget, new RequestOutcome(503, 10, 10));
        _metrics.RecordRequest(connectFailed, new RequestOutcome(502, 10, 10));

        // A target was chosen for three of the four (the 502 included); the 503 without targets is not counted.
        Assert.Equal(3, _collector.Total("RequestCount"));
        Assert.Equal(3, _collector.ForTargetGroup("RequestCount", group));
        Assert.Equal(1, _collector.ForTargetGroup("HTTPCode_Target_5XX_Count", group));
        Assert.Equal(1, _collector.Total("HTTPCode_Target_5XX_Count"));
        Assert.Equal(1, _collector.ForTargetGroup("TargetConnectionErrorCount", group));
        Assert.Equal(2, _collector.ForTargetGroup("TargetResponseTime", group));
        Assert.Equal(2, _collector.Total("TargetResponseTime"));

        // HTTPCode_ELB_* and ProcessedBytes are per load balancer only (CloudWatch has no TargetGroup series for them).
        Assert.Equal(2, _collector.Total("HTTPCode_ELB_5XX_Count"));
        Assert.Equal(0, _collector.ForTargetGroup("HTTPCode_ELB_5XX_Count", group));
        Assert.Equal(0, _collector.ForTargetGroup("ProcessedBytes", group));
        Assert.Equal(80, _collector.Total("ProcessedBytes"));
    }

    [Fact]
    public void SameLoadBalancer_WithAndWithoutTargetGroup_EachRequestGetsItsOwnSeries()
    {
        var (_, forwarded) = AccessLogTestLines.CreateForwarded();
        var group = forwarded.TargetGroup!;

        _metrics.RecordRequest(forwarded, new RequestOutcome(200, 10, 10));
        forwarded.TargetGroup = null; // the same load balancer's strings, no group: the load balancer's series only
        _metrics.RecordRequest(forwarded, new RequestOutcome(200, 10, 10));
        forwarded.TargetGroup = group;
        _metrics.RecordRequest(forwarded, new RequestOutcome(200, 10, 10));

        Assert.Equal(3, _collector.Total("HTTPCode_Target_2XX_Count"));
        Assert.Equal(2, _collector.ForTargetGroup("HTTPCode_Target_2XX_Count", group.FullName));
    }

    [Fact]
    public void LambdaFunctionFound_IsARequestCount()
    {
        Assert.False(AlbMetrics.TargetChosen(AccessLogTestLines.Create().State));
        Assert.True(AlbMetrics.TargetChosen(AccessLogTestLines.CreateForwarded().State));
    }

    [Fact]
    public void HostCounts_AfterHealthChanges_PerLoadBalancerAndTargetGroup()
    {
        var fixture = new TargetGroupFixture(3);
        using var metrics = new AlbMetrics(() => fixture.Model.LoadBalancers[0].Identifiers.LoadBalancerFullName);
        using var collector = new MetricsCollector(metrics);
        metrics.ObserveTargetHealth(fixture.Registry);
        var web = fixture.Model.TargetGroups["web"].FullName;
        var spare = fixture.Model.TargetGroups["spare"].FullName;

        // Registered, health checks not yet passed: initial counts in neither.
        Assert.Equal((0, 0), Counts(collector, web));

        fixture.Web.ApplyResult(fixture.Target(1), HealthCheckResult.Success);
        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Success);
        fixture.Web.ApplyResult(fixture.Target(3), HealthCheckResult.Success);
        Assert.Equal((3, 0), Counts(collector, web));

        // Target 2 fails the unhealthy threshold (2 by default).
        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Failed);
        Assert.Equal((3, 0), Counts(collector, web));
        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Failed);
        Assert.Equal((2, 1), Counts(collector, web));

        // Deregistering lowers Healthy without raising Unhealthy.
        fixture.Web.Deregister([new TargetDescription("10.0.0.1", 80)]);
        Assert.Equal((1, 1), Counts(collector, web));

        // Back to healthy (healthy threshold 5 by default).
        for (var i = 0; i < 5; i++)
        {
            fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Success);
        }

        Assert.Equal((2, 0), Counts(collector, web));

        // Every series carries both dimensions; the group no listener forwards to has no LoadBalancer dimension, so no series.
        var series = collector.Collect().Where(s => s.Instrument.Name == "HealthyHostCount").ToList();
        var only = Assert.Single(series);
        Assert.Equal(
            [new(AlbMetrics.LoadBalancerTag, fixture.Model.LoadBalancers[0].Identifiers.LoadBalancerFullName), new(AlbMetrics.TargetGroupTag, web)],
            only.Tags);
        Assert.Equal(0, collector.ForTargetGroup("HealthyHostCount", spare));
    }

    private static (double Healthy, double Unhealthy) Counts(MetricsCollector collector, string group) =>
        (collector.ForTargetGroup("HealthyHostCount", group), collector.ForTargetGroup("UnHealthyHostCount", group));

    [Fact]
    public void Connections_AndHostCounts()
    {
        _metrics.ConnectionOpened();
        _metrics.ConnectionOpened();
        _metrics.ConnectionClosed();
        _metrics.TlsNegotiationFailed();
        _metrics.SetHostCountSource(() => [("targetgroup/a/0000000000000001", 2, 1)]);

        Assert.Equal(2, _collector.Total("NewConnectionCount"));
        Assert.Equal(1, _collector.Total("ActiveConnectionCount"));
        Assert.Equal(1, _collector.Total("ClientTLSNegotiationErrorCount"));
        Assert.Equal(2, _collector.Total("HealthyHostCount"));
        Assert.Equal(1, _collector.Total("UnHealthyHostCount"));
    }
}
