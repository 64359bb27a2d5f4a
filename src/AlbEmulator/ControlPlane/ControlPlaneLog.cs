using Microsoft.Extensions.Logging;

namespace AlbEmulator.ControlPlane;

/// <summary>Log messages of the control plane (event ids 760–769).</summary>
internal static partial class ControlPlaneLog
{
    [LoggerMessage(EventId = 760, Level = LogLevel.Information, Message = "Configuration reloaded from {Path}")]
    public static partial void LogConfigReloaded(ILogger logger, string path);

    [LoggerMessage(EventId = 761, Level = LogLevel.Error, Message = "Configuration edit in {Path} rejected ({Count} errors); the last good configuration stays in effect")]
    public static partial void LogConfigRejected(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 762, Level = LogLevel.Error, Message = "Configuration problem in {Path}: {Problem}")]
    public static partial void LogConfigProblem(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 765, Level = LogLevel.Information, Message = "Log delivery: {Change}")]
    public static partial void LogDeliveryChanged(ILogger logger, string change);

    [LoggerMessage(EventId = 764, Level = LogLevel.Error, Message = "ELBv2 {Action} failed")]
    public static partial void LogApiFailure(ILogger logger, string action, Exception exception);

    [LoggerMessage(EventId = 763, Level = LogLevel.Information, Message = "ELBv2 {Action}: {Code}: {Message}")]
    public static partial void LogApiError(ILogger logger, string action, string code, string message);
}
