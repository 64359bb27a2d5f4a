using System.Diagnostics;
using AlbEmulator.AccessLogs;
using AlbEmulator.Errors;
using AlbEmulator.Pipeline;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.AccessLogs;

public sealed class AccessLogFormatterTests
{
    private static readonly DateTime Responded = AccessLogTestLines.Responded;

    private static (DefaultHttpContext Context, AlbRequestState State) Create() => AccessLogTestLines.Create();

    [Fact]
    public void Format_Forwarded_GoldenLine()
    {
        var (context, state) = Create();
        var frequency = Stopwatch.Frequency;
        state.TraceId = "Root=1-58337262-36d228ad5d99923122bbe354";
        state.MatchedRulePriority = 0;
        state.ActionsExecuted = "forward";
        state.TargetGroup = state.LoadBalancer.TargetGroups["my-targets"];
        state.Target = state.TargetGroup.Targets[0];
        state.RequestSentTimestamp = state.ReceivedTimestamp;
        state.ResponseHeadersTimestamp = state.RequestSentTimestamp + frequency / 1000;
        state.ResponseStartedTimestamp = state.ResponseHeadersTimestamp;
        state.TargetStatusCode = 200;
        context.Response.StatusCode = 200;

        var line = AccessLogFormatter.Format(context, state, Responded);

        var expected = "http 2018-07-02T22:23:00.186641Z " + state.LoadBalancer.Identifiers.LoadBalancerFullName +
            " 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 {RECEIVED} {SENT} \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - " +
            state.TargetGroup.Arn + " \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" " +
            state.Connection.ConnTraceId + " \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"";
        var parsed = AccessLogLine.Parse(line);
        var fields = line.Split(' ');
        Assert.Matches("^[0-9]+$", fields[10]);
        Assert.Matches("^[0-9]+$", fields[11]);
        Assert.Equal(expected.Replace("{RECEIVED}", fields[10]).Replace("{SENT}", fields[11]), line);
        Assert.Equal("-", parsed.SslCipher);
    }

    [Fact]
    public void Format_AlbError_NotDispatched()
    {
        var (context, state) = Create();
        state.Error = AlbError.NoRegisteredTargets;
        state.MatchedRulePriority = 0;
        state.ActionsExecuted = "forward";
        context.Response.StatusCode = 503;

        var parsed = AccessLogLine.Parse(AccessLogFormatter.Format(context, state, Responded));

        Assert.Equal(("-1", "-1", "-1"), (parsed.RequestProcessingTime, parsed.TargetProcessingTime, parsed.ResponseProcessingTime));
        Assert.Equal("503", parsed.ElbStatusCode);
        Assert.Equal("-", parsed.TargetStatusCode);
        Assert.Equal("", parsed.TargetIp);
        Assert.Equal("-", parsed.TraceId);
        Assert.Equal("-", parsed.TargetPortList);
    }

    [Fact]
    public void Format_QuotesAndControlCharacters_Encoded()
    {
        var (context, state) = Create();
        context.Request.Headers.UserAgent = "evil \"agent\"\u0001";
        context.Response.StatusCode = 200;
        var parsed = AccessLogLine.Parse(AccessLogFormatter.Format(context, state, Responded));
        Assert.Equal("evil %22agent%22%01", parsed.UserAgent);
    }

    [Fact]
    public void Format_ClientClosed_460()
    {
        var (context, state) = Create();
        state.Error = AlbError.ClientClosedRequest;
        context.Response.StatusCode = 200;
        Assert.Equal("460", AccessLogLine.Parse(AccessLogFormatter.Format(context, state, Responded)).ElbStatusCode);
    }

    [Fact]
    public void Format_NoRuleEvaluation_PriorityDash()
    {
        var (context, state) = Create();
        state.Error = AlbError.MethodNotAllowed;
        context.Response.StatusCode = 405;
        var parsed = AccessLogLine.Parse(AccessLogFormatter.Format(context, state, Responded));
        Assert.Equal("-", parsed.MatchedRulePriority);
        Assert.Equal("-", parsed.ActionsExecuted);
    }

    [Fact]
    public void Format_WireByteCounts_UsedWhenSet()
    {
        var (context, state) = AccessLogTestLines.CreateForwarded();
        state.ReceivedBytes = 1234;
        state.SentBytes = 5678;

        var fields = AccessLogFormatter.Format(context, state, Responded).Split(' ');

        Assert.Equal(("1234", "5678"), (fields[10], fields[11]));
    }

    [Fact]
    public void Format_ForwardEndedInTargetError_AllTimesMinusOne()
    {
        var (context, state) = AccessLogTestLines.CreateForwarded();
        state.ResponseHeadersTimestamp = 0;
        state.ResponseStartedTimestamp = 0;
        state.TargetStatusCode = 0;
        state.Error = AlbError.TargetConnectionError;
        context.Response.StatusCode = 502;

        var parsed = AccessLogLine.Parse(AccessLogFormatter.Format(context, state, Responded));

        Assert.Equal(("-1", "-1", "-1"), (parsed.RequestProcessingTime, parsed.TargetProcessingTime, parsed.ResponseProcessingTime));
        Assert.Equal("10.0.0.1", parsed.TargetIp);
    }

    [Fact]
    public void Format_ClientGoneWhileTargetWorked_KeepsRequestProcessingTime()
    {
        var (context, state) = AccessLogTestLines.CreateForwarded();
        state.ResponseHeadersTimestamp = 0;
        state.ResponseStartedTimestamp = 0;
        state.TargetStatusCode = 0;
        state.Error = AlbError.ClientClosedRequest;

        var parsed = AccessLogLine.Parse(AccessLogFormatter.Format(context, state, Responded));

        Assert.Equal(("0.000", "-1", "-1", "460"), (parsed.RequestProcessingTime, parsed.TargetProcessingTime, parsed.ResponseProcessingTime, parsed.ElbStatusCode));
    }
}
