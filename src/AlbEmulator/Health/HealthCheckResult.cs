namespace AlbEmulator.Health;

/// <summary>
/// The outcome of one health check (HC-23), made by one factory per outcome that takes what the check got back:
/// <see cref="Passed"/>, <see cref="Mismatch"/>, <see cref="Failure"/>, and <see cref="TimedOut"/> (which never has a
/// response). <see cref="Success"/> and <see cref="Failed"/> are a pass and a failure without a response status.
/// </summary>
public readonly record struct HealthCheckResult
{
    private HealthCheckResult(HealthCheckOutcome outcome, int code, TargetHealth? health, int responseStatus, int? grpcStatus)
    {
        Outcome = outcome;
        Code = code;
        Health = health;
        ResponseStatus = responseStatus;
        GrpcStatus = grpcStatus;
    }

    /// <summary>A pass whose response status is not known (health-check log <c>status_code</c> <c>-</c>).</summary>
    public static readonly HealthCheckResult Success = Passed(0);

    /// <summary>No response within HealthCheckTimeoutSeconds.</summary>
    public static readonly HealthCheckResult TimedOut = new(HealthCheckOutcome.Timeout, 0, null, 0, null);

    /// <summary>No usable response: connection refused or reset, TLS failure, malformed response.</summary>
    public static readonly HealthCheckResult Failed = Failure(0);

    /// <summary>A pass; <paramref name="responseStatus"/> is the HTTP status of the answer (0 when none), <paramref name="grpcStatus"/> its <c>grpc-status</c>.</summary>
    public static HealthCheckResult Passed(int responseStatus, int? grpcStatus = null) =>
        new(HealthCheckOutcome.Success, 0, null, responseStatus, grpcStatus);

    /// <summary>
    /// An answer the matcher rejects: the code judged is the <c>grpc-status</c> when there is one, else the HTTP status.
    /// </summary>
    public static HealthCheckResult Mismatch(int responseStatus, int? grpcStatus = null) =>
        new(HealthCheckOutcome.CodeMismatch, grpcStatus ?? responseStatus, null, responseStatus, grpcStatus);

    /// <summary>
    /// A failure other than a code mismatch or a timeout; <paramref name="responseStatus"/> is the HTTP status when
    /// there was an answer (a gRPC 200 without <c>grpc-status</c>), <paramref name="health"/>, when set, the unhealthy
    /// status it stands for (Lambda checks report their own reason code and description).
    /// </summary>
    public static HealthCheckResult Failure(int responseStatus, TargetHealth? health = null) =>
        new(HealthCheckOutcome.Failed, 0, health, responseStatus, null);

    public HealthCheckOutcome Outcome { get; }

    /// <summary>The code the matcher rejected (<see cref="HealthCheckOutcome.CodeMismatch"/>), else 0.</summary>
    public int Code { get; }

    /// <summary>The unhealthy status a failure stands for, when the check names its own.</summary>
    public TargetHealth? Health { get; }

    public bool IsSuccess => Outcome == HealthCheckOutcome.Success;

    /// <summary>The HTTP status of the response the check got, or 0 when there was none (health-check log <c>status_code</c>).</summary>
    public int ResponseStatus { get; }

    /// <summary>The <c>grpc-status</c> of a gRPC check's answer, or null when it had none.</summary>
    public int? GrpcStatus { get; }

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
