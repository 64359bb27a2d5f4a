using System.Diagnostics;
using AlbEmulator.Errors;
using AlbEmulator.Hosting;
using AlbEmulator.Listeners;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Lambda;

/// <summary>
/// The forward action toward a Lambda target group (§10): refuses WebSocket upgrades (TG-30), reads the
/// whole body (LAM-1, TG-28), builds the event (LAM-10..LAM-15), invokes the function through the Invoke
/// API at the target's LambdaEndpoint, and maps the answer back (LAM-20..LAM-25) or answers ALB's error
/// (LAM-2). Access log (LAM-3, alb-observability-api.md §1.3): target <c>-</c> (no
/// <see cref="AlbRequestState.Target"/> is set), target_status_code = the function's statusCode on success.
/// [EMU] The Invoke call must complete within the load balancer's idle timeout
/// (<c>idle_timeout.timeout_seconds</c>, default 60 s), else 504 <c>LambdaConnectionTimeout</c>.
/// </summary>
public sealed partial class LambdaForwarder
{
    private readonly LambdaInvoker _invoker;
    private readonly AlbEmulatorOptions _options;
    private readonly ILogger<LambdaForwarder> _logger;

    public LambdaForwarder(LambdaInvoker invoker, AlbEmulatorOptions options, ILogger<LambdaForwarder> logger)
    {
        _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task ForwardAsync(HttpContext context, AlbRequestState state, TargetGroupModel group)
    {
        state.TargetGroup = group;
        var function = LambdaFunctionTarget.Find(state.LoadBalancer, group);
        if (function is null)
        {
            await RejectAsync(context, state, AlbError.NoRegisteredTargets, $"Lambda target group '{group.Name}' has no function registered.");
            return;
        }

        if (IsWebSocketUpgrade(context))
        {
            await RejectAsync(context, state, AlbError.LambdaWebsocketNotSupported, null);
            return;
        }

        AlbError bodyError;
        byte[] body;
        try
        {
            (bodyError, body) = await LambdaRequestBody.ReadAsync(context.Request, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            await BodyFailedAsync(context, state);
            return;
        }

        if (bodyError != AlbError.None)
        {
            await RejectAsync(context, state, bodyError, $"The request body is over {LambdaLimits.MaxRequestBodyBytes} bytes.");
            return;
        }

        var (path, query) = RequestFacts.SplitTarget(RequestFacts.RawTarget(context));
        var eventRequest = new LambdaEventRequest(group.Arn, context.Request.Method, path, query, LambdaRequestHeaders.Collect(context, state), body, function.MultiValueHeaders);
        if (!LambdaEventBuilder.TryBuild(eventRequest, out var eventJson))
        {
            await RejectAsync(context, state, AlbError.LambdaBadRequest, "The body has a text Content-Type but is not valid UTF-8.");
            return;
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
            await RejectAsync(context, state, result.Error, result.Detail);
            return;
        }

        var parsed = LambdaResponseParser.Parse(result.Payload, function.MultiValueHeaders, out var response, out var problem);
        if (parsed != AlbError.None)
        {
            LogInvokeFailure(_logger, function.FunctionId, group.Name, parsed, problem);
            await RejectAsync(context, state, parsed, problem);
            return;
        }

        state.TargetStatusCode = response!.StatusCode;
        await LambdaResponseWriter.WriteAsync(context, state, response);
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

    /// <summary>The client stalled (408, ERR-408) or went away (400, logged only) while sending the body.</summary>
    private Task BodyFailedAsync(HttpContext context, AlbRequestState state)
    {
        var wire = HttpProtocol.IsHttp2(context.Request.Protocol) ? null : context.Features.Get<IAlbConnectionFeature>()?.Connection.CurrentWireRequest;
        if (wire?.BodyTimedOut == true)
        {
            return RejectAsync(context, state, AlbError.RequestTimeout, null);
        }

        state.Error = AlbError.BadRequest;
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        context.Abort();
        return Task.CompletedTask;
    }

    private Task RejectAsync(HttpContext context, AlbRequestState state, AlbError error, string? detail)
    {
        state.ErrorDetail = detail;
        var explanation = Diagnostics.Explain(error, context.Request.Method, context.Request.Protocol, detail);
        Diagnostics.LogAlbResponse(_logger, AlbErrorCatalog.Get(error), state.Listener.Port, explanation);
        return AlbResponseWriter.WriteErrorAsync(context, error, state, _options.Diagnostics ? explanation : null);
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Invoking Lambda function {Function} of target group '{TargetGroup}' failed: answering {AlbError}. {Detail}")]
    private static partial void LogInvokeFailure(ILogger logger, string function, string targetGroup, AlbError albError, string? detail);
}
