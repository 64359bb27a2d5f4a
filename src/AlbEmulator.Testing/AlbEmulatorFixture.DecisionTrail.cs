using AlbEmulator.WebConsole;

namespace AlbEmulator.Testing;

/// <summary>
/// The decision trail of a request: every step the emulator took and why (the console's request explorer,
/// docs/console.md). Send your own <c>X-Amzn-Trace-Id: Root=1-...</c> to find a request again, or use the
/// trace id of an access-log entry.
/// </summary>
public sealed partial class AlbEmulatorFixture
{
    /// <summary>Every request the explorer still keeps (the last <c>RequestHistory</c>, default 1000), oldest first, with its decision trail.</summary>
    public IReadOnlyList<RequestTrailView> DecisionTrails =>
        [.. Server.RequestTrail.Snapshot().Select(e => new RequestTrailView(DecisionTrail.Summarize(e), DecisionTrail.Explain(e)))];

    /// <summary>
    /// The decision trail of the newest request whose X-Amzn-Trace-Id is <paramref name="traceId"/> (the whole
    /// header value, <c>Root=1-...</c>, or the root's value), or null when none is kept.
    /// </summary>
    public RequestTrailView? FindDecisionTrail(string traceId) => Server.RequestTrail.Explain(traceId);

    /// <summary>The decision trail of the request an access-log entry describes (by its trace id).</summary>
    public RequestTrailView? FindDecisionTrail(AlbAccessLogEntry entry) =>
        entry.TraceId is { Length: > 0 } traceId && traceId != "-" ? FindDecisionTrail(traceId) : null;

    /// <summary>
    /// Waits (polling, up to <paramref name="timeout"/>, default 10 s) for the trail of <paramref name="traceId"/>:
    /// it is recorded once the emulator has written the response, which can be just after the client read it.
    /// </summary>
    public async Task<RequestTrailView> WaitForDecisionTrailAsync(string traceId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (FindDecisionTrail(traceId) is { } trail)
            {
                return trail;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No decision trail for trace id '{traceId}' (requests kept: {Server.RequestTrail.Snapshot().Length}).");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }
}
