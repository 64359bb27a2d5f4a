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
