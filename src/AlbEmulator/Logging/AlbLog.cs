using AlbEmulator.Errors;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Logging;

/// <summary>
/// The structured application-log lines of AlbEmulator (docs/logging.md), as LoggerMessage methods so
/// they cost nothing when the level is off. Event ids: 700–709 requests, 710–719 startup, 720–729
/// configuration (target health: TargetHealthLog, 400–409).
/// </summary>
public static partial class AlbLog
{
    /// <summary>The category of the startup summary and configuration lines.</summary>
    public const string Category = "AlbEmulator";

    /// <summary>One line per response the load balancer generated itself (ERR-*), with why and what to do.</summary>
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "ALB-generated {StatusCode} ({AlbError}): {Cause} Fix: {Fix}")]
    public static partial void LogAlbGeneratedResponse(ILogger logger, AlbError albError, int statusCode, string cause, string fix);

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "Load balancer {LoadBalancer} ({DnsName}) started from {Source}")]
    public static partial void LogStarted(ILogger logger, string loadBalancer, string dnsName, string source);

    [LoggerMessage(EventId = 711, Level = LogLevel.Information, Message = "Listener {Protocol} {Port} on {Url}")]
    public static partial void LogListener(ILogger logger, string protocol, int port, string url);

    [LoggerMessage(EventId = 712, Level = LogLevel.Information, Message = "Target group {TargetGroup} ({Protocol}, {ProtocolVersion}): {TargetCount} target(s) {Targets}")]
    public static partial void LogTargetGroup(ILogger logger, string targetGroup, string protocol, string protocolVersion, int targetCount, string targets);

    [LoggerMessage(EventId = 713, Level = LogLevel.Information, Message = "Access log: {Destinations}")]
    public static partial void LogAccessLogDestinations(ILogger logger, string destinations);

    [LoggerMessage(EventId = 714, Level = LogLevel.Information, Message = "Connection log: {Destination}")]
    public static partial void LogConnectionLogDestination(ILogger logger, string destination);

    [LoggerMessage(EventId = 716, Level = LogLevel.Information, Message = "Health-check log: {Destination}")]
    public static partial void LogHealthCheckLogDestination(ILogger logger, string destination);

    [LoggerMessage(EventId = 715, Level = LogLevel.Information, Message = "Admin endpoint {Url}: UI /, ELBv2 API POST /, GET /metrics, GET /targets, GET /healthz")]
    public static partial void LogAdminEndpoint(ILogger logger, string url);

    [LoggerMessage(EventId = 720, Level = LogLevel.Error, Message = "Configuration problem in {Source}: {Problem}")]
    public static partial void LogConfigProblem(ILogger logger, string source, string problem);
}
