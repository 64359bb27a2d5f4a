using AlbEmulator.Errors;
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
    private readonly LambdaInvoker _invoker;
    private readonly AlbRuntime _runtime;

    public LambdaHealthCheck(LambdaInvoker invoker, AlbRuntime runtime)
    {
        _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
    }

    public Task<(bool Healthy, string? ReasonCode, string? Description)> CheckAsync(TargetGroupModel group, TargetModel target, CancellationToken cancellationToken) =>
        CheckAsync(group, target, null, cancellationToken);

    /// <summary>One check; <paramref name="timeout"/> replaces HealthCheckTimeoutSeconds when given (the health checker's TimeoutOverride).</summary>
    public async Task<(bool Healthy, string? ReasonCode, string? Description)> CheckAsync(TargetGroupModel group, TargetModel target, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(target);
        var configured = LambdaFunctionTarget.Resolve(_runtime.Current.Config, group.Name);
        if (configured is null)
        {
            return (false, "Elb.InternalError", "Health checks failed due to an internal error");
        }

        var function = string.Equals(configured.FunctionId, target.Id, StringComparison.Ordinal)
            ? configured
            : new LambdaFunctionTarget(target.Id, configured.Endpoint, configured.MultiValueHeaders);
        var resolved = group.Resolved;
        var eventJson = LambdaEventBuilder.BuildHealthCheck(group.Arn, resolved.HealthCheckPath, function.MultiValueHeaders);
        var result = await _invoker.InvokeAsync(function, eventJson, timeout ?? TimeSpan.FromSeconds(resolved.HealthCheckTimeoutSeconds), cancellationToken);
        return Judge(result, function.MultiValueHeaders, resolved.MatcherHttpCode ?? "200");
    }

    /// <summary>The verdict on one Invoke result (separate for unit tests).</summary>
    public static (bool Healthy, string? ReasonCode, string? Description) Judge(LambdaInvokeResult result, bool multiValueHeaders, string matcher)
    {
        const string Failed = "Target.FailedHealthChecks";
        const string FailedDescription = "Health checks failed";
        if (result.Error == AlbError.LambdaConnectionTimeout)
        {
            return (false, "Target.Timeout", "Request timed out");
        }

        if (result.Error != AlbError.None)
        {
            return (false, Failed, FailedDescription);
        }

        if (LambdaResponseParser.Parse(result.Payload, multiValueHeaders, out var response, out _) != AlbError.None)
        {
            return (false, Failed, FailedDescription);
        }

        var code = response!.StatusCode;
        return Matches(matcher, code)
            ? (true, null, null)
            : (false, "Target.ResponseCodeMismatch", $"Health checks failed with these codes: [{code}]");
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
