using System.Globalization;
using System.Text;
using AlbEmulator.AccessLogs;
using AlbEmulator.Health;

namespace AlbEmulator.HealthCheckLogs;

/// <summary>
/// The only code that knows the ALB health-check-log line (alb-observability-api.md §1.10): ten space-separated
/// fields, one line per health check: <c>type time latency target_addr target_group_id status status_code
/// reason_code elb ip_address</c>, for example
/// <c>http 2025-10-31T12:44:59.875678Z 0.019584011 172.31.20.97:80 HCLogsTestIPs PASS 200 - app/my-lb/50dc6c495c0c9188 127.0.0.1</c>.
/// <see cref="ReasonCode"/> is the one place that maps the emulator's check outcomes to ALB's reason codes.
/// </summary>
public static class HealthCheckLogFormatter
{
    /// <param name="settings">The target group's health-check settings (type, port, gRPC).</param>
    /// <param name="targetId">The target's IP (or DNS name), or the Lambda function ARN.</param>
    /// <param name="trafficPort">The target's registered port (the check goes to the health-check port).</param>
    /// <param name="targetGroupName">The target group name (ALB's <c>target_group_id</c> field holds the name).</param>
    /// <param name="startUtc">When the check started.</param>
    /// <param name="latency">How long the check took.</param>
    /// <param name="result">Its outcome.</param>
    /// <param name="loadBalancerFullName"><c>app/name/id</c>.</param>
    public static string Format(HealthCheckSettings settings, string targetId, int trafficPort, string targetGroupName, DateTime startUtc, TimeSpan latency, HealthCheckResult result, string loadBalancerFullName)
    {
        var sb = new StringBuilder(160);
        sb.Append(Type(settings)).Append(' ');
        sb.Append(startUtc.ToString(AccessLogFields.TimestampFormat, CultureInfo.InvariantCulture)).Append(' ');
        sb.Append(Math.Max(0, latency.Ticks / (double)TimeSpan.TicksPerSecond).ToString("0.000000000", CultureInfo.InvariantCulture)).Append(' ');
        sb.Append(settings.IsLambda ? targetId : $"{targetId}:{settings.PortTextFor(trafficPort)}").Append(' ');
        sb.Append(targetGroupName).Append(' ');
        sb.Append(result.IsSuccess ? "PASS" : "FAIL").Append(' ');
        sb.Append(result.ResponseStatus > 0 ? result.ResponseStatus.ToString(CultureInfo.InvariantCulture) : "-").Append(' ');
        sb.Append(ReasonCode(settings, result)).Append(' ');
        sb.Append(loadBalancerFullName).Append(' ');
        sb.Append(S3LogKey.NodeIp);
        return sb.ToString();
    }

    /// <summary>The <c>type</c> field: <c>lambda</c>, <c>grpc</c>, <c>h2</c>, <c>https</c> or <c>http</c>, from the target group's protocol and version.</summary>
    public static string Type(HealthCheckSettings settings) =>
        settings.IsLambda ? "lambda" : settings.Grpc ? "grpc" : settings.Http2 ? "h2" : settings.Https ? "https" : "http";

    /// <summary>
    /// The <c>reason_code</c> field: <c>-</c> on success, else one of ALB's codes. [EMU] UNCONFIRMED choices (the AWS page
    /// lists the codes without saying which failure gives which): a response whose code the matcher rejects is
    /// <c>TargetError</c> when it is a 5xx (as the AWS example line <c>FAIL 502 TargetError</c>) and
    /// <c>ResponseCodeMismatch</c> otherwise; a gRPC answer with a <c>grpc-status</c> the matcher rejects is
    /// <c>GRPCUnexpectedStatus</c>, a 200 without <c>grpc-status</c> is <c>GRPCStatusHeaderEmpty</c>; no response in
    /// time is <c>TimedOut</c>; a refused, reset or broken connection (or TLS failure, or malformed response) is
    /// <c>ConnectionReset</c>; a Lambda function whose <c>statusCode</c> the matcher rejects is <c>ResponseCodeMismatch</c>,
    /// one that cannot be invoked because its group lost its function is <c>InternalError</c>, one that fails or answers
    /// something invalid is <c>TargetError</c> (a Lambda line's <c>status_code</c> is the function's <c>statusCode</c>
    /// when it answered with a valid response, else <c>-</c>).
    /// <c>ResponseStringMismatch</c> is never written (ALB target groups have no body matcher).
    /// </summary>
    public static string ReasonCode(HealthCheckSettings settings, HealthCheckResult result) => result.Outcome switch
    {
        HealthCheckOutcome.Success => "-",
        HealthCheckOutcome.Timeout => "TimedOut",
        HealthCheckOutcome.CodeMismatch when settings.Grpc && result.GrpcStatus is not null => "GRPCUnexpectedStatus",
        HealthCheckOutcome.CodeMismatch => result.Code >= 500 ? "TargetError" : "ResponseCodeMismatch",
        _ when settings.IsLambda => result.Health?.Reason switch
        {
            "Target.ResponseCodeMismatch" => "ResponseCodeMismatch",
            "Elb.InternalError" => "InternalError",
            _ => "TargetError",
        },
        _ when settings.Grpc && result.ResponseStatus > 0 => "GRPCStatusHeaderEmpty",
        _ => "ConnectionReset",
    };
}
