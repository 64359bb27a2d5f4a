using System.Diagnostics;
using AlbEmulator.AccessLogs;
using AlbEmulator.Errors;
using AlbEmulator.Forwarding;
using AlbEmulator.Headers;
using AlbEmulator.Hosting;
using AlbEmulator.Lambda;
using AlbEmulator.Listeners;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Model;
using AlbEmulator.Rules;
using AlbEmulator.TargetGroups;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Pipeline;

/// <summary>
/// The terminal middleware of every ALB listener: runs the checks in <see cref="AlbCheckOrder"/>,
/// evaluates the listener rules, executes the action, and hands the finished request to the access
/// log. Forwarding goes straight to <see cref="IHttpForwarder"/> (no endpoint routing on the hot path).
/// </summary>
public sealed partial class AlbDataPlaneMiddleware
{
    private readonly AlbRuntime _runtime;
    private readonly IHttpForwarder _forwarder;
    private readonly WeightedTargetGroupSelector _groupSelector;
    private readonly AccessLogWriter _accessLog;
    private readonly TimeProvider _time;
    private readonly ILogger<AlbDataPlaneMiddleware> _logger;
    private readonly AlbEmulatorOptions _options;
    private readonly LambdaForwarder _lambda;

    public AlbDataPlaneMiddleware(
        RequestDelegate next,
        AlbRuntime runtime,
        IHttpForwarder forwarder,
        WeightedTargetGroupSelector groupSelector,
        AccessLogWriter accessLog,
        TimeProvider time,
        AlbEmulatorOptions options,
        ILogger<AlbDataPlaneMiddleware> logger,
        LambdaForwarder lambda)
    {
        _lambda = lambda ?? throw new ArgumentNullException(nameof(lambda));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(next);
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        _forwarder = forwarder ?? throw new ArgumentNullException(nameof(forwarder));
        _groupSelector = groupSelector ?? throw new ArgumentNullException(nameof(groupSelector));
        _accessLog = accessLog ?? throw new ArgumentNullException(nameof(accessLog));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var connection = context.Features.GetRequiredFeature<IAlbConnectionFeature>().Connection;
        var now = _time.GetUtcNow();
        var state = new AlbRequestState(connection, _runtime.Current, now.UtcDateTime, Stopwatch.GetTimestamp());
        context.Features.Set<IAlbRequestFeature>(state);
        Interlocked.Increment(ref connection.RequestCount);
        ConnectionLifetime.Apply(context, connection, state.LoadBalancer.Settings, state.ReceivedUtc);
        var wire = HttpProtocol.IsHttp2(context.Request.Protocol) ? null : connection.CurrentWireRequest;
        var sentAtStart = connection.WireOutput?.BytesWritten ?? 0;
        if (wire is not null)
        {
            state.Classification = wire.Classification;
            state.ClassificationReason = wire.ClassificationReason;
            if (wire.CloseConnectionsAfterResponse)
            {
                state.CloseConnectionsAfterResponse = true;
                context.Response.OnStarting(static c =>
                {
                    ((HttpContext)c).Response.Headers.Connection = "close";
                    return Task.CompletedTask;
                }, context);
            }
        }

        SignalUpgrade(context, wire);
        try
        {
            var headers = context.Request.Headers;
            var incomingTraceId = headers[TraceIdHeader.HeaderName];
            state.TraceId = TraceIdHeader.Process(incomingTraceId, now.ToUnixTimeSeconds(), incomingTraceId.Count > 0 && TraceIdHeader.ExceedsPropagationLimit(headers));
            await ProcessAsync(context, state);
        }
        finally
        {
            var output = wire is null ? null : connection.WireOutput;
            if (output is null)
            {
                if (connection.Http2Output is { } frames && context.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttp2StreamIdFeature>() is { } stream)
                {
                    // On HTTP/2 sent_bytes are the stream's frames on the wire: the line is written once
                    // the stream's last frame has gone out.
                    state.PendingAccessLog = _accessLog;
                    state.PendingContext = context;
                    context.Response.OnCompleted(WriteHttp2AccessLogOnCompleted, (state, frames, stream.StreamId, state.LoadBalancer.Settings.IdleTimeout));
                }
                else
                {
                    _accessLog.Write(context, state);
                }
            }
            else
            {
                // On HTTP/1.x the bytes are counted on the wire; the line is written once the response
                // (and any request body Kestrel drains) is complete.
                // A static callback with the state as its argument: no closure per request.
                state.PendingAccessLog = _accessLog;
                state.PendingContext = context;
                state.PendingWire = wire;
                state.PendingOutput = output;
                state.PendingSentAtStart = sentAtStart;
                context.Response.OnCompleted(WriteAccessLogOnCompleted, state);
            }
        }
    }

    private static readonly Func<object, Task> WriteAccessLogOnCompleted = static s =>
    {
        var state = (AlbRequestState)s;
        var wire = state.PendingWire!;
        state.ReceivedBytes = wire.HeadBytes + wire.BodyBytes;
        state.SentBytes = state.PendingOutput!.BytesWritten - state.PendingSentAtStart;
        var context = state.PendingContext!;
        var accessLog = state.PendingAccessLog!;
        state.PendingContext = null;
        accessLog.Write(context, state);
        return Task.CompletedTask;
    };

