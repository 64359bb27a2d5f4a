using AlbEmulator.AccessLogs;
using AlbEmulator.Errors;
using AlbEmulator.Metrics;
using AlbEmulator.Tests.AccessLogs;

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
    public void FixedResponse404_IsAnElb4xx_AndAFixedResponse()
    {
        var (_, state) = AccessLogTestLines.Create();
        state.MatchedRulePriority = 5;
        state.ActionsExecuted = "fixed-response";

        _metrics.RecordRequest(state, new RequestOutcome(404, 10, 10));

        Assert.Equal(1, _collector.Total("RequestCount"));
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

        Assert.Equal(1, _collector.Total("HTTP_Redirect_Count"));
        Assert.Equal(1, _collector.Total("HTTPCode_ELB_3XX_Count"));
        Assert.Equal(1, _collector.Total("HTTP_Redirect_Url_Limit_Exceeded_Count"));
        Assert.Equal(1, _collector.Total("DesyncMitigationMode_NonCompliant_Request_Count"));
        Assert.Equal(1, _collector.Total("NonStickyRequestCount"));
    }

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
