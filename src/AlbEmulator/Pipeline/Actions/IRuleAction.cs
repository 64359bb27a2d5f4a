using AlbEmulator.Model;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Pipeline.Actions;

/// <summary>
/// Executes one kind of rule action (one class per action: forward, redirect, fixed-response; Lambda is the
/// forward action's path to a Lambda target group; authenticate-oidc, authenticate-cognito and jwt-validation
/// plug in the same way). The lifecycle runs a rule's actions in their Order; every action but the last
/// returns <see cref="ActionOutcome.Continue"/> to let the next one run, the last one ends the request.
/// </summary>
public interface IRuleAction
{
    /// <summary>The <see cref="ActionModel"/> subtype this class executes.</summary>
    Type ModelType { get; }

    ValueTask<ActionOutcome> ExecuteAsync(HttpContext context, AlbRequestState state, ActionModel action);
}

/// <summary>The rule actions by model type, built once from every registered <see cref="IRuleAction"/>.</summary>
public sealed class RuleActions
{
    private readonly Dictionary<Type, IRuleAction> _byModel;

    public RuleActions(IEnumerable<IRuleAction> actions)
    {
        _byModel = actions.ToDictionary(a => a.ModelType);
    }

    public IRuleAction For(ActionModel action) =>
        _byModel.TryGetValue(action.GetType(), out var handler)
            ? handler
            : throw new InvalidOperationException($"No IRuleAction is registered for {action.GetType().Name}.");
}
