using AlbEmulator.Errors;

namespace AlbEmulator.Authentication;

/// <summary>Why an authentication step failed: the response (status from the catalogue), the access-log <c>error_reason</c> and a detail for the diagnostic line.</summary>
public sealed record AuthFailure(AlbError Error, string Reason, string Detail)
{
    public static AuthFailure Denied(string detail) => new(AlbError.AuthenticationFailed, "-", detail);
}
