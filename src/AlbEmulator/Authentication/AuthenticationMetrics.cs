using System.Diagnostics.Metrics;

namespace AlbEmulator.Authentication;

/// <summary>
/// The user-authentication metrics (alb-observability-api §3.7), recorded once per finished request
/// from its <see cref="AuthenticationRecord"/> and its error_reason (the §1.7 table names the metric of
/// each <c>Auth*</c> reason).
/// </summary>
public sealed class AuthenticationMetrics
{
    private readonly Counter<long> _error;
    private readonly Counter<long> _failure;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _refresh;
    private readonly Counter<long> _success;
    private readonly Counter<long> _claimsSize;

    public AuthenticationMetrics(Meter meter)
    {
        _error = meter.CreateCounter<long>("ELBAuthError", "{count}", "Authentications that could not complete (IdP unreachable, misconfiguration, internal error).");
        _failure = meter.CreateCounter<long>("ELBAuthFailure", "{count}", "Authentications the identity provider denied, or invalid state, code, cookie or tokens.");
        _latency = meter.CreateHistogram<double>("ELBAuthLatency", "ms", "Milliseconds spent querying the identity provider for the tokens and user info.");
        _refresh = meter.CreateCounter<long>("ELBAuthRefreshTokenSuccess", "{count}", "User claims refreshed with a refresh token.");
        _success = meter.CreateCounter<long>("ELBAuthSuccess", "{count}", "Sign-ins that retrieved the user claims.");
        _claimsSize = meter.CreateCounter<long>("ELBAuthUserClaimsSizeExceeded", "{count}", "Identity providers that returned claims over 11 K.");
    }

    /// <summary>The metric an <c>Auth*</c> error_reason increments, or null.</summary>
    public static string? MetricOf(string? errorReason) => errorReason switch
    {
        "AuthInvalidCookie" or "AuthInvalidGrantError" or "AuthInvalidIdToken" or "AuthInvalidStateParam" or "AuthInvalidTokenResponse"
            or "AuthInvalidUserinfoResponse" or "AuthMissingCodeParam" or "AuthMissingStateParam" => "ELBAuthFailure",
        "AuthMissingHostHeader" or "AuthTokenEpRequestFailed" or "AuthTokenEpRequestTimeout" or "AuthUnhandledException"
            or "AuthUserinfoEpRequestFailed" or "AuthUserinfoEpRequestTimeout" => "ELBAuthError",
        "AuthUserinfoResponseSizeExceeded" => "ELBAuthUserClaimsSizeExceeded",
        _ => null,
    };

    public void Record(AuthenticationRecord? record, string? errorReason, KeyValuePair<string, object?>[] tags)
    {
        switch (MetricOf(errorReason))
        {
            case "ELBAuthFailure":
                _failure.Add(1, tags);
                break;
            case "ELBAuthError":
                _error.Add(1, tags);
                break;
            case "ELBAuthUserClaimsSizeExceeded":
                _claimsSize.Add(1, tags);
                break;
        }

        if (record is null)
        {
            return;
        }

        if (record.SignedIn)
        {
            _success.Add(1, tags);
        }

        if (record.Refreshed)
        {
            _refresh.Add(1, tags);
        }

        if (record.IdentityProviderLatencyMs is { } latency)
        {
            _latency.Record(latency, tags);
        }
    }
}
