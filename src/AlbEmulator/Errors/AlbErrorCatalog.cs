using System.Collections.Frozen;

namespace AlbEmulator.Errors;

/// <summary>
/// The one table of ALB-generated responses: status, reason phrase, body, error_reason, connection
/// handling and gRPC status. The response writers, the access log and the metrics all read it.
/// Source: AWS "Troubleshoot your Application Load Balancers" (alb-data-plane.md §7); reason phrases
/// that AWS does not document follow nginx, whose pages ALB's match byte for byte where observed
/// (ERR-BODY-2). docs/errors.md lists every row (AlbErrorCatalogTests pins that).
/// </summary>
public static class AlbErrorCatalog
{
    // gRPC status codes (grpc/grpc doc/statuscodes.md).
    private const int GrpcUnimplemented = 12;
    private const int GrpcUnavailable = 14;
    private const int GrpcInternal = 13;
    private const int GrpcDeadlineExceeded = 4;
    private const int GrpcResourceExhausted = 8;

    public static readonly IReadOnlyList<AlbErrorDescriptor> All =
    [
        new(AlbError.BadRequest, 400, "Bad Request", "-", true, true, GrpcInternal, "ERR-400",
            "Malformed request: not valid HTTP/1.x, or a request the parser cannot frame."),
        new(AlbError.MissingHostHeader, 400, "Bad Request", "-", true, true, GrpcInternal, "HDR-21",
            "HTTP/1.1 request without a Host header."),
        new(AlbError.RequestHeaderTooLarge, 400, "Bad Request", "-", true, true, GrpcInternal, "ERR-400",
            "A single request header over 16 K, or the whole header block over 64 K."),
        new(AlbError.DesyncBlocked, 400, "Bad Request", "-", true, true, GrpcInternal, "DSY-3",
            "Desync mitigation blocked the request (Severe in defensive mode; Acceptable, Ambiguous or Severe in strictest mode)."),
        new(AlbError.MethodNotAllowed, 405, "Not Allowed", "-", false, true, GrpcUnimplemented, "ERR-405",
            "Request method TRACE."),
        new(AlbError.RequestTimeout, 408, "Request Time-out", "-", true, true, GrpcDeadlineExceeded, "ERR-408",
            "The client sent no data for the idle timeout while a request was in progress."),
        new(AlbError.LambdaRequestTooLarge, 413, "Request Entity Too Large", "LambdaRequestTooLarge", false, true, GrpcResourceExhausted, "LAM-1",
            "Request body over 1 MB to a Lambda target."),
        new(AlbError.UriTooLong, 414, "Request-URI Too Large", "-", true, true, GrpcInternal, "ERR-414",
            "Request line over 16 K."),
        new(AlbError.ClientClosedRequest, 460, "", "-", true, false, GrpcUnavailable, "ERR-460",
            "The client closed the connection before the target answered; logged only, nothing is sent."),
        new(AlbError.TooManyForwardedForAddresses, 463, "", "-", false, true, GrpcInternal, "ERR-463",
            "More than 30 IP addresses in X-Forwarded-For."),
        new(AlbError.IncompatibleProtocol, 464, "", "-", false, true, GrpcUnimplemented, "ERR-464",
            "The client protocol cannot be forwarded to the target group's ProtocolVersion (TG-11)."),
        new(AlbError.UnsupportedTransferEncoding, 501, "Not Implemented", "-", true, true, GrpcUnimplemented, "ERR-501",
            "Transfer-Encoding other than chunked or identity."),
        new(AlbError.TargetConnectionError, 502, "Bad Gateway", "-", false, true, GrpcUnavailable, "ERR-502",
            "The target refused or reset the connection, or closed it while a request was outstanding."),
        new(AlbError.TargetInvalidResponse, 502, "Bad Gateway", "-", false, true, GrpcUnavailable, "ERR-502",
            "The target sent a malformed response, or response headers over 32 K."),
        new(AlbError.NoRegisteredTargets, 503, "Service Temporarily Unavailable", "-", false, true, GrpcUnavailable, "ERR-503",
            "The target group has no registered targets."),
        new(AlbError.TargetConnectTimeout, 504, "Gateway Time-out", "-", false, true, GrpcUnavailable, "ERR-504",
            "The connection to the target was not established within 10 seconds."),
        new(AlbError.TargetResponseTimeout, 504, "Gateway Time-out", "-", false, true, GrpcUnavailable, "ERR-504",
            "The target did not respond (or stopped sending) within the idle timeout."),
        new(AlbError.HttpVersionNotSupported, 505, "HTTP Version Not Supported", "-", true, true, GrpcInternal, "ERR-505",
            "An HTTP version the connection did not expect, such as an HTTP/2 preface on an HTTP listener."),
        new(AlbError.RedirectUrlTooLong, 507, "Insufficient Storage", "-", false, true, GrpcInternal, "ERR-507",
            "The redirect action produced a URL longer than 8 K."),
    ];

    private static readonly FrozenDictionary<AlbError, AlbErrorDescriptor> ByError = All.ToFrozenDictionary(d => d.Error);

    public static AlbErrorDescriptor Get(AlbError error) =>
        ByError.TryGetValue(error, out var descriptor)
            ? descriptor
            : throw new ArgumentOutOfRangeException(nameof(error), error, "No catalogue entry.");
}
