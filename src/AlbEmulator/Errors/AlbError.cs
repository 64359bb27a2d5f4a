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

    /// <summary>Method TRACE (ERR-405).</summary>
    MethodNotAllowed,

    /// <summary>The client sent nothing within the idle timeout while a request was in progress (ERR-408).</summary>
    RequestTimeout,

    /// <summary>Lambda target and a request body over 1 MB (ERR-413, LAM-1).</summary>
    LambdaRequestTooLarge,

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

    /// <summary>The target group has no registered targets (ERR-503, TG-34).</summary>
    NoRegisteredTargets,

    /// <summary>The connection to the target was not established within 10 s (ERR-504, TG-26).</summary>
    TargetConnectTimeout,

    /// <summary>The target did not respond within the idle timeout (ERR-504, ERR-TMO-1).</summary>
    TargetResponseTimeout,

    /// <summary>An HTTP version the connection did not expect, e.g. an HTTP/2 preface on an HTTP listener (ERR-505, TG-12).</summary>
    HttpVersionNotSupported,

    /// <summary>The redirect URL would be longer than 8 K (ERR-507).</summary>
    RedirectUrlTooLong,
}
