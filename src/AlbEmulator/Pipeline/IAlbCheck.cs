using AlbEmulator.Errors;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Pipeline;

/// <summary>
/// One ALB admission check. A check inspects the request and returns <see cref="AlbError.None"/> to
/// continue or the error to answer with; it never writes the response and never throws for an expected
/// rejection (the middleware writes the response through <see cref="AlbResponseWriter"/>).
/// </summary>
public interface IAlbCheck
{
    AlbError Evaluate(HttpContext context, AlbRequestState state);
}
