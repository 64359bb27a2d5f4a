using AlbEmulator.Configuration;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// Maps the validator's errors (already in AWS wording) to an API error: the specific ELBv2 code when
/// the first error has one, else <c>ValidationError</c>. The message lists every error.
/// </summary>
internal static class ValidationErrors
{
    public static AlbApiError ToApiError(IReadOnlyList<ConfigError> errors)
    {
        var message = string.Join("; ", errors.Select(e => e.Message));
        return new AlbApiError(CodeOf(errors[0].Message), message);
    }

    public static string CodeOf(string message) => message switch
    {
        _ when message.Contains("is currently in use", StringComparison.Ordinal) => "PriorityInUse",
        _ when message.StartsWith("A listener already exists on this port", StringComparison.Ordinal) => "DuplicateListener",
        _ when message.Contains("listener ports are unique across the emulator", StringComparison.Ordinal) => "DuplicateListener",
        _ when message.Contains("(TargetGroupAssociationLimit)", StringComparison.Ordinal) => "TargetGroupAssociationLimit",
        _ when message.StartsWith("A load balancer with the same name", StringComparison.Ordinal) => "DuplicateLoadBalancerName",
        _ when message.StartsWith("A target group with the name", StringComparison.Ordinal) => "DuplicateTargetGroupName",
        _ when message.StartsWith("Target group '", StringComparison.Ordinal) && message.Contains("' not found", StringComparison.Ordinal) => "TargetGroupNotFound",
        _ when message.StartsWith("Listener protocol", StringComparison.Ordinal) && message.Contains("protocol-version", StringComparison.Ordinal) => "IncompatibleProtocols",
        _ when message.StartsWith("Action type", StringComparison.Ordinal) => "InvalidLoadBalancerAction",
        _ when message.StartsWith("Trust store '", StringComparison.Ordinal) && message.EndsWith("' not found", StringComparison.Ordinal) => "TrustStoreNotFound",
        _ when message.StartsWith("SSL policy '", StringComparison.Ordinal) && message.EndsWith("' not found", StringComparison.Ordinal) => "SSLPolicyNotFound",
        _ => "ValidationError",
    };
}
