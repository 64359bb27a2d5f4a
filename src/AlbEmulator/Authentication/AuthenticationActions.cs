using AlbEmulator.Errors;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Authentication;

/// <summary>
/// The authentication step of the request lifecycle: after the rule match and before the routing action
/// (AUTH-1). Removes client-supplied <c>x-amzn-oidc-*</c> headers from every request, answers the
/// <c>/oauth2/idpresponse</c> callback on listeners that authenticate users, and runs the matched
/// rule's authenticate-oidc / authenticate-cognito / jwt-validation action.
/// </summary>
public sealed class AuthenticationActions
{
    public AuthenticationActions(OidcAuthenticator oidc, JwtBearerValidator jwt)
    {
        Oidc = oidc;
        Jwt = jwt;
    }

    public OidcAuthenticator Oidc { get; }

    public JwtBearerValidator Jwt { get; }

    /// <summary>Before rule evaluation: the IdP callback on a listener with an authenticate action, else null.</summary>
    public ValueTask<AuthOutcome>? TryHandleCallback(HttpContext context, AlbRequestState state)
    {
        var path = context.Request.Path.Value;
        if (!string.Equals(path, AuthenticationDefaults.CallbackPath, StringComparison.Ordinal) || !OidcAuthenticator.ListenerAuthenticates(state.Listener))
        {
            return null;
        }

        return Guard(state, "authenticate", () => Oidc.HandleCallbackAsync(context, state));
    }

    /// <summary>After the match: the rule's authentication action, if any. Sets actions_executed.</summary>
    public ValueTask<AuthOutcome> RunAsync(HttpContext context, AlbRequestState state, RuleModel rule)
    {
        OidcRequestHeaders.StripClientSupplied(context.Request.Headers);
        return rule.Authentication switch
        {
            null => new ValueTask<AuthOutcome>(AuthOutcome.Continue),
            OidcActionModel oidc => Guard(state, oidc.LogName, () => Oidc.AuthenticateAsync(context, state, rule, oidc), rule.Action.LogName),
            JwtValidationActionModel jwt => Guard(state, jwt.LogName, () => Jwt.ValidateAsync(context, state, jwt), rule.Action.LogName),
            _ => new ValueTask<AuthOutcome>(AuthOutcome.Continue),
        };
    }

    private static async ValueTask<AuthOutcome> Guard(AlbRequestState state, string logName, Func<ValueTask<AuthOutcome>> run, string? next = null)
    {
        AuthOutcome outcome;
        try
        {
            outcome = await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state.ErrorReason = logName == "authenticate" ? "AuthUnhandledException" : "JWTValidationInternalError";
            outcome = new AuthOutcome(AuthOutcomeKind.Rejected, logName == "authenticate" ? AlbError.AuthenticationError : AlbError.JwtValidationFailed, $"{e.GetType().Name}: {e.Message}");
        }

        state.ActionsExecuted = outcome.Kind == AuthOutcomeKind.Continue && next is not null ? logName + "," + next : logName;
        return outcome;
    }
}
