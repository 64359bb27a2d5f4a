using AlbEmulator.Errors;
using AlbEmulator.Forwarding;
using AlbEmulator.Forwarding.Http1;
using AlbEmulator.Lambda;
using AlbEmulator.Listeners;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Model;
using AlbEmulator.TargetGroups;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Pipeline.Actions;

/// <summary>
/// <c>forward</c> (ACT-10): the target group (weights, AWSALBTG), then the target within it — sticky target or
/// the group's algorithm over the routable targets (TargetGroups/TargetRouter; TG-31..TG-43, STK-*) — with the
/// target's in-flight count held for the whole exchange (TG-41), and the direct HTTP/1.1 forwarder (HTTP1 groups) or
/// YARP's forwarder to send it. 503 when the
/// group has no target that may receive requests (TG-34). A target whose deregistration delay runs out
/// mid-request is cut: 502 if the response had not started (TG-60). A Lambda target group goes to
/// <see cref="LambdaAction"/> (§10).
/// </summary>
public sealed partial class ForwardAction : IRuleAction
{
    private readonly IHttpForwarder _forwarder;
    private readonly WeightedTargetGroupSelector _groupSelector;
    private readonly LambdaAction _lambda;
    private readonly TimeProvider _time;
    private readonly ILogger<ForwardAction> _logger;

    public ForwardAction(IHttpForwarder forwarder, WeightedTargetGroupSelector groupSelector, LambdaAction lambda, TimeProvider time, ILogger<ForwardAction> logger)
    {
        _forwarder = forwarder;
        _groupSelector = groupSelector;
        _lambda = lambda;
        _time = time;
        _logger = logger;
    }

    public Type ModelType => typeof(ForwardActionModel);

    public async ValueTask<ActionOutcome> ExecuteAsync(HttpContext context, AlbRequestState state, ActionModel action)
    {
        var forward = (ForwardActionModel)action;
        var group = _groupSelector.Select(forward, context.Request.Cookies, out var setCookies, out var cookieInvalid);
        if (cookieInvalid)
        {
            state.ErrorReason = "AWSALBTGCookieInvalid";
        }

        if (group is null)
        {
            // [EMU] every weight is 0: nothing can be chosen (open point 11).
            return ActionOutcome.Reject(AlbError.NoRegisteredTargets);
        }

        state.TargetGroup = group;
        var cookies = setCookies is { } groupCookies ? new List<string>(4) { groupCookies.Item1, groupCookies.Item2 } : null;

        if (group.Resolved.TargetType == Configuration.TargetTypes.Lambda)
        {
            // §10: a Lambda target is invoked through the Invoke API, not proxied.
            state.SetCookies = cookies;
            return await _lambda.ExecuteAsync(context, state, group);
        }

        // STK-32: the chosen group's own stickiness applies too; app_cookie not with weighted groups (STK-24).
        var live = group.State;
        var target = TargetRouter.Choose(live, context.Request.Cookies, _time.GetUtcNow(), allowAppCookie: !forward.IsWeighted, ref cookies, out var appSession);
        state.SetCookies = cookies;
        if (target is null)
        {
            return ActionOutcome.Reject(AlbError.NoRegisteredTargets);
        }

        var model = target.Model;
        state.Target = model;
        HttpTransformer transformer = group.Attributes.Stickiness == StickinessType.AppCookie && !forward.IsWeighted
            ? appSession ? AppCookieTransformer.Established : AppCookieTransformer.NotEstablished
            : AlbRequestTransformer.Instance;
        var drainCut = target.DrainCut;
        model.RequestStarted();
        ForwarderError result;
        try
        {
            // HTTP1 groups: the direct HTTP/1.1 forwarder, for HTTP/1.x and HTTP/2 clients (an HTTP/2 client's request is
            // written with ALB's header-name casing, TG-21). WebSocket upgrades (HTTP/1.1 Upgrade, HTTP/2 extended
            // CONNECT), HTTP2/GRPC groups and in-memory targets go through YARP's forwarder.
            result = group.Invoker is TargetGroupInvoker { Http1: { } direct } && !IsUpgrade(context)
                ? await Http1Forwarder.ForwardAsync(context, state, model, direct, transformer as AppCookieTransformer, drainCut)
                : await _forwarder.SendAsync(context, model.DestinationPrefix, group.Invoker, group.RequestConfig, transformer, drainCut);
        }
        finally
        {
            model.RequestCompleted();
        }

        if (group.Attributes.Algorithm == LoadBalancingAlgorithm.WeightedRandom)
        {
            // TG-42 anomaly detection: 5xx from the target and connection failures.
            target.RecordOutcome(state.TargetStatusCode >= 500 || (result != ForwarderError.None && !context.RequestAborted.IsCancellationRequested));
        }

        if (result == ForwarderError.None && state.IncompleteTargetResponse is not AlbError.None and var incomplete && !context.Response.HasStarted)
        {
            // The transformer held back a short response whose body never completed (SmallResponseBuffer).
            state.ResponseHeadersTimestamp = 0;
            LogForwardFailure(_logger, result, model.LogAddress, group.Name, incomplete, "response body incomplete");
            return ActionOutcome.Reject(incomplete);
        }

        if (result == ForwarderError.None)
        {
            return ActionOutcome.Completed;
        }

        var exception = context.GetForwarderErrorFeature()?.Exception;
        var wire = CurrentWireRequest(context);
        var error = drainCut.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested
            ? AlbError.TargetDeregistered
            : ForwarderErrorMapper.Map(result, exception, context.RequestAborted.IsCancellationRequested, wire is { BodyComplete: false, BodyTimedOut: false, BodyMalformed: false });
        state.ErrorDetail ??= ForwarderErrorMapper.Detail(exception);
        if (wire is { BodyMalformed: true })
        {
            // Malformed body framing (a bad chunk): 400, connection closed.
            error = AlbError.BadRequest;
        }
        else if (wire is not null && (wire.BodyTimedOut || (!wire.BodyComplete && error is AlbError.TargetResponseTimeout or AlbError.BadRequest)))
        {
            // The client stalled mid-body for the idle timeout (ERR-408), whichever timer noticed first.
            error = AlbError.RequestTimeout;
        }

        if (state.TargetStatusCode != 0 && context.Response.HasStarted)
        {
            // The target's response had started; the connection is cut as ALB does.
            return ActionOutcome.Abort(error);
        }

        state.TargetStatusCode = 0;
        LogForwardFailure(_logger, result, model.LogAddress, group.Name, error, exception?.Message);
        return ActionOutcome.Reject(error);
    }

    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    /// <summary>What the HTTP/1.x wire front end knows about this request (null on HTTP/2).</summary>
    internal static WireRequest? CurrentWireRequest(HttpContext context) =>
        HttpProtocol.IsHttp2(context.Request.Protocol) ? null : context.Features.Get<IAlbConnectionFeature>()?.Connection.CurrentWireRequest;

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Forwarding to target {Target} of target group '{TargetGroup}' failed ({ForwarderError}): answering {AlbError}. {Detail}")]
    private static partial void LogForwardFailure(ILogger logger, ForwarderError forwarderError, string target, string targetGroup, AlbError albError, string? detail);
}
