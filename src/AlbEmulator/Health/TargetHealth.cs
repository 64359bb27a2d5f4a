namespace AlbEmulator.Health;

/// <summary>
/// One immutable health status of a target, exactly as <c>describe-target-health</c> reports it: state,
/// reason code and description (HC-24). A target's status is swapped as a whole, never mutated.
/// </summary>
public sealed record TargetHealth(TargetHealthState State, string? Reason, string? Description)
{
    public static readonly TargetHealth RegistrationInProgress = new(TargetHealthState.Initial, "Elb.RegistrationInProgress", "Target registration is in progress");

    public static readonly TargetHealth InitialHealthChecking = new(TargetHealthState.Initial, "Elb.InitialHealthChecking", "Initial health checks in progress");

    public static readonly TargetHealth Healthy = new(TargetHealthState.Healthy, null, null);

    public static readonly TargetHealth Timeout = new(TargetHealthState.Unhealthy, "Target.Timeout", "Request timed out");

    public static readonly TargetHealth FailedHealthChecks = new(TargetHealthState.Unhealthy, "Target.FailedHealthChecks", "Health checks failed");

    public static readonly TargetHealth InternalError = new(TargetHealthState.Unavailable, "Elb.InternalError", "Health checks failed due to an internal error");

    public static readonly TargetHealth NotRegistered = new(TargetHealthState.Unused, "Target.NotRegistered", "Target is not registered to the target group");

    public static readonly TargetHealth NotInUse = new(TargetHealthState.Unused, "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer");

    public static readonly TargetHealth DeregistrationInProgress = new(TargetHealthState.Draining, "Target.DeregistrationInProgress", "Target deregistration is in progress");

    public static readonly TargetHealth HealthCheckDisabled = new(TargetHealthState.Unavailable, "Target.HealthCheckDisabled", "Health checks are disabled");

    /// <summary>HC-23: the status code (HTTP, or gRPC <c>grpc-status</c>) was not in the matcher.</summary>
    public static TargetHealth ResponseCodeMismatch(int code) =>
        new(TargetHealthState.Unhealthy, "Target.ResponseCodeMismatch", $"Health checks failed with these codes: [{code}]");

    /// <summary>The API spelling of the state (<c>initial</c>, <c>healthy</c>, ...).</summary>
    public string StateName => ToApiName(State);

    public static string ToApiName(TargetHealthState state) => state switch
    {
        TargetHealthState.Initial => "initial",
        TargetHealthState.Healthy => "healthy",
        TargetHealthState.Unhealthy => "unhealthy",
        TargetHealthState.Unused => "unused",
        TargetHealthState.Draining => "draining",
        _ => "unavailable",
    };
}
