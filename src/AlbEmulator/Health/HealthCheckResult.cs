namespace AlbEmulator.Health;

/// <summary>
/// The outcome of one health check (HC-23). <paramref name="Health"/>, when set, is the unhealthy status a
/// failure stands for (Lambda checks report their own reason code and description).
/// </summary>
public readonly record struct HealthCheckResult(HealthCheckOutcome Outcome, int Code = 0, TargetHealth? Health = null)
{
    public static readonly HealthCheckResult Success = new(HealthCheckOutcome.Success);

    public static readonly HealthCheckResult TimedOut = new(HealthCheckOutcome.Timeout);

    public static readonly HealthCheckResult Failed = new(HealthCheckOutcome.Failed);

    public static HealthCheckResult Mismatch(int code) => new(HealthCheckOutcome.CodeMismatch, code);

    /// <summary>A failure with an explicit unhealthy status (reason and description).</summary>
    public static HealthCheckResult FailedWith(TargetHealth health) => new(HealthCheckOutcome.Failed, 0, health);

    public bool IsSuccess => Outcome == HealthCheckOutcome.Success;

    /// <summary>The HTTP status of the response the check got, or 0 when there was none (health-check log <c>status_code</c>).</summary>
    public int ResponseStatus { get; init; }

    /// <summary>The <c>grpc-status</c> of a gRPC check's answer, or null when it had none.</summary>
    public int? GrpcStatus { get; init; }

    /// <summary>The unhealthy status this failure stands for.</summary>
    public TargetHealth FailureHealth => Health ?? Outcome switch
    {
        HealthCheckOutcome.Timeout => TargetHealth.Timeout,
        HealthCheckOutcome.CodeMismatch => TargetHealth.ResponseCodeMismatch(Code),
        _ => TargetHealth.FailedHealthChecks,
    };
}

/// <summary>How a health check ended.</summary>
public enum HealthCheckOutcome
{
    Success,

    /// <summary>The status code was not in the matcher (Target.ResponseCodeMismatch).</summary>
    CodeMismatch,

    /// <summary>No response within HealthCheckTimeoutSeconds (Target.Timeout).</summary>
    Timeout,

    /// <summary>Connection refused/reset or malformed response (Target.FailedHealthChecks).</summary>
    Failed,
}
