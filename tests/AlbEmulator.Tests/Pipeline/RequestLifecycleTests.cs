using AlbEmulator.Errors;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.Pipeline.Actions;
using AlbEmulator.Rules;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Tests.Pipeline;

/// <summary>
/// The lifecycle order (Pipeline/RequestLifecycle.cs): before-routing checks → pre-routing slot → rule match →
/// after-routing checks → transforms slot → the rule's actions in Order; the first outcome that is not
/// Continue ends the request.
/// </summary>
public sealed class RequestLifecycleTests
{
    private readonly LoadBalancerModel _model = LifecycleTestHost.Model();
    private readonly List<string> _trace = [];

    [Fact]
    public async Task CompliantRequest_StepsRunInLifecycleOrder()
    {
        var lifecycle = LifecycleTestHost.Lifecycle([new Step(_trace, "waf")], [new Transform(_trace, "rewrite")]);
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/fixed");

        var outcome = await lifecycle.DecideAsync(context, state);

        Assert.Equal(["waf rule=-", "rewrite rule=1"], _trace);
        Assert.Equal(OutcomeKind.Respond, outcome.Kind);
        Assert.Equal(203, outcome.Response!.StatusCode);
        Assert.Equal("fixed"u8.ToArray(), outcome.Response.Body);
        Assert.Equal(1, state.MatchedRulePriority);
        Assert.Equal("fixed-response", state.ActionsExecuted);
    }

    [Fact]
    public async Task BeforeRoutingCheckFails_NothingElseRuns()
    {
        var lifecycle = LifecycleTestHost.Lifecycle([new Step(_trace, "waf")], [new Transform(_trace, "rewrite")]);
        var (context, state) = LifecycleTestHost.Request(_model, "TRACE", "/fixed");

        var outcome = await lifecycle.DecideAsync(context, state);

        Assert.Equal(OutcomeKind.Reject, outcome.Kind);
        Assert.Equal(AlbError.MethodNotAllowed, outcome.Error);
        Assert.Empty(_trace);
        Assert.Null(state.MatchedRulePriority);
        Assert.Null(state.ActionsExecuted);
    }

    [Fact]
    public async Task PreRoutingStepEndsTheRequest_NoRuleIsMatched()
    {
        var lifecycle = LifecycleTestHost.Lifecycle([new Step(_trace, "waf", ActionOutcome.Reject(AlbError.BadRequest)), new Step(_trace, "second")], [new Transform(_trace, "rewrite")]);
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/fixed");

        var outcome = await lifecycle.DecideAsync(context, state);

        Assert.Equal(AlbError.BadRequest, outcome.Error);
        Assert.Equal(["waf rule=-"], _trace);
        Assert.Null(state.Rule);
        Assert.Equal(0, state.RulesEvaluated);
    }

    [Fact]
    public async Task AfterRoutingCheckFails_TransformsAndActionsDoNotRun()
    {
        var lifecycle = LifecycleTestHost.Lifecycle([new Step(_trace, "waf")], [new Transform(_trace, "rewrite")]);
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/grpc");

        var outcome = await lifecycle.DecideAsync(context, state);

        Assert.Equal(AlbError.IncompatibleProtocol, outcome.Error);
        Assert.Equal(["waf rule=-"], _trace);
        Assert.Equal(3, state.MatchedRulePriority);
        Assert.Equal("forward", state.ActionsExecuted);
    }

    [Fact]
    public async Task TransformEndsTheRequest_NoActionRuns()
    {
        var lifecycle = LifecycleTestHost.Lifecycle(transforms: [new Transform(_trace, "rewrite", ActionOutcome.Reject(AlbError.BadRequest))]);
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/fixed");

        var outcome = await lifecycle.DecideAsync(context, state);

        Assert.Equal(AlbError.BadRequest, outcome.Error);
        Assert.Null(state.ActionsExecuted);
    }

    [Fact]
    public async Task RuleWithSeveralActions_RunInOrder_ContinueThenFinal()
    {
        var authenticate = new TestActionModel("authenticate");
        var lifecycle = LifecycleTestHost.Lifecycle(extraActions: [new TestAction(_trace, ActionOutcome.Continue)]);
        var (context, state) = RequestOnRule(new RuleModel(7, RuleConditionSet.Compile([]), [authenticate, _model.Listeners[0].Rules[0].Action], "arn:rule"));

        var outcome = await lifecycle.DecideAsync(context, state);

        Assert.Equal(["authenticate"], _trace);
        Assert.Equal(203, outcome.Response!.StatusCode);
        Assert.Equal("authenticate,fixed-response", state.ActionsExecuted);
        Assert.Equal(7, state.MatchedRulePriority);
    }

