using AlbEmulator.Limits;
using AlbEmulator.Protocol;

namespace AlbEmulator.Pipeline;

/// <summary>
/// THE order in which ALB checks a request, in one place (docs/architecture.md draws it and
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
    /// The wire checks, in the order <see cref="Listeners.Http1.WireAdmission.Admit"/> runs them over each HTTP/1.x
    /// request head (the first that rejects answers, and the connection is closed). This array IS the order: the
    /// admission function iterates it. While the head is incomplete: HTTP/2 preface → 505, request line over 16 K →
    /// 414, a header line over 16 K or the head over 64 K → 400, nothing more for the idle timeout → 408. On the
    /// complete head: the desync mode (DSY-3: block → 400, else forward or forward-then-close), malformed request
    /// line → 400, HTTP/1.1 without Host → 400, Transfer-Encoding other than chunked/identity → 501, a head the mode
    /// lets through that cannot be forwarded → 400 (everything else Kestrel would refuse is normalised there).
    /// Body framing (chunked, Content-Length) is followed afterwards in <c>Listeners/Http1</c>: malformed → 400.
    /// </summary>
    internal static readonly Listeners.Http1.IWireCheck[] Wire =
    [
        new Listeners.Http1.Http2PrefaceCheck(),      // 505 (LST-4)
        new Listeners.Http1.RequestLineLengthCheck(), // 414 (ERR-414)
        new Listeners.Http1.HeaderSizeCheck(),        // 400 (ERR-400)
        new Listeners.Http1.IdleTimeoutCheck(),       // 408 (ERR-408)
        new Listeners.Http1.DesyncModeCheck(),        // 400 (DSY-3), mode-dependent
        new Listeners.Http1.RequestLineCheck(),       // 400
        new Listeners.Http1.HostHeaderCheck(),        // 400 (HDR-21)
        new Listeners.Http1.TransferEncodingCheck(),  // 501 (ERR-501)
        new Listeners.Http1.ForwardableCheck(),       // 400 (cannot be forwarded)
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
