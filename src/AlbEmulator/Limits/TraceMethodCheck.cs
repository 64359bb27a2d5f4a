using AlbEmulator.Errors;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Limits;

/// <summary>ALB answers TRACE with 405 (ERR-405).</summary>
public sealed class TraceMethodCheck : IAlbCheck
{
    public AlbError Evaluate(HttpContext context, AlbRequestState state) =>
        HttpMethods.IsTrace(context.Request.Method) ? AlbError.MethodNotAllowed : AlbError.None;
}
