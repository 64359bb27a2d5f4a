using AlbEmulator.Errors;
using AlbEmulator.Model;
using AlbEmulator.Rules;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Pipeline.Actions;

/// <summary><c>redirect</c> (ACT-20): the Location from the request and the redirect config; 507 when it would exceed 8 K (ERR-507).</summary>
public sealed class RedirectAction : IRuleAction
{
    public Type ModelType => typeof(RedirectActionModel);

    public ValueTask<ActionOutcome> ExecuteAsync(HttpContext context, AlbRequestState state, ActionModel action)
    {
        var redirect = (RedirectActionModel)action;
        // [EMU] A redirect sees the request as the rule's transforms left it (ACT-40).
        var (path, query) = RequestFacts.SplitTarget(state.TransformedUri ?? RequestFacts.RawTarget(context));
        var source = new RedirectSource(state.Listener.Protocol, state.TransformedHost ?? RequestFacts.OriginalHost(context), state.Listener.Port, path, query, state.LoadBalancer.Identifiers.DnsName);
        var location = RedirectUrlBuilder.Build(redirect.Config, in source);
        if (location is null)
        {
            return ValueTask.FromResult(ActionOutcome.Reject(AlbError.RedirectUrlTooLong));
        }

        state.RedirectUrl = location;
        var response = new AlbGeneratedResponse(redirect.StatusCode, ReasonPhrases.Get(redirect.StatusCode), "text/html", RedirectBodies.Get(redirect.StatusCode), location);
        return ValueTask.FromResult(ActionOutcome.Respond(response));
    }
}
