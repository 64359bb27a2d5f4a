using AlbEmulator.Limits;
using AlbEmulator.Protocol;

namespace AlbEmulator.Pipeline;

/// <summary>
/// THE order in which ALB checks a request, in one place (docs/pipeline.md repeats it and
/// AlbCheckOrderTests pins it). The request lifecycle:
/// <list type="number">
/// <item><see cref="Wire"/>: checks on the raw HTTP/1.x bytes, in the listener's connection middleware
/// (Listeners/Http1), before Kestrel parses anything.</item>
/// <item><see cref="BeforeRouting"/>: checks on the parsed request.</item>
/// <item>Rule evaluation: the first matching rule by priority, else the default rule (RULE-2).</item>
/// <item><see cref="AfterRouting"/>: checks that need the chosen action and target group.</item>
/// <item>The action: fixed response, redirect, or forward (target selection, then the target).</item>
/// </list>
/// </summary>
public static class AlbCheckOrder
{
    /// <summary>
    /// The wire checks, in the order <c>Listeners/Http1</c> applies them to each HTTP/1.x request head
    /// (the first that fails answers and closes the connection). While the head is incomplete:
    /// HTTP/2 preface → 505, request line over 16 K → 414, a header line over 16 K or the head over
    /// 64 K → 400, nothing more for the idle timeout → 408. On the complete head: malformed request
    /// line → 400, HTTP/1.1 without Host → 400, Transfer-Encoding other than chunked/identity → 501.
    /// </summary>
    public static readonly IReadOnlyList<Errors.AlbError> Wire =
    [
        Errors.AlbError.HttpVersionNotSupported,
        Errors.AlbError.UriTooLong,
        Errors.AlbError.RequestHeaderTooLarge,
        Errors.AlbError.RequestTimeout,
        Errors.AlbError.BadRequest,
        Errors.AlbError.MissingHostHeader,
        Errors.AlbError.UnsupportedTransferEncoding,
    ];

    public static readonly IReadOnlyList<IAlbCheck> BeforeRouting =
    [
        new TraceMethodCheck(),          // 405 (ERR-405)
        new ForwardedForLimitCheck(),    // 463 (HDR-3)
    ];

    public static readonly IReadOnlyList<IAlbCheck> AfterRouting =
    [
        new ProtocolVersionCheck(),      // 464 (TG-11)
    ];
}
