using AlbEmulator.Errors;

namespace AlbEmulator.Pipeline;

/// <summary>What a lifecycle step (a pre-routing step, a transform, a rule action) decided.</summary>
public enum OutcomeKind
{
    /// <summary>Go on with the next step of the lifecycle.</summary>
    Continue,

    /// <summary>The request is finished and its response written (a target's or a Lambda function's answer).</summary>
    Completed,

    /// <summary>Answer an ALB error from the catalogue (<see cref="ActionOutcome.Error"/>).</summary>
    Reject,

    /// <summary>Answer an ALB-generated response that is not an error (fixed response, redirect, IdP redirect).</summary>
    Respond,

    /// <summary>Record the error and cut the connection without an answer (the client went away mid-request).</summary>
    Abort,
}

/// <summary>
/// The result of one lifecycle step. Steps return outcomes; only <see cref="RequestLifecycle"/> turns them
/// into responses, through <see cref="AlbResponseWriter"/> (the one response writer).
/// </summary>
public readonly struct ActionOutcome
{
    private ActionOutcome(OutcomeKind kind, AlbError error, string? detail, AlbGeneratedResponse? response)
    {
        Kind = kind;
        Error = error;
        Detail = detail;
        Response = response;
    }

    public OutcomeKind Kind { get; }

    /// <summary>For <see cref="OutcomeKind.Reject"/> and <see cref="OutcomeKind.Abort"/>.</summary>
    public AlbError Error { get; }

    /// <summary>Request-specific explanation for the diagnostic line (<c>--diagnostics</c>), or null.</summary>
    public string? Detail { get; }

    /// <summary>For <see cref="OutcomeKind.Respond"/>.</summary>
    public AlbGeneratedResponse? Response { get; }

    public bool IsContinue => Kind == OutcomeKind.Continue;

    public static ActionOutcome Continue => default;

    public static ActionOutcome Completed => new(OutcomeKind.Completed, AlbError.None, null, null);

    public static ActionOutcome Reject(AlbError error, string? detail = null) => new(OutcomeKind.Reject, error, detail, null);

    public static ActionOutcome Respond(AlbGeneratedResponse response) => new(OutcomeKind.Respond, AlbError.None, null, response);

    public static ActionOutcome Abort(AlbError error) => new(OutcomeKind.Abort, error, null, null);

    public override string ToString() => Kind switch
    {
        OutcomeKind.Reject or OutcomeKind.Abort => $"{Kind} {Error}",
        OutcomeKind.Respond => $"Respond {Response!.StatusCode}",
        _ => Kind.ToString(),
    };
}