    private static readonly Func<object, Task> WriteHttp2AccessLogOnCompleted = static async s =>
    {
        var (state, frames, streamId, idleTimeout) = ((AlbRequestState, Listeners.Http2.Http2OutputCounter, int, TimeSpan))s;
        state.SentBytes = await frames.SentBytesAsync(streamId, idleTimeout).ConfigureAwait(false);
        var context = state.PendingContext!;
        var accessLog = state.PendingAccessLog!;
        state.PendingContext = null;
        accessLog.Write(context, state);
    };

    private async Task ProcessAsync(HttpContext context, AlbRequestState state)
    {
        var error = RunChecks(AlbCheckOrder.BeforeRouting, context, state);
        if (error != AlbError.None)
        {
            await RejectAsync(context, state, error);
            return;
        }

        var rule = EvaluateRules(context, state);
        state.MatchedRulePriority = rule.Priority;
        state.ActionsExecuted = rule.Action.LogName;
        state.Action = rule.Action;

        error = RunChecks(AlbCheckOrder.AfterRouting, context, state);
        if (error != AlbError.None)
        {
            await RejectAsync(context, state, error);
            return;
        }

        switch (rule.Action)
        {
            case FixedResponseActionModel fixedResponse:
                await AlbResponseWriter.WriteAsync(context, fixedResponse.StatusCode, ReasonPhrases.Get(fixedResponse.StatusCode), fixedResponse.ContentType, fixedResponse.Body, closeConnection: false, location: null);
                break;
            case RedirectActionModel redirect:
                await RedirectAsync(context, state, redirect);
                break;
            case ForwardActionModel forward:
                await ForwardAsync(context, state, forward);
                break;
        }
    }

    private static AlbError RunChecks(IReadOnlyList<IAlbCheck> checks, HttpContext context, AlbRequestState state)
    {
        for (var i = 0; i < checks.Count; i++)
        {
            var error = checks[i].Evaluate(context, state);
            if (error != AlbError.None)
            {
                return error;
            }
        }

        return AlbError.None;
    }

    /// <summary>Rules in ascending priority; the first whose conditions all match wins, else the default rule (RULE-2).</summary>
    internal static RuleModel EvaluateRules(HttpContext context, AlbRequestState state)
    {
        var rules = state.Listener.Rules;
        if (rules.Count == 0)
        {
            return state.Listener.DefaultRule;
        }

        var request = CreateRuleMatchRequest(context);

        for (var i = 0; i < rules.Count; i++)
        {
            state.RulesEvaluated++;
            if (rules[i].Conditions.Matches(in request))
            {
                return rules[i];
            }
        }

        return state.Listener.DefaultRule;
    }

    /// <summary>
    /// The rule-matching facts of a request. An origin-form target (<c>/path?query</c>, the common case)
    /// is not split into new strings: the request keeps the raw target and the offsets of its parts.
    /// </summary>
    internal static RuleMatchRequest CreateRuleMatchRequest(HttpContext context)
    {
        var raw = RequestFacts.RawTarget(context);
        var host = RequestFacts.OriginalHost(context);
        if (raw.StartsWith('/'))
        {
            var question = raw.IndexOf('?');
            return question < 0
                ? new RuleMatchRequest(context.Request.Method, host, raw, raw.Length, raw.Length, context.Request.Headers, context.Connection.RemoteIpAddress)
                : new RuleMatchRequest(context.Request.Method, host, raw, question, question + 1, context.Request.Headers, context.Connection.RemoteIpAddress);
        }

        var (path, query) = RequestFacts.SplitTarget(raw);
        return new RuleMatchRequest(context.Request.Method, host, path, query, context.Request.Headers, context.Connection.RemoteIpAddress);
    }

    private Task RedirectAsync(HttpContext context, AlbRequestState state, RedirectActionModel redirect)
    {
        var (path, query) = RequestFacts.SplitTarget(RequestFacts.RawTarget(context));
        var source = new RedirectSource(state.Listener.Protocol, RequestFacts.OriginalHost(context), state.Listener.Port, path, query, state.LoadBalancer.Identifiers.DnsName);
        var location = RedirectUrlBuilder.Build(redirect.Config, in source);
        if (location is null)
        {
            return RejectAsync(context, state, AlbError.RedirectUrlTooLong);
        }

        state.RedirectUrl = location;
        var reason = ReasonPhrases.Get(redirect.StatusCode);
        return AlbResponseWriter.WriteAsync(context, redirect.StatusCode, reason, "text/html", RedirectBodies.Get(redirect.StatusCode), closeConnection: false, location);
    }

