using AlbEmulator.Limits;

namespace AlbEmulator.Pipeline;

/// <summary>
/// THE order in which ALB checks a request, in one place (docs/pipeline.md repeats it and
/// AlbCheckOrderTests pins it). The request lifecycle:
/// <list type="number">
/// <item>Wire checks on the raw HTTP/1.x bytes, in the listener's connection middleware (HTTP/2 preface
/// on an HTTP listener → 505, request-line and header limits → 414/400, malformed → 400, desync
/// classification): not yet implemented, see docs/known-differences.md.</item>
/// <item><see cref="BeforeRouting"/>: checks on the parsed request.</item>
/// <item>Rule evaluation: the first matching rule by priority, else the default rule (RULE-2).</item>
/// <item><see cref="AfterRouting"/>: checks that need the chosen action and target group.</item>
/// <item>The action: fixed response, redirect, or forward (target selection, then the target).</item>
/// </list>
/// </summary>
public static class AlbCheckOrder
{
    public static readonly IReadOnlyList<IAlbCheck> BeforeRouting =
    [
        new TraceMethodCheck(),          // 405 (ERR-405)
        new ForwardedForLimitCheck(),    // 463 (HDR-3)
    ];

    public static readonly IReadOnlyList<IAlbCheck> AfterRouting = [];
}