    [Fact]
    public async Task ActionBeforeTheFinalOneEndsTheRequest_FinalActionDoesNotRun()
    {
        var idpRedirect = new AlbGeneratedResponse(302, "Found", null, [], "https://idp.test/authorize") { Headers = [new("Set-Cookie", "AWSELBAuthSessionCookie-0=x")] };
        var lifecycle = LifecycleTestHost.Lifecycle(extraActions: [new TestAction(_trace, ActionOutcome.Respond(idpRedirect))]);
        var (context, state) = RequestOnRule(new RuleModel(7, RuleConditionSet.Compile([]), [new TestActionModel("authenticate"), _model.Listeners[0].Rules[0].Action], "arn:rule"));

        var outcome = await lifecycle.DecideAsync(context, state);

        Assert.Same(idpRedirect, outcome.Response);
        Assert.Equal("authenticate", state.ActionsExecuted);
    }

    [Fact]
    public async Task RunAsync_WritesTheOutcomeThroughTheResponseWriter()
    {
        var lifecycle = LifecycleTestHost.Lifecycle(extraActions: [new TestAction(_trace, ActionOutcome.Respond(new AlbGeneratedResponse(302, "Found", null, [], "https://idp.test/") { Headers = [new("Set-Cookie", "a=b")] }))]);
        var (context, state) = RequestOnRule(new RuleModel(7, RuleConditionSet.Compile([]), [new TestActionModel("authenticate"), _model.Listeners[0].Rules[0].Action], "arn:rule"));

        await lifecycle.RunAsync(context, state);

        Assert.Equal(302, context.Response.StatusCode);
        Assert.Equal("awselb/2.0", context.Response.Headers.Server.ToString());
        Assert.Equal("https://idp.test/", context.Response.Headers.Location.ToString());
        Assert.Equal("a=b", context.Response.Headers.SetCookie.ToString());
    }

    [Fact]
    public async Task RunAsync_Reject_WritesTheCatalogueErrorAndRecordsIt()
    {
        var lifecycle = LifecycleTestHost.Lifecycle();
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/empty");

        await lifecycle.RunAsync(context, state);

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal(AlbError.NoRegisteredTargets, state.Error);
        Assert.Equal(AlbErrorCatalog.Get(AlbError.NoRegisteredTargets).Body, ((MemoryStream)context.Response.Body).ToArray());
    }

    /// <summary>A request on a listener (port 9999, not in the model) whose only rule is <paramref name="rule"/>.</summary>
    private (DefaultHttpContext Context, AlbRequestState State) RequestOnRule(RuleModel rule)
    {
        var listener = _model.Listeners[0];
        var custom = new ListenerModel(listener.Config with { Port = 9999 }, [rule], listener.DefaultRule, "arn:listener");
        return LifecycleTestHost.Request(_model, "GET", "/anything", custom);
    }

    private sealed class Step(List<string> trace, string name, ActionOutcome outcome = default) : IPreRoutingStep
    {
        public ValueTask<ActionOutcome> InvokeAsync(HttpContext context, AlbRequestState state)
        {
            trace.Add($"{name} rule={state.Rule?.Priority.ToString() ?? "-"}");
            return ValueTask.FromResult(outcome);
        }
    }

    private sealed class Transform(List<string> trace, string name, ActionOutcome outcome = default) : IRequestTransformStep
    {
        public ValueTask<ActionOutcome> InvokeAsync(HttpContext context, AlbRequestState state)
        {
            trace.Add($"{name} rule={state.Rule?.Priority.ToString() ?? "-"}");
            return ValueTask.FromResult(outcome);
        }
    }

    private sealed class TestActionModel(string logName) : ActionModel
    {
        public override string LogName => logName;
    }

    private sealed class TestAction(List<string> trace, ActionOutcome outcome) : IRuleAction
    {
        public Type ModelType => typeof(TestActionModel);

        public ValueTask<ActionOutcome> ExecuteAsync(HttpContext context, AlbRequestState state, ActionModel action)
        {
            trace.Add(action.LogName);
            return ValueTask.FromResult(outcome);
        }
    }
}
