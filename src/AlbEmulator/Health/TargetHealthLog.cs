using Microsoft.Extensions.Logging;

namespace AlbEmulator.Health;

/// <summary>The application-log line written on every target health change (issue: "a way to see target health").</summary>
internal static partial class TargetHealthLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Target group '{TargetGroup}' target {Target} port {Port}: {State} {Reason} {Description}")]
    public static partial void StateChanged(ILogger logger, string targetGroup, string target, int port, string state, string? reason, string? description);

    /// <summary>A status without reason (healthy) gets a line without the empty fields.</summary>
    public static void Changed(ILogger logger, string targetGroup, string target, int port, TargetHealth health)
    {
        if (health.Reason is null)
        {
            StateChangedNoReason(logger, targetGroup, target, port, health.StateName);
        }
        else
        {
            StateChanged(logger, targetGroup, target, port, health.StateName, health.Reason, health.Description);
        }
    }

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Target group '{TargetGroup}' target {Target} port {Port}: {State}")]
    public static partial void StateChangedNoReason(ILogger logger, string targetGroup, string target, int port, string state);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Target group '{TargetGroup}' target {Target} port {Port}: anomaly detection {Result}, routing weight {Weight:0.##}")]
    public static partial void AnomalyChanged(ILogger logger, string targetGroup, string target, int port, string result, double weight);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Target group '{TargetGroup}': health check round failed unexpectedly")]
    public static partial void RoundFailed(ILogger logger, string targetGroup, Exception exception);
}