    /// <summary>
    /// Forward: the target group (weights, AWSALBTG), then the target within it — sticky target or the
    /// group's algorithm over the routable targets (TargetGroups/TargetRouter; TG-31..TG-43, STK-*) — with
    /// the target's in-flight count held for the whole exchange (TG-41). 503 when the group has no
    /// target that may receive requests (TG-34). A target whose deregistration delay runs out mid-request
    /// is cut: 502 if the response had not started (TG-60).
    /// </summary>
    private async Task ForwardAsync(HttpContext context, AlbRequestState state, ForwardActionModel forward)
    {
        var group = _groupSelector.Select(forward, context.Request.Cookies, out var setCookies, out var cookieInvalid);
        if (cookieInvalid)
        {
            state.ErrorReason = "AWSALBTGCookieInvalid";
        }

        if (group is null)
        {
            // [EMU] every weight is 0: nothing can be chosen (open point 11).
            await RejectAsync(context, state, AlbError.NoRegisteredTargets);
            return;
        }

        state.TargetGroup = group;
        var cookies = setCookies is { } groupCookies ? new List<string>(4) { groupCookies.Item1, groupCookies.Item2 } : null;

        if (group.Resolved.TargetType == Configuration.TargetTypes.Lambda)
        {
            // §10: a Lambda target is invoked through the Invoke API, not proxied.
            state.SetCookies = cookies;
            await _lambda.ForwardAsync(context, state, group);
            return;
        }

        // STK-32: the chosen group's own stickiness applies too; app_cookie not with weighted groups (STK-24).
        var live = group.State;
        var target = TargetRouter.Choose(live, context.Request.Cookies, _time.GetUtcNow(), allowAppCookie: !forward.IsWeighted, ref cookies, out var appSession);
        state.SetCookies = cookies;
        if (target is null)
        {
            await RejectAsync(context, state, AlbError.NoRegisteredTargets);
            return;
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
            // An HTTP/2 client to an HTTP1 group is downgraded with ALB's header-name casing (TG-21).
            // A WebSocket over HTTP/2 (extended CONNECT) needs a duplex tunnel and keeps the default client.
            var invoker = group.ProtocolVersion == TargetGroupProtocolVersion.Http1 && group.Invoker is TargetGroupInvoker pool
                && HttpProtocol.IsHttp2(context.Request.Protocol) && context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect != true
                ? pool.Downgrade
                : group.Invoker;
            result = await _forwarder.SendAsync(context, model.DestinationPrefix, invoker, group.RequestConfig, transformer, drainCut);
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

        if (result == ForwarderError.None && state.Error != AlbError.None && !context.Response.HasStarted)
        {
            // The transformer held back a short response whose body never completed (SmallResponseBuffer).
            state.ResponseHeadersTimestamp = 0;
            LogForwardFailure(_logger, result, model.LogAddress, group.Name, state.Error, "response body incomplete");
            await RejectAsync(context, state, state.Error);
            return;
        }

        if (result != ForwarderError.None)
        {
            var exception = context.GetForwarderErrorFeature()?.Exception;
            var error = drainCut.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested
                ? AlbError.TargetDeregistered
                : ForwarderErrorMapper.Map(result, exception, context.RequestAborted.IsCancellationRequested, connectionWire(context) is { BodyComplete: false, BodyTimedOut: false, BodyMalformed: false });
            state.ErrorDetail ??= ForwarderErrorMapper.Detail(exception);
            if (connectionWire(context) is { BodyMalformed: true })
            {
                // Malformed body framing (a bad chunk): 400, connection closed.
                error = AlbError.BadRequest;
            }
            else if (connectionWire(context) is { } wireRequest && (wireRequest.BodyTimedOut || (!wireRequest.BodyComplete && error is AlbError.TargetResponseTimeout or AlbError.BadRequest)))
            {
                // The client stalled mid-body for the idle timeout (ERR-408), whichever timer noticed first.
                error = AlbError.RequestTimeout;
            }
            if (state.TargetStatusCode != 0 && context.Response.HasStarted)
            {
                // The target's response had started; the connection is cut as ALB does.
                state.Error = error;
                return;
            }

            state.TargetStatusCode = 0;
            LogForwardFailure(_logger, result, model.LogAddress, group.Name, error, exception?.Message);
            await RejectAsync(context, state, error);
        }
    }

    private static WireRequest? connectionWire(HttpContext context) =>
        HttpProtocol.IsHttp2(context.Request.Protocol) ? null : context.Features.Get<IAlbConnectionFeature>()?.Connection.CurrentWireRequest;

    private Task RejectAsync(HttpContext context, AlbRequestState state, AlbError error, string? detail = null)
    {
        var explanation = Errors.Diagnostics.Explain(error, context.Request.Method, context.Request.Protocol, detail ?? state.ErrorDetail);
        Errors.Diagnostics.LogAlbResponse(_logger, AlbErrorCatalog.Get(error), state.Listener.Port, explanation);
        return AlbResponseWriter.WriteErrorAsync(context, error, state, _options.Diagnostics ? explanation : null);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Forwarding to target {Target} of target group '{TargetGroup}' failed ({ForwarderError}): answering {AlbError}. {Detail}")]
    private static partial void LogForwardFailure(ILogger logger, ForwarderError forwarderError, string target, string targetGroup, AlbError albError, string? detail);
}
