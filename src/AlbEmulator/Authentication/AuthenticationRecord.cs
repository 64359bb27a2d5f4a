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
