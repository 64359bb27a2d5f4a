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
    private const int GrpcPermissionDenied = 7;
    private const int GrpcUnauthenticated = 16;

    public static readonly IReadOnlyList<AlbErrorDescriptor> All =
    [
        new(AlbError.BadRequest, 400, "Bad Request", "-", true, true, GrpcInternal, "ERR-400",
            "Malformed request: not valid HTTP/1.x, or a request the parser cannot frame.",
            "Send a well-formed HTTP/1.x request: METHOD SP target SP HTTP/1.x, header lines 'name: value', an empty line."),
        new(AlbError.MissingHostHeader, 400, "Bad Request", "-", true, true, GrpcInternal, "HDR-21",
            "HTTP/1.1 request without a Host header.",
            "Send a Host header with every HTTP/1.1 request (or use HTTP/1.0)."),
        new(AlbError.RequestHeaderTooLarge, 400, "Bad Request", "-", true, true, GrpcInternal, "ERR-400",
            "A single request header over 16 K, or the whole header block over 64 K.",
            "Keep each header line under 16 K and all headers together under 64 K (large cookies are the usual cause)."),
        new(AlbError.DesyncBlocked, 400, "Bad Request", "-", true, true, GrpcInternal, "DSY-3",
            "Desync mitigation blocked the request (Severe in defensive mode; Acceptable, Ambiguous or Severe in strictest mode).",
            "Send an RFC 7230-compliant request (see the classification reason in the access log), or relax routing.http.desync_mitigation_mode."),
        new(AlbError.ClientClosedMidBody, 400, "Bad Request", "-", true, false, GrpcInternal, "ERR-400",
            "The client closed the connection before sending the full request body; logged only, nothing can be sent.",
            "Make the client send the whole body it announced (Content-Length or the last chunk), or keep the connection open until the response."),
        new(AlbError.WafBlocked, 403, "Forbidden", "-", false, true, GrpcPermissionDenied, "ERR-403",
            "AWS WAF blocked the request: a rule with the Block action (or the web ACL's default action Block) matched.",
            "See the WAF log (--waf-log) for the terminating rule; change the rule, add an Allow rule before it, or set it to Count while tuning (docs/waf.md)."),
        new(AlbError.WafFailed, 500, "Internal Server Error", "WAFUnhandledException", false, true, GrpcInternal, "ERR-500",
            "AWS WAF could not evaluate the request (the error_reason says why) and waf.fail_open.enabled is false.",
            "Fix the web ACL (a regular expression that runs too long, say), or set waf.fail_open.enabled to true to forward requests when WAF fails."),
        new(AlbError.MethodNotAllowed, 405, "Not Allowed", "-", false, true, GrpcUnimplemented, "ERR-405",
            "Request method TRACE.",
            "Do not send TRACE through an ALB."),
        new(AlbError.RequestTimeout, 408, "Request Time-out", "-", true, true, GrpcDeadlineExceeded, "ERR-408",
            "The client sent no data for the idle timeout while a request was in progress.",
            "Send the rest of the request sooner, or raise idle_timeout.timeout_seconds."),
        new(AlbError.LambdaRequestTooLarge, 413, "Request Entity Too Large", "LambdaRequestTooLarge", false, true, GrpcResourceExhausted, "LAM-1",
            "Request body over 1 MB to a Lambda target.",
            "Keep request bodies to Lambda targets at or under 1 MB."),
        new(AlbError.LambdaBadRequest, 400, "Bad Request", "LambdaBadRequest", false, true, GrpcInternal, "LAM-2",
            "[EMU] Text request body (text/*, JSON, JavaScript, XML) to a Lambda target that is not valid UTF-8.",
            "Send text bodies to Lambda targets as UTF-8, or send binary data with a binary Content-Type (it is then base64-encoded)."),
        new(AlbError.LambdaWebsocketNotSupported, 400, "Bad Request", "LambdaWebsocketNotSupported", false, true, GrpcInternal, "TG-30",
            "WebSocket upgrade request routed to a Lambda target group.",
            "Route WebSocket upgrades to an instance or ip target group; Lambda targets cannot hold connections."),
        new(AlbError.UriTooLong, 414, "Request-URI Too Large", "-", true, true, GrpcInternal, "ERR-414",
            "Request line over 16 K.",
            "Keep the request line (method, URL with query string, version) under 16 K."),
        new(AlbError.ClientClosedRequest, 460, "", "-", true, false, GrpcUnavailable, "ERR-460",
            "The client closed the connection before the target answered; logged only, nothing is sent.",
            "The client gave up first: raise the client timeout or make the target answer sooner."),
        new(AlbError.TooManyForwardedForAddresses, 463, "", "-", false, true, GrpcInternal, "ERR-463",
            "More than 30 IP addresses in X-Forwarded-For.",
            "Send at most 30 addresses in X-Forwarded-For (a proxy chain or a client that appends in a loop)."),
        new(AlbError.IncompatibleProtocol, 464, "", "-", false, true, GrpcUnimplemented, "ERR-464",
            "The client protocol cannot be forwarded to the target group's ProtocolVersion (TG-11).",
            "Match the client protocol to the target group ProtocolVersion: HTTP1 groups take HTTP/1.x and non-gRPC HTTP/2; HTTP2 groups need HTTP/2; GRPC groups need HTTP/2 POST (gRPC)."),
        new(AlbError.TransformFailed, 500, "Internal Server Error", "-", false, true, GrpcInternal, "ACT-40",
            "A rule transform's regular expression matched but the rewrite failed (invalid host or path, a missing capture group, a result too long); the access log's request_transform_status says which.",
            "Fix the transform's Replace (capture groups that exist, a path that starts with '/', a valid host name)."),
        new(AlbError.UnsupportedTransferEncoding, 501, "Not Implemented", "-", true, true, GrpcUnimplemented, "ERR-501",
            "Transfer-Encoding other than chunked or identity.",
            "Use Transfer-Encoding: chunked (or none); compress bodies with Content-Encoding instead."),
        new(AlbError.TargetConnectionError, 502, "Bad Gateway", "-", false, true, GrpcUnavailable, "ERR-502",
            "The target refused or reset the connection while the load balancer was connecting, or the connection failed.",
            "Check the target is listening on the registered port and accepts connections from the load balancer."),
        new(AlbError.TargetInvalidResponse, 502, "Bad Gateway", "-", false, true, GrpcUnavailable, "ERR-502",
            "The target sent a malformed response, or response headers over 32 K.",
            "Make the target send a valid HTTP response with headers under 32 K."),
        new(AlbError.TargetClosedConnection, 502, "Bad Gateway", "-", false, true, GrpcUnavailable, "ERR-502",
            "The target closed the connection with a TCP FIN or RST while the load balancer had an outstanding request on it (not resent).",
            "Make the target's keep-alive timeout (HTTP/1.1) or HTTP/2 idle timeout longer than the ALB idle timeout (idle_timeout.timeout_seconds), so that the load balancer, not the target, closes idle connections; and on shutdown let the target finish the requests it has (HTTP/2: GOAWAY, then drain) before it closes."),
        new(AlbError.TargetRefusedStream, 502, "Bad Gateway", "-", false, true, GrpcUnavailable, "ERR-502",
            "The HTTP/2 target refused the stream — RST_STREAM with REFUSED_STREAM, or a GOAWAY whose last-stream-id is below it — so it never processed the request (not resent on another connection).",
            "Make the target accept the streams the load balancer opens: raise its SETTINGS_MAX_CONCURRENT_STREAMS, and on shutdown send GOAWAY only after the last stream it accepted (graceful drain), while deregistration moves traffic away."),
        new(AlbError.TargetTlsHandshakeError, 502, "Bad Gateway", "-", false, true, GrpcUnavailable, "TG-26",
            "The TLS handshake with the HTTPS target failed (not TLS, no shared protocol version or cipher, or an alert).",
            "Make the target speak TLS on the registered port with a protocol and cipher of ELBSecurityPolicy-2016-08 (or use protocol HTTP for the target group)."),
        new(AlbError.TargetDeregistered, 502, "Bad Gateway", "-", false, true, GrpcUnavailable, "TG-60",
            "The target was deregistered and its deregistration delay ended while this request was still in flight.",
            "Raise deregistration_delay.timeout_seconds above the longest request, or let requests finish before deregistering."),
        new(AlbError.LambdaUnhandled, 502, "Bad Gateway", "LambdaUnhandled", false, true, GrpcUnavailable, "LAM-2",
            "The Lambda function raised an unhandled error or timed out (the Invoke API answered with X-Amz-Function-Error).",
            "Fix the function error (see the function's logs), or raise the function timeout."),
        new(AlbError.LambdaInvalidResponse, 502, "Bad Gateway", "LambdaInvalidResponse", false, true, GrpcUnavailable, "LAM-22",
            "The Lambda response is not a valid ALB response: not a JSON object, no integer statusCode, null or wrongly typed fields, non-string header values, or a statusDescription not of the form 'code reason'.",
            "Return {\"statusCode\": 200, \"statusDescription\": \"200 OK\", \"headers\": {...}, \"body\": \"...\", \"isBase64Encoded\": false} with string header values and no nulls."),
        new(AlbError.LambdaResponseTooLarge, 502, "Bad Gateway", "LambdaResponseTooLarge", false, true, GrpcUnavailable, "LAM-1",
            "The Lambda response JSON is larger than 1 MB.",
            "Keep the Lambda response JSON (body included, base64 adds a third) at or under 1 MB."),
        new(AlbError.LambdaResourceNotFound, 502, "Bad Gateway", "LambdaResourceNotFound", false, true, GrpcUnavailable, "LAM-2",
            "[EMU 502] The Lambda Invoke API answered 404: no such function at the target's LambdaEndpoint.",
            "Check the target Id names a function served by the LambdaEndpoint."),
        new(AlbError.LambdaThrottling, 502, "Bad Gateway", "LambdaThrottling", false, true, GrpcUnavailable, "LAM-2",
            "The Lambda Invoke API answered 429: the function is throttled.",
            "Raise the function's concurrency, or send fewer requests at once."),
        new(AlbError.LambdaAccessDenied, 502, "Bad Gateway", "LambdaAccessDenied", false, true, GrpcUnavailable, "LAM-2",
            "[EMU 502] The Lambda Invoke API answered 401 or 403: the load balancer may not invoke the function.",
            "Allow elasticloadbalancing.amazonaws.com to invoke the function (or fix the local Lambda runtime's authentication)."),
        new(AlbError.LambdaServiceException, 502, "Bad Gateway", "LambdaServiceException", false, true, GrpcUnavailable, "LAM-2",
            "[EMU 502] The Lambda Invoke API answered an error status other than 401, 403, 404 and 429.",
            "Check the local Lambda runtime at the LambdaEndpoint (its logs say why it failed)."),
        new(AlbError.LambdaConnectionError, 502, "Bad Gateway", "LambdaConnectionError", false, true, GrpcUnavailable, "LAM-2",
            "The Lambda endpoint refused or reset the connection, or the connection failed.",
            "Start the local Lambda runtime and check the target's LambdaEndpoint (scheme, host and port)."),
        new(AlbError.NoRegisteredTargets, 503, "Service Temporarily Unavailable", "-", false, true, GrpcUnavailable, "ERR-503",
            "The target group has no registered targets.",
            "Register at least one target in the target group (Targets in the config)."),
        new(AlbError.TargetConnectTimeout, 504, "Gateway Time-out", "-", false, true, GrpcUnavailable, "ERR-504",
            "The connection to the target was not established within 10 seconds.",
            "Check the target address is reachable and accepts connections."),
        new(AlbError.TargetResponseTimeout, 504, "Gateway Time-out", "-", false, true, GrpcUnavailable, "ERR-504",
            "The target did not respond (or stopped sending) within the idle timeout.",
            "Make the target answer (and finish its body) within idle_timeout.timeout_seconds, or raise the idle timeout."),
        new(AlbError.TargetTlsHandshakeTimeout, 504, "Gateway Time-out", "-", false, true, GrpcUnavailable, "TG-26",
            "The TLS handshake with the HTTPS target did not complete within 10 seconds.",
            "Check the target answers the TLS handshake on the registered port promptly (an HTTPS target group needs a TLS listener on the target)."),
        new(AlbError.LambdaConnectionTimeout, 504, "Gateway Time-out", "LambdaConnectionTimeout", false, true, GrpcUnavailable, "LAM-2",
            "[EMU] The Lambda endpoint did not accept the connection within 10 seconds, or the Invoke API did not answer within the idle timeout.",
            "Make the function answer within idle_timeout.timeout_seconds (or raise it), and check the LambdaEndpoint is reachable."),
        new(AlbError.HttpVersionNotSupported, 505, "HTTP Version Not Supported", "-", true, true, GrpcInternal, "ERR-505",
            "An HTTP version the connection did not expect, such as an HTTP/2 preface on an HTTP listener.",
            "Use HTTP/1.x on HTTP listeners; HTTP/2 needs an HTTPS listener (negotiated by ALPN)."),
        new(AlbError.AuthenticationDenied, 401, "Authorization Required", "-", false, true, GrpcUnauthenticated, "AUTH-2",
            "The rule authenticates users with OnUnauthenticatedRequest 'deny' and the request has no valid session cookie.",
            "Sign in first (a rule with OnUnauthenticatedRequest 'authenticate'), or send the session cookie the load balancer set."),
        new(AlbError.AuthenticationFailed, 401, "Authorization Required", "-", false, true, GrpcUnauthenticated, "AUTH-6",
            "The sign-in could not be completed at /oauth2/idpresponse: state or code missing or invalid, the AWSALBAuthNonce cookie missing, the login took over 15 minutes, no Host header, or no valid ID token.",
            "Start the sign-in again from the application URL in the same browser and finish it within 15 minutes; include 'openid' in Scope (see error_reason)."),
        new(AlbError.IdentityProviderError, 561, "", "-", false, true, GrpcUnauthenticated, "AUTH-6",
            "The identity provider answered an error: the token or userinfo endpoint refused the request (see error_reason).",
            "Check the client ID, client secret and redirect URI registered with the identity provider, and its logs."),
        new(AlbError.AuthenticationError, 500, "Internal Server Error", "-", false, true, GrpcInternal, "AUTH-6",
            "The token or userinfo endpoint could not be reached or took over 5 seconds, the user claims were over 11 K, or authentication failed inside the load balancer (see error_reason).",
            "Make the identity provider's token and userinfo endpoints reachable from the load balancer and fast, and keep the user's claims under 11 K."),
        new(AlbError.JwtValidationFailed, 401, "Authorization Required", "-", false, true, GrpcUnauthenticated, "ACT-50",
            "jwt-validation rejected the request: no bearer token, a malformed or wrongly signed token, a claim missing or invalid, or the JWKS could not be fetched (see error_reason).",
            "Send 'Authorization: Bearer <JWT>' signed RS256 by a key in the JWKS, with the configured iss, an exp in the future and the additional claims."),
        new(AlbError.RedirectUrlTooLong, 507, "Insufficient Storage", "-", false, true, GrpcInternal, "ERR-507",
            "The redirect action produced a URL longer than 8 K.",
            "Shorten the redirect target: the resulting Location must be at most 8 K."),
    ];

    private static readonly FrozenDictionary<AlbError, AlbErrorDescriptor> ByError = All.ToFrozenDictionary(d => d.Error);

    public static AlbErrorDescriptor Get(AlbError error) =>
        ByError.TryGetValue(error, out var descriptor)
            ? descriptor
            : throw new ArgumentOutOfRangeException(nameof(error), error, "No catalogue entry.");
}
