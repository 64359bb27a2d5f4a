using AlbEmulator.Authentication;

namespace AlbEmulator.Tests.Authentication;

/// <summary>The error_reason → metric table of alb-observability-api §1.7.</summary>
public sealed class AuthenticationMetricsTests
{
    [Theory]
    [InlineData("AuthInvalidCookie", "ELBAuthFailure")]
    [InlineData("AuthInvalidGrantError", "ELBAuthFailure")]
    [InlineData("AuthInvalidIdToken", "ELBAuthFailure")]
    [InlineData("AuthInvalidStateParam", "ELBAuthFailure")]
    [InlineData("AuthInvalidTokenResponse", "ELBAuthFailure")]
    [InlineData("AuthInvalidUserinfoResponse", "ELBAuthFailure")]
    [InlineData("AuthMissingCodeParam", "ELBAuthFailure")]
    [InlineData("AuthMissingHostHeader", "ELBAuthError")]
    [InlineData("AuthMissingStateParam", "ELBAuthFailure")]
    [InlineData("AuthTokenEpRequestFailed", "ELBAuthError")]
    [InlineData("AuthTokenEpRequestTimeout", "ELBAuthError")]
    [InlineData("AuthUnhandledException", "ELBAuthError")]
    [InlineData("AuthUserinfoEpRequestFailed", "ELBAuthError")]
    [InlineData("AuthUserinfoEpRequestTimeout", "ELBAuthError")]
    [InlineData("AuthUserinfoResponseSizeExceeded", "ELBAuthUserClaimsSizeExceeded")]
    [InlineData("JWTHeaderNotPresent", null)]
    [InlineData(null, null)]
    public void EachAuthErrorReasonIncrementsItsMetric(string? reason, string? metric) => Assert.Equal(metric, AuthenticationMetrics.MetricOf(reason));
}
