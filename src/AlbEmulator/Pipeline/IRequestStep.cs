using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Pipeline;

/// <summary>
/// A step of the request lifecycle that runs for every request on a listener and may end it: returns
/// <see cref="ActionOutcome.Continue"/> to go on, or the outcome that ends the request. Never writes the
/// response itself (<see cref="RequestLifecycle"/> does, through the one response writer). A step that has
/// nothing to do for the current configuration returns Continue at once (no allocation).
/// </summary>
public interface IRequestStep
{
    ValueTask<ActionOutcome> InvokeAsync(HttpContext context, AlbRequestState state);
}

/// <summary>
/// The pre-routing slot: runs after the before-routing checks and before rule matching, in registration
/// order (WAF goes here). <see cref="AlbRequestState.Rule"/> is still null.
/// </summary>
public interface IPreRoutingStep : IRequestStep
{
}

/// <summary>
/// The transforms slot: runs after the rule matched (<see cref="AlbRequestState.Rule"/> is set) and after the
/// after-routing checks, before the rule's actions (host-header and URL rewrites of the matched rule go here).
/// A transform changes the request the target sees and records <see cref="AlbRequestState.TransformedHost"/>,
/// <see cref="AlbRequestState.TransformedUri"/> and <see cref="AlbRequestState.RequestTransformStatus"/>.
/// </summary>
public interface IRequestTransformStep : IRequestStep
{
}
