using AlbEmulator.Errors;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Protocol;

/// <summary>
/// Rejects a request whose client protocol cannot be forwarded to the target group's
/// <c>ProtocolVersion</c> (TG-11): ALB answers 464 (ERR-464). Redirects and fixed responses never reach a
/// target group and are not checked.
/// </summary>
public sealed class ProtocolVersionCheck : IAlbCheck
{
    public AlbError Evaluate(HttpContext context, AlbRequestState state)
    {
        if (state.Action is not ForwardActionModel forward)
        {
            return AlbError.None;
        }

        var group = forward.Groups[0].TargetGroup;
        var client = ClientProtocols.Of(context.Request);
        if (ProtocolCompatibility.CanForward(client, context.Request.Method, group.ProtocolVersion))
        {
            return AlbError.None;
        }

        state.ErrorDetail = $"The client sent {ClientProtocols.Describe(client)} {context.Request.Method}; target group '{group.Name}' has ProtocolVersion {group.Resolved.ProtocolVersion}, which accepts {ProtocolCompatibility.Compatible(group.ProtocolVersion)}.";
        return AlbError.IncompatibleProtocol;
    }
}
