using System.Runtime.CompilerServices;
using AlbEmulator.Errors;
using AlbEmulator.Model;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Pipeline.Actions;

/// <summary><c>fixed-response</c> (ACT-30): the configured status, content type and body, written by the response writer.</summary>
public sealed class FixedResponseAction : IRuleAction
{
    private readonly ConditionalWeakTable<FixedResponseActionModel, AlbGeneratedResponse> _responses = new();

    public Type ModelType => typeof(FixedResponseActionModel);

    public ValueTask<ActionOutcome> ExecuteAsync(HttpContext context, AlbRequestState state, ActionModel action)
    {
        var model = (FixedResponseActionModel)action;
        var response = _responses.GetValue(model, static m => new AlbGeneratedResponse(m.StatusCode, ReasonPhrases.Get(m.StatusCode), m.ContentType, m.Body));
        return ValueTask.FromResult(ActionOutcome.Respond(response));
    }
}
