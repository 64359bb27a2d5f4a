using AlbEmulator.Errors;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.Pipeline.Actions;

namespace AlbEmulator.Tests.Pipeline.Actions;

/// <summary>Each final action class on its own: the outcome it returns, nothing written.</summary>
public sealed class ActionTests
{
    private readonly LoadBalancerModel _model = LifecycleTestHost.Model();

    private ActionModel RuleAction(int priority) => _model.Listeners[0].Rules.Single(r => r.Priority == priority).Action;

    [Fact]
    public async Task FixedResponse_RespondsWithTheConfiguredStatusTypeAndBody_SameObjectEachTime()
    {
        var action = new FixedResponseAction();
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/fixed");

        var first = await action.ExecuteAsync(context, state, RuleAction(1));
        var second = await action.ExecuteAsync(context, state, RuleAction(1));

        Assert.Equal(OutcomeKind.Respond, first.Kind);
        Assert.Equal(203, first.Response!.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", first.Response.ContentType);
        Assert.Equal("fixed"u8.ToArray(), first.Response.Body);
        Assert.Same(first.Response, second.Response);
        Assert.False(context.Response.HasStarted);
    }

    [Fact]
    public async Task Redirect_RespondsWithLocationAndRecordsTheRedirectUrl()
    {
        var action = new RedirectAction();
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/redirect?x=1");

        var outcome = await action.ExecuteAsync(context, state, RuleAction(2));

        Assert.Equal(302, outcome.Response!.StatusCode);
        Assert.Equal("https://a.test:443/redirect?x=1", outcome.Response.Location);
        Assert.Equal(outcome.Response.Location, state.RedirectUrl);
        Assert.Equal(RedirectBodies.Get(302), outcome.Response.Body);
    }

    [Fact]
    public async Task Redirect_LocationOver8K_Rejects507()
    {
        var action = new RedirectAction();
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/redirect?" + new string('q', 9000));

        var outcome = await action.ExecuteAsync(context, state, RuleAction(2));

        Assert.Equal(OutcomeKind.Reject, outcome.Kind);
        Assert.Equal(AlbError.RedirectUrlTooLong, outcome.Error);
    }

    [Fact]
    public async Task Forward_GroupWithoutTargets_Rejects503AndRecordsTheGroup()
    {
        var action = LifecycleTestHost.StandardActions().OfType<ForwardAction>().Single();
        var (context, state) = LifecycleTestHost.Request(_model, "GET", "/empty");

        var outcome = await action.ExecuteAsync(context, state, RuleAction(4));

        Assert.Equal(AlbError.NoRegisteredTargets, outcome.Error);
        Assert.Equal("empty", state.TargetGroup!.Name);
        Assert.Null(state.Target);
    }

    [Fact]
    public void RuleActions_UnknownModel_ExplainsWhatIsMissing()
    {
        var actions = new RuleActions(LifecycleTestHost.StandardActions());
        var e = Assert.Throws<InvalidOperationException>(() => actions.For(new UnknownModel()));
        Assert.Contains(nameof(UnknownModel), e.Message);
    }

    private sealed class UnknownModel : ActionModel
    {
        public override string LogName => "unknown";
    }
}
