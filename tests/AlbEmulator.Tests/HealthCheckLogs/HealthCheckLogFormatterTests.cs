using AlbEmulator.Configuration;
using AlbEmulator.Health;
using AlbEmulator.HealthCheckLogs;

namespace AlbEmulator.Tests.HealthCheckLogs;

public sealed class HealthCheckLogFormatterTests
{
    private const string Lb = "app/my-lb/50dc6c495c0c9188";

    private static readonly DateTime Start = new DateTime(2025, 10, 31, 12, 44, 59, DateTimeKind.Utc).AddTicks(8756780);

    private static readonly TimeSpan Latency = TimeSpan.FromTicks(195840);

    private static HealthCheckSettings Settings(string protocol = "HTTP", string protocolVersion = "HTTP1", string? healthCheckPort = null) =>
        HealthCheckSettings.From(TargetGroupDefaults.Resolve(new TargetGroupConfig
        {
            Name = "HCLogsTestIPs",
            Protocol = protocol,
            Port = 80,
            ProtocolVersion = protocolVersion,
            HealthCheckProtocol = protocol,
            HealthCheckPort = healthCheckPort,
        }));

    private static string Format(HealthCheckSettings settings, HealthCheckResult result, string target = "172.31.20.97", int port = 80) =>
        HealthCheckLogFormatter.Format(settings, target, port, "HCLogsTestIPs", Start, Latency, result, Lb);

    [Fact]
    public void Pass_TheAwsExampleFields_ThenElbAndNodeIp()
    {
        Assert.Equal(
            "http 2025-10-31T12:44:59.875678Z 0.019584000 172.31.20.97:80 HCLogsTestIPs PASS 200 - app/my-lb/50dc6c495c0c9188 127.0.0.1",
            Format(Settings(), HealthCheckResult.Passed(200)));
    }

    [Fact]
    public void Latency_NineDecimals_TargetAddr_IsTheHealthCheckPort()
    {
        var line = HealthCheckLogFormatter.Format(Settings(healthCheckPort: "8081"), "10.0.0.5", 8080, "web", Start, TimeSpan.FromTicks(11219807), HealthCheckResult.Passed(200), Lb);

        Assert.Equal("http 2025-10-31T12:44:59.875678Z 1.121980700 10.0.0.5:8081 web PASS 200 - app/my-lb/50dc6c495c0c9188 127.0.0.1", line);
    }

