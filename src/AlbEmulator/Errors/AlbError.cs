namespace AlbEmulator.Errors;

/// <summary>
/// Responses the emulated load balancer generates itself, never a target's. Each member has exactly one
/// row in <see cref="AlbErrorCatalog"/> and one in docs/errors.md.
/// </summary>
public enum AlbError
{
    None = 0,

    /// <summary>Malformed request / not valid HTTP (ERR-400).</summary>
    BadRequest,

    /// <summary>HTTP/1.1 request without a Host header (HDR-21, ERR-400).</summary>
    MissingHostHeader,

    /// <summary>A single header over 16 K or the header block over 64 K (ERR-400, §7.1).</summary>
    RequestHeaderTooLarge,

    /// <summary>Desync mitigation blocked the request (DSY-3, ERR-400).</summary>
    DesyncBlocked,

    /// <summary>The client closed the connection before sending the whole request body; logged only (ERR-400).</summary>
    ClientClosedMidBody,

    /// <summary>AWS WAF blocked the request with its default 403 (ERR-403; Waf/WafStep).</summary>
    WafBlocked,

    /// <summary>AWS WAF could not evaluate the request and <c>waf.fail_open.enabled</c> is false (ERR-500, WAF* error reasons).</summary>
    WafFailed,

    /// <summary>Method TRACE (ERR-405).</summary>
    MethodNotAllowed,

    /// <summary>The client sent nothing within the idle timeout while a request was in progress (ERR-408).</summary>
    RequestTimeout,

    /// <summary>Lambda target and a request body over 1 MB (ERR-413, LAM-1).</summary>
    LambdaRequestTooLarge,

    /// <summary>Lambda target and a text request body that is not valid UTF-8 (LAM-2, [EMU] 400).</summary>
    LambdaBadRequest,

    /// <summary>WebSocket upgrade toward a Lambda target group (TG-30, LAM-1).</summary>
    LambdaWebsocketNotSupported,

    /// <summary>The Lambda function raised an unhandled error: X-Amz-Function-Error (LAM-2).</summary>
    LambdaUnhandled,

    /// <summary>The Lambda response is malformed or has invalid fields (LAM-2, LAM-22).</summary>
    LambdaInvalidResponse,

    /// <summary>The Lambda response JSON is over 1 MB (LAM-1).</summary>
    LambdaResponseTooLarge,

    /// <summary>The Invoke API answered 404: the function does not exist (LAM-2).</summary>
    LambdaResourceNotFound,

    /// <summary>The Invoke API answered 429: the function is throttled (LAM-2).</summary>
    LambdaThrottling,

    /// <summary>The Invoke API answered 401/403: the load balancer may not invoke the function (LAM-2).</summary>
    LambdaAccessDenied,

    /// <summary>The Invoke API answered another error status (LAM-2).</summary>
    LambdaServiceException,

    /// <summary>The Lambda endpoint could not be connected to (LAM-2).</summary>
    LambdaConnectionError,

    /// <summary>The Lambda endpoint did not accept the connection within 10 s or did not answer within the idle timeout (LAM-2, ERR-504).</summary>
    LambdaConnectionTimeout,

    /// <summary>Request line over 16 K (ERR-414).</summary>
    UriTooLong,

    /// <summary>The client closed the connection before the target answered; nothing is sent (ERR-460).</summary>
    ClientClosedRequest,

    /// <summary>More than 30 addresses in X-Forwarded-For (ERR-463, HDR-3).</summary>
    TooManyForwardedForAddresses,

    /// <summary>Client protocol incompatible with the target group protocol version (ERR-464, TG-11).</summary>
    IncompatibleProtocol,

    /// <summary>Transfer-Encoding other than chunked or identity (ERR-501).</summary>
    UnsupportedTransferEncoding,

    /// <summary>The target refused or reset the connection, or closed it with a request outstanding (ERR-502).</summary>
    TargetConnectionError,

    /// <summary>The target sent a malformed response or response headers over 32 K (ERR-502).</summary>
    TargetInvalidResponse,

    /// <summary>The target closed (FIN) or reset (RST) the connection with a request outstanding, typically the keep-alive race (ERR-502, TG-27).</summary>
    TargetClosedConnection,

    /// <summary>An HTTP/2 target refused the stream (RST_STREAM REFUSED_STREAM, or GOAWAY below its id); not resent (ERR-502).</summary>
    TargetRefusedStream,

    /// <summary>The TLS handshake with an HTTPS target failed (ERR-502, TG-26).</summary>
    TargetTlsHandshakeError,

    /// <summary>The deregistration delay ended while the request was still in flight (ERR-502, TG-60).</summary>
    TargetDeregistered,

    /// <summary>The target group has no registered targets (ERR-503, TG-34).</summary>
    NoRegisteredTargets,

    /// <summary>The connection to the target was not established within 10 s (ERR-504, TG-26).</summary>
    TargetConnectTimeout,

    /// <summary>The target did not respond within the idle timeout (ERR-504, ERR-TMO-1).</summary>
    TargetResponseTimeout,

    /// <summary>The TLS handshake with an HTTPS target did not complete within 10 s (ERR-504, TG-26).</summary>
    TargetTlsHandshakeTimeout,

    /// <summary>An HTTP version the connection did not expect, e.g. an HTTP/2 preface on an HTTP listener (ERR-505, TG-12).</summary>
    HttpVersionNotSupported,

    /// <summary>The redirect URL would be longer than 8 K (ERR-507).</summary>
    RedirectUrlTooLong,

    /// <summary>Authenticate action with OnUnauthenticatedRequest <c>deny</c> and no valid session (ERR-401, AUTH-2).</summary>
    AuthenticationDenied,

    /// <summary>The sign-in could not be completed: state, code or Host missing or invalid, login over 15 minutes, no ID token (ERR-401, AUTH-6).</summary>
    AuthenticationFailed,

    /// <summary>The identity provider answered an error (ERR-561, AUTH-6).</summary>
    IdentityProviderError,

    /// <summary>Token or userinfo endpoint unreachable or slower than 5 s, claims over 11 K, or an internal failure (ERR-500, AUTH-6).</summary>
    AuthenticationError,

    /// <summary>jwt-validation rejected the request: no, malformed or invalid bearer token, or JWKS trouble (ACT-50).</summary>
    JwtValidationFailed,

    /// <summary>A rule transform matched but could not rewrite the request (ACT-40).</summary>
    TransformFailed,
}
