using AlbEmulator.Model;

namespace AlbEmulator.Protocol;

/// <summary>
/// The request-versus-target-group matrix (TG-11):
/// <code>
/// client \ group   HTTP1            HTTP2   GRPC
/// HTTP/1.x         forward          464     464
/// HTTP/2           forward (→1.1)   forward forward only for POST, else 464
/// gRPC             464              forward forward
/// </code>
/// </summary>
public static class ProtocolCompatibility
{
    public static bool CanForward(ClientProtocol client, string method, TargetGroupProtocolVersion group) => (client, group) switch
    {
        (ClientProtocol.Http1, TargetGroupProtocolVersion.Http1) => true,
        (ClientProtocol.Http1, _) => false,
        (ClientProtocol.Grpc, TargetGroupProtocolVersion.Http1) => false,
        (ClientProtocol.Http2, TargetGroupProtocolVersion.Grpc) => method == "POST",
        _ => true,
    };

    /// <summary>What would be compatible, for the 464 diagnostic.</summary>
    public static string Compatible(TargetGroupProtocolVersion group) => group switch
    {
        TargetGroupProtocolVersion.Http1 => "HTTP/1.x, or HTTP/2 that is not gRPC",
        TargetGroupProtocolVersion.Http2 => "HTTP/2 (negotiated by ALPN on an HTTPS listener), including gRPC",
        _ => "HTTP/2 POST requests (gRPC), on an HTTPS listener",
    };
}