    [Theory]
    [InlineData("HTTP", "HTTP1", "http")]
    [InlineData("HTTPS", "HTTP1", "https")]
    [InlineData("HTTPS", "HTTP2", "h2")]
    [InlineData("HTTP", "HTTP2", "h2")]
    [InlineData("HTTPS", "GRPC", "grpc")]
    public void Type_FromProtocolAndVersion(string protocol, string version, string type)
    {
        Assert.StartsWith(type + " ", Format(Settings(protocol, version), HealthCheckResult.Passed(200)), StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_CodeMismatch_ResponseCodeMismatch()
    {
        Assert.Equal(
            "http 2025-10-31T12:44:59.875678Z 0.019584000 172.31.20.97:80 HCLogsTestIPs FAIL 404 ResponseCodeMismatch app/my-lb/50dc6c495c0c9188 127.0.0.1",
            Format(Settings(), HealthCheckResult.Mismatch(404)));
    }

    [Fact]
    public void Fail_5xx_TargetError_AsTheAwsExample()
    {
        Assert.Equal(
            "http 2025-10-31T12:44:59.875678Z 0.019584000 172.31.31.9:80 HCLogsTestIPs FAIL 502 TargetError app/my-lb/50dc6c495c0c9188 127.0.0.1",
            Format(Settings(), HealthCheckResult.Mismatch(502), "172.31.31.9"));
    }

    [Fact]
    public void Fail_Timeout_TimedOut_NoStatusCode()
    {
        Assert.Equal(
            "https 2025-10-31T12:44:59.875678Z 0.019584000 172.31.20.97:443 HCLogsTestIPs FAIL - TimedOut app/my-lb/50dc6c495c0c9188 127.0.0.1",
            Format(Settings("HTTPS"), HealthCheckResult.TimedOut, port: 443));
    }

    [Fact]
    public void Fail_ConnectionRefusedOrReset_ConnectionReset_NoStatusCode()
    {
        Assert.Equal(
            "http 2025-10-31T12:44:59.875678Z 0.019584000 172.31.20.97:80 HCLogsTestIPs FAIL - ConnectionReset app/my-lb/50dc6c495c0c9188 127.0.0.1",
            Format(Settings(), HealthCheckResult.Failed));
    }

    [Fact]
    public void Fail_Grpc_UnexpectedStatus_HttpStatusWritten()
    {
        Assert.Equal(
            "grpc 2025-10-31T12:44:59.875678Z 0.019584000 172.31.20.97:80 HCLogsTestIPs FAIL 200 GRPCUnexpectedStatus app/my-lb/50dc6c495c0c9188 127.0.0.1",
            Format(Settings("HTTP", "GRPC"), HealthCheckResult.Mismatch(200, 12)));
    }

    [Fact]
    public void Fail_Grpc_200WithoutGrpcStatus_GRPCStatusHeaderEmpty()
    {
        Assert.Equal(
            "grpc 2025-10-31T12:44:59.875678Z 0.019584000 172.31.20.97:80 HCLogsTestIPs FAIL 200 GRPCStatusHeaderEmpty app/my-lb/50dc6c495c0c9188 127.0.0.1",
            Format(Settings("HTTP", "GRPC"), HealthCheckResult.Failure(200)));
    }

    [Fact]
    public void Fail_Grpc_PlainHttpError_ResponseCodeMismatch()
    {
        Assert.Equal(
            "grpc 2025-10-31T12:44:59.875678Z 0.019584000 172.31.20.97:80 HCLogsTestIPs FAIL 404 ResponseCodeMismatch app/my-lb/50dc6c495c0c9188 127.0.0.1",
            Format(Settings("HTTP", "GRPC"), HealthCheckResult.Mismatch(404)));
    }

    [Fact]
    public void Lambda_TargetAddrIsTheArn_StatusCodeIsTheFunctions_FailureIsTargetError()
    {
        const string arn = "arn:aws:lambda:us-east-1:123456789012:function:my-fn";
        var settings = HealthCheckSettings.From(TargetGroupDefaults.Resolve(new TargetGroupConfig { Name = "fn", TargetType = "lambda" }));

        Assert.Equal(
            $"lambda 2025-10-31T12:44:59.875678Z 0.019584000 {arn} fn PASS 200 - {Lb} 127.0.0.1",
            HealthCheckLogFormatter.Format(settings, arn, 0, "fn", Start, Latency, HealthCheckResult.Passed(200), Lb));
        Assert.Equal(
            $"lambda 2025-10-31T12:44:59.875678Z 0.019584000 {arn} fn FAIL - TargetError {Lb} 127.0.0.1",
            HealthCheckLogFormatter.Format(settings, arn, 0, "fn", Start, Latency, HealthCheckResult.Failure(0, TargetHealth.FailedHealthChecks), Lb));
        Assert.Equal(
            $"lambda 2025-10-31T12:44:59.875678Z 0.019584000 {arn} fn FAIL - TimedOut {Lb} 127.0.0.1",
            HealthCheckLogFormatter.Format(settings, arn, 0, "fn", Start, Latency, HealthCheckResult.TimedOut, Lb));
        Assert.Equal(
            $"lambda 2025-10-31T12:44:59.875678Z 0.019584000 {arn} fn FAIL 503 ResponseCodeMismatch {Lb} 127.0.0.1",
            HealthCheckLogFormatter.Format(settings, arn, 0, "fn", Start, Latency, HealthCheckResult.Failure(503, TargetHealth.ResponseCodeMismatch(503)), Lb));
        Assert.Equal(
            $"lambda 2025-10-31T12:44:59.875678Z 0.019584000 {arn} fn FAIL - InternalError {Lb} 127.0.0.1",
            HealthCheckLogFormatter.Format(settings, arn, 0, "fn", Start, Latency, HealthCheckResult.Failure(0, TargetHealth.InternalError), Lb));
    }
}
