using AlbEmulator.Errors;
using AlbEmulator.Hosting;
using AlbEmulator.Pipeline.Actions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Pipeline;

/// <summary>
/// THE request lifecycle, in one place (docs/architecture.md draws it, LIFECYCLE.md explains how to plug in):
/// <list type="number">
/// <item>admit — the HTTP/1.x wire admission already ran in <c>Listeners/Http1</c> (<see cref="AlbCheckOrder.Wire"/>);</item>
/// <item>before-routing checks (<see cref="AlbCheckOrder.BeforeRouting"/>: 405, 463);</item>
/// <item>the pre-routing slot (<see cref="IPreRoutingStep"/>: WAF);</item>
/// <item>rule match (<see cref="RuleMatcher"/>);</item>
/// <item>after-routing checks (<see cref="AlbCheckOrder.AfterRouting"/>: 464);</item>
/// <item>the transforms slot (<see cref="IRequestTransformStep"/>: host-header and URL rewrites of the matched rule);</item>
/// <item>the rule's actions in their Order (<see cref="IRuleAction"/>: authenticate-*, jwt-validation, then the
/// final forward / redirect / fixed-response; Lambda through forward).</item>
/// </list>
/// Every step returns an <see cref="ActionOutcome"/>; the first that is not Continue ends the request and is
/// written here, through <see cref="AlbResponseWriter"/>, the one response writer.
/// </summary>
public sealed partial class RequestLifecycle
{
    private readonly RuleActions _actions;
    private readonly IPreRoutingStep[] _preRouting;
    private readonly IRequestTransformStep[] _transforms;
    private readonly bool _diagnostics;
    private readonly ILogger _logger;
    private readonly WebConsole.RequestTrail? _trail;

    public RequestLifecycle(RuleActions actions, IEnumerable<IPreRoutingStep> preRouting, IEnumerable<IRequestTransformStep> transforms, AlbEmulatorOptions options, ILoggerFactory loggers, WebConsole.RequestTrail? trail = null)
    {
        _trail = trail is { Capacity: > 0 } ? trail : null;
        _actions = actions;
        _preRouting = preRouting.ToArray();
        _transforms = transforms.ToArray();
        _diagnostics = options.Diagnostics;
        _logger = loggers.CreateLogger("AlbEmulator.Diagnostics");
    }

    /// <summary>Runs the request through the lifecycle and writes the outcome (awaited once, by the data-plane middleware).</summary>
    // Pooled: every request suspends here while the target answers; no state-machine box per request.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync(HttpContext context, AlbRequestState state)
    {
        // The request explorer's decision trail (WebConsole/RequestTrail): references and numbers into a ring, no text.
        var original = _trail is null ? default : WebConsole.OriginalRequest.Of(context);
        var outcome = await DecideAsync(context, state);
        await WriteAsync(context, state, outcome);
        _trail?.Record(context, state, outcome, original);
    }

    /// <summary>The lifecycle without the writing: what the request's outcome is (unit tests call it directly).</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ActionOutcome> DecideAsync(HttpContext context, AlbRequestState state)
    {
        var error = RunChecks(AlbCheckOrder.BeforeRouting, context, state);
        if (error != AlbError.None)
        {
            return ActionOutcome.Reject(error);
        }

        for (var i = 0; i < _preRouting.Length; i++)
        {
            var outcome = await _preRouting[i].InvokeAsync(context, state);
            if (!outcome.IsContinue)
            {
                return outcome;
            }
        }

        var rule = RuleMatcher.Match(context, state);
        state.Rule = rule;
        state.MatchedRulePriority = rule.Priority;
        state.Action = rule.Action;

        error = RunChecks(AlbCheckOrder.AfterRouting, context, state);
        if (error != AlbError.None)
        {
            // The routing action was chosen (and is logged) even though a check refused the request.
            state.RecordActionExecuted(rule.Action.LogName);
            return ActionOutcome.Reject(error);
        }

        for (var i = 0; i < _transforms.Length; i++)
        {
            var outcome = await _transforms[i].InvokeAsync(context, state);
            if (!outcome.IsContinue)
            {
                return outcome;
            }
        }

        var actions = rule.Actions;
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            state.RecordActionExecuted(action.LogName);
            var outcome = await _actions.For(action).ExecuteAsync(context, state, action);
            if (!outcome.IsContinue)
            {
                return outcome;
            }
        }

        throw new InvalidOperationException($"The last action of rule {rule.Arn} returned Continue: a final action must end the request.");
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

    /// <summary>The one reject path: every ALB-generated answer of the pipeline is written here.</summary>
    private Task WriteAsync(HttpContext context, AlbRequestState state, ActionOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Reject:
                var explanation = Errors.Diagnostics.Explain(outcome.Error, context.Request.Method, context.Request.Protocol, outcome.Detail ?? state.ErrorDetail);
                Errors.Diagnostics.LogAlbResponse(_logger, AlbErrorCatalog.Get(outcome.Error), state.Listener.Port, explanation);
                return AlbResponseWriter.WriteErrorAsync(context, outcome.Error, state, _diagnostics ? explanation : null);
            case OutcomeKind.Respond:
                return AlbResponseWriter.WriteAsync(context, outcome.Response!);
            case OutcomeKind.Abort:
                state.Error = outcome.Error;
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = AlbErrorCatalog.Get(outcome.Error).StatusCode;
                }

                context.Abort();
                return Task.CompletedTask;
            default:
                return Task.CompletedTask;
        }
    }
}
