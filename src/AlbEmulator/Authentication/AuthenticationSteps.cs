using AlbEmulator.Errors;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.Pipeline.Actions;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Authentication;

/// <summary>
/// Authentication in the request lifecycle's pre-routing slot (LIFECYCLE.md): client-supplied
/// <c>x-amzn-oidc-*</c> headers are removed from every request ([EMU] AUTH-4), and on a listener that
/// authenticates users the identity provider's callback <c>/oauth2/idpresponse</c> is answered here,
/// before rule matching (AUTH-2).
/// </summary>
public sealed class AuthenticationCallbackStep : IPreRoutingStep
{
    private readonly OidcAuthenticator _oidc;

    public AuthenticationCallbackStep(OidcAuthenticator oidc)
    {
        _oidc = oidc;
    }

    public ValueTask<ActionOutcome> InvokeAsync(HttpContext context, AlbRequestState state)
    {
        OidcRequestHeaders.StripClientSupplied(context.Request.Headers);
        if (!string.Equals(context.Request.Path.Value, AuthenticationDefaults.CallbackPath, StringComparison.Ordinal) || !OidcAuthenticator.ListenerAuthenticates(state.Listener))
        {
            return ValueTask.FromResult(ActionOutcome.Continue);
        }

        return AuthenticationGuard.RunAsync(state, "AuthUnhandledException", AlbError.AuthenticationError, () => _oidc.HandleCallbackAsync(context, state));
    }
}

/// <summary><c>authenticate-oidc</c> and <c>authenticate-cognito</c> as a rule action (AUTH-2..AUTH-6).</summary>
public sealed class AuthenticateAction : IRuleAction
{
    private readonly OidcAuthenticator _oidc;

    public AuthenticateAction(OidcAuthenticator oidc)
    {
        _oidc = oidc;
    }

    public Type ModelType => typeof(OidcActionModel);

    public ValueTask<ActionOutcome> ExecuteAsync(HttpContext context, AlbRequestState state, ActionModel action) =>
        AuthenticationGuard.RunAsync(state, "AuthUnhandledException", AlbError.AuthenticationError, () => _oidc.AuthenticateAsync(context, state, state.Rule!, (OidcActionModel)action));
}

/// <summary><c>jwt-validation</c> as a rule action (ACT-50).</summary>
public sealed class JwtValidationAction : IRuleAction
{
    private readonly JwtBearerValidator _validator;

    public JwtValidationAction(JwtBearerValidator validator)
    {
        _validator = validator;
    }

    public Type ModelType => typeof(JwtValidationActionModel);

    public ValueTask<ActionOutcome> ExecuteAsync(HttpContext context, AlbRequestState state, ActionModel action) =>
        AuthenticationGuard.RunAsync(state, "JWTValidationInternalError", AlbError.JwtValidationFailed, () => _validator.ValidateAsync(context, state, (JwtValidationActionModel)action));
}

/// <summary>An unexpected failure inside an authentication step answers ALB's error with its unhandled-exception reason, never a bare 500.</summary>
internal static class AuthenticationGuard
{
    public static async ValueTask<ActionOutcome> RunAsync(AlbRequestState state, string reason, AlbError error, Func<ValueTask<ActionOutcome>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state.ErrorReason = reason;
            return ActionOutcome.Reject(error, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
