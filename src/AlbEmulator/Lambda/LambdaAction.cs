using System.Diagnostics;
using AlbEmulator.Errors;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Lambda;

/// <summary>
/// The forward action toward a Lambda target group (§10), reached from <see cref="Pipeline.Actions.ForwardAction"/>: refuses WebSocket upgrades (TG-30), reads the
/// whole body (LAM-1, TG-28), builds the event (LAM-10..LAM-15), invokes the function through the Invoke
/// API at the target's LambdaEndpoint, and maps the answer back (LAM-20..LAM-25) or answers ALB's error
/// (LAM-2) as an outcome (the lifecycle writes it). Access log (LAM-3, alb-observability-api.md §1.3): target <c>-</c> (no
/// <see cref="AlbRequestState.Target"/> is set), target_status_code = the function's statusCode on success.
/// [EMU] The Invoke call must complete within the load balancer's idle timeout
/// (<c>idle_timeout.timeout_seconds</c>, default 60 s), else 504 <c>LambdaConnectionTimeout</c>.
/// </summary>
public sealed partial class LambdaAction
{
    private readonly LambdaInvoker _invoker;
    private readonly ILogger<LambdaAction> _logger;

    public LambdaAction(LambdaInvoker invoker, ILogger<LambdaAction> logger)
    {
        _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async ValueTask<ActionOutcome> ExecuteAsync(HttpContext context, AlbRequestState state, TargetGroupModel group)
    {
        state.TargetGroup = group;
        var function = LambdaFunctionTarget.Find(state.LoadBalancer, group);
        if (function is null)
        {
            return Reject(state, AlbError.NoRegisteredTargets, $"Lambda target group '{group.Name}' has no function registered.");
        }

        if (IsWebSocketUpgrade(context))
        {
            return Reject(state, AlbError.LambdaWebsocketNotSupported, null);
        }

        AlbError bodyError;
        byte[] body;
        try
        {
            (bodyError, body) = await LambdaRequestBody.ReadAsync(context.Request, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return BodyFailed(context);
        }

        if (bodyError != AlbError.None)
        {
            return Reject(state, bodyError, $"The request body is over {LambdaLimits.MaxRequestBodyBytes} bytes.");
        }

        var (path, query) = RequestFacts.SplitTarget(RequestFacts.RawTarget(context));
        var eventRequest = new LambdaEventRequest(group.Arn, context.Request.Method, path, query, LambdaRequestHeaders.Collect(context, state), body, function.MultiValueHeaders);
        if (!LambdaEventBuilder.TryBuild(eventRequest, out var eventJson))
        {
            return Reject(state, AlbError.LambdaBadRequest, "The body has a text Content-Type but is not valid UTF-8.");
        }

        state.RequestSentTimestamp = Stopwatch.GetTimestamp();
        var result = await _invoker.InvokeAsync(function, eventJson, state.LoadBalancer.Settings.IdleTimeout, context.RequestAborted);
        if (!result.Answered)
        {
            // Not dispatched or no answer before the timeout: the three times are -1 (§1.3 fields 6-8).
            state.RequestSentTimestamp = 0;
        }
        else
        {
            state.ResponseHeadersTimestamp = Stopwatch.GetTimestamp();
        }

        if (result.Error != AlbError.None)
        {
            LogInvokeFailure(_logger, function.FunctionId, group.Name, result.Error, result.Detail);
            return Reject(state, result.Error, result.Detail);
        }

        var parsed = LambdaResponseParser.Parse(result.Payload, function.MultiValueHeaders, out var response, out var problem);
        if (parsed != AlbError.None)
        {
            LogInvokeFailure(_logger, function.FunctionId, group.Name, parsed, problem);
            return Reject(state, parsed, problem);
        }

        state.TargetStatusCode = response!.StatusCode;
        await LambdaResponseWriter.WriteAsync(context, state, response);
        return ActionOutcome.Completed;
    }

    /// <summary>TG-30: <c>Upgrade: websocket</c> (HTTP/1.1) or an extended CONNECT for websocket (HTTP/2).</summary>
    private static bool IsWebSocketUpgrade(HttpContext context)
    {
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect &&
            string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var value in context.Request.Headers.Upgrade)
        {
            if (value is not null && value.Contains("websocket", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The client stalled (408, ERR-408) or went away (400, logged only, nothing sent) while sending the body.</summary>
    private static ActionOutcome BodyFailed(HttpContext context) =>
        Pipeline.Actions.ForwardAction.CurrentWireRequest(context) switch
        {
            { BodyTimedOut: true } => ActionOutcome.Reject(AlbError.RequestTimeout),
            { BodyMalformed: true } => ActionOutcome.Reject(AlbError.BadRequest),
            _ => ActionOutcome.Abort(AlbError.BadRequest),
        };

    private static ActionOutcome Reject(AlbRequestState state, AlbError error, string? detail)
    {
        state.ErrorDetail = detail;
        return ActionOutcome.Reject(error, detail);
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Invoking Lambda function {Function} of target group '{TargetGroup}' failed: answering {AlbError}. {Detail}")]
    private static partial void LogInvokeFailure(ILogger logger, string function, string targetGroup, AlbError albError, string? detail);
}
