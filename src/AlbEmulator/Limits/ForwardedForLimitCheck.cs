using AlbEmulator.Errors;
using AlbEmulator.Headers;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Limits;

/// <summary>
/// More than 30 addresses in the received X-Forwarded-For is a 463 (HDR-3). [EMU] Addresses are
/// counted across all received fields, in every XFF processing mode.
/// </summary>
public sealed class ForwardedForLimitCheck : IAlbCheck
{
    public AlbError Evaluate(HttpContext context, AlbRequestState state)
    {
        var xff = context.Request.Headers[ForwardedForHeader.HeaderName];
        return xff.Count > 0 && ForwardedForHeader.CountAddresses(xff) > ForwardedForHeader.MaxAddresses
            ? AlbError.TooManyForwardedForAddresses
            : AlbError.None;
    }
}
