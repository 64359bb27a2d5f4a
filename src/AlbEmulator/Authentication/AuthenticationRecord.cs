namespace AlbEmulator.Authentication;

/// <summary>
/// What an authentication action did for one request, read by the metrics (the <c>ELBAuth*</c> family,
/// alb-observability-api §3.7); failures are read from the request's <c>error_reason</c>.
/// </summary>
public sealed class AuthenticationRecord
{
    /// <summary>Claims were retrieved from the identity provider (a sign-in completed): ELBAuthSuccess.</summary>
    public bool SignedIn { get; set; }

    /// <summary>Claims were refreshed with a refresh token: ELBAuthRefreshTokenSuccess.</summary>
    public bool Refreshed { get; set; }

    /// <summary>Milliseconds spent querying the identity provider (ELBAuthLatency), when it was queried.</summary>
    public double? IdentityProviderLatencyMs { get; set; }
}

/// <summary>What the pipeline does after an authentication action.</summary>
public enum AuthOutcomeKind
{
    /// <summary>Go on to the routing action.</summary>
    Continue,

    /// <summary>The action answered itself (a redirect); nothing more to do.</summary>
    Responded,

    /// <summary>Answer the error (the catalogue entry); error_reason is already recorded.</summary>
    Rejected,
}

public readonly record struct AuthOutcome(AuthOutcomeKind Kind, Errors.AlbError Error = Errors.AlbError.None, string? Detail = null)
{
    public static readonly AuthOutcome Continue = new(AuthOutcomeKind.Continue);

    public static readonly AuthOutcome Responded = new(AuthOutcomeKind.Responded);
}
