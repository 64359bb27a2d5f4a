using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Protocol;

/// <summary>The protocol a request arrived with, as the TG-11 matrix distinguishes it.</summary>
public enum ClientProtocol
{
    Http1,
    Http2,
    Grpc,
}

/// <summary>Classifies requests for the protocol-version matrix (TG-11).</summary>
public static class ClientProtocols
{
    /// <summary>
    /// [EMU] A gRPC request is an HTTP/2 request whose content-type starts with <c>application/grpc</c>
    /// (AWS does not document how ALB recognises gRPC; alb-data-plane.md open point 7).
    /// </summary>
    public static ClientProtocol Of(HttpRequest request)
    {
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            return ClientProtocol.Http1;
        }

        return IsGrpcContentType(request.ContentType) ? ClientProtocol.Grpc : ClientProtocol.Http2;
    }

    public static bool IsGrpcContentType(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    public static string Describe(ClientProtocol protocol) => protocol switch
    {
        ClientProtocol.Http1 => "HTTP/1.x",
        ClientProtocol.Http2 => "HTTP/2",
        _ => "gRPC",
    };
}
