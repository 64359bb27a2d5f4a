namespace AlbEmulator.Health;

/// <summary>The outcome of one health check (HC-23).</summary>
public readonly record struct HealthCheckResult(HealthCheckOutcome Outcome, int Code = 0)
{
    public static readonly HealthCheckResult Success = new(HealthCheckOutcome.Success);

    public static readonly HealthCheckResult TimedOut = new(HealthCheckOutcome.Timeout);

    public static readonly HealthCheckResult Failed = new(HealthCheckOutcome.Failed);

    public static HealthCheckResult Mismatch(int code) => new(HealthCheckOutcome.CodeMismatch, code);

    public bool IsSuccess => Outcome == HealthCheckOutcome.Success;

    /// <summary>The unhealthy status this failure stands for.</summary>
    public TargetHealth FailureHealth => Outcome switch
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
