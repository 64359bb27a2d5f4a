using AlbEmulator.Errors;
using AlbEmulator.Health;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;

namespace AlbEmulator.Lambda;

/// <summary>
/// One health check of a Lambda target (LAM-30, HC-14): invokes the function with the health-check
/// event and judges the response's <c>statusCode</c> against <c>Matcher.HttpCode</c> (default 200;
/// list <c>"200,202"</c> or range <c>"200-299"</c>). Reason codes per HC-23/HC-24:
/// <c>Target.Timeout</c> (no answer within HealthCheckTimeoutSeconds), <c>Target.ResponseCodeMismatch</c>,
/// <c>Target.FailedHealthChecks</c> (connection error, function error, malformed response).
/// The health checker (<c>Health/HealthChecker.cs</c>) calls it once per interval per target, only when
/// HealthCheckEnabled is true, and feeds the verdict to the usual state machine (HC-21, HC-22).
/// </summary>
public sealed class LambdaHealthCheck
{
    private static readonly TargetHealth UnhealthyInternalError = TargetHealth.InternalError with { State = TargetHealthState.Unhealthy };

    private readonly LambdaInvoker _invoker;
    private readonly AlbRuntime _runtime;

    public LambdaHealthCheck(LambdaInvoker invoker, AlbRuntime runtime)
    {
        _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
    }

    public Task<HealthCheckResult> CheckAsync(TargetGroupModel group, TargetModel target, CancellationToken cancellationToken) =>
        CheckAsync(group, target, null, cancellationToken);

    /// <summary>One check; <paramref name="timeout"/> replaces HealthCheckTimeoutSeconds when given (the health checker's TimeoutOverride).</summary>
    public async Task<HealthCheckResult> CheckAsync(TargetGroupModel group, TargetModel target, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(target);
        var configured = LambdaFunctionTarget.Resolve(_runtime.Current.Config, group.Name);
        if (configured is null)
        {
            // Elb.InternalError's reason and description, but unhealthy (so the target keeps being checked).
            return HealthCheckResult.Failure(0, UnhealthyInternalError);
        }

        var function = string.Equals(configured.FunctionId, target.Id, StringComparison.Ordinal)
            ? configured
            : new LambdaFunctionTarget(target.Id, configured.Endpoint, configured.MultiValueHeaders);
        var resolved = group.Resolved;
        var eventJson = LambdaEventBuilder.BuildHealthCheck(group.Arn, resolved.HealthCheckPath, function.MultiValueHeaders);
        var result = await _invoker.InvokeAsync(function, eventJson, timeout ?? TimeSpan.FromSeconds(resolved.HealthCheckTimeoutSeconds), cancellationToken);
        return Judge(result, function.MultiValueHeaders, resolved.MatcherHttpCode ?? "200");
    }

    /// <summary>
    /// The verdict on one Invoke result (separate for unit tests). It carries the function's <c>statusCode</c> as the
    /// response status (health-check log <c>status_code</c>) whenever the function answered with a valid response;
    /// none when the invocation failed, timed out or answered something that is not a valid response.
    /// </summary>
    public static HealthCheckResult Judge(LambdaInvokeResult result, bool multiValueHeaders, string matcher)
    {
        if (result.Error == AlbError.LambdaConnectionTimeout)
        {
            return HealthCheckResult.TimedOut;
        }

        if (result.Error != AlbError.None
            || LambdaResponseParser.Parse(result.Payload, multiValueHeaders, out var response, out _) != AlbError.None)
        {
            return HealthCheckResult.Failure(0, TargetHealth.FailedHealthChecks);
        }

        var code = response!.StatusCode;
        return Matches(matcher, code)
            ? HealthCheckResult.Passed(code)
            : HealthCheckResult.Failure(code, TargetHealth.ResponseCodeMismatch(code));
    }

    /// <summary><c>Matcher.HttpCode</c>: comma-separated codes and <c>low-high</c> ranges.</summary>
    public static bool Matches(string matcher, int code)
    {
        foreach (var part in matcher.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-');
            if (dash < 0)
            {
                if (int.TryParse(part, out var single) && single == code)
                {
                    return true;
                }
            }
            else if (int.TryParse(part[..dash], out var low) && int.TryParse(part[(dash + 1)..], out var high) && code >= low && code <= high)
            {
                return true;
            }
        }

        return false;
    }
}
