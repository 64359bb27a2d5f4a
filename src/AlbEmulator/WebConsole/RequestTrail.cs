using System.Diagnostics;
using System.Globalization;
using System.Net;
using AlbEmulator.Errors;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AlbEmulator.WebConsole;

/// <summary>
/// The request explorer's memory (docs/console.md): the last N requests the lifecycle decided, as compact
/// facts in a fixed ring of structs allocated once. Recording copies references the request already holds
/// (its strings, the immutable snapshot's listener, rule, target group and target) and a few numbers; no
/// text is built here. <see cref="DecisionTrail"/> turns an entry into words when the API is read.
/// </summary>
public sealed class RequestTrail
{
    /// <summary>Default size of the ring (<c>--request-history</c>).</summary>
    public const int DefaultCapacity = 1000;

    /// <summary>The largest ring <c>--request-history</c> accepts.</summary>
    public const int MaxCapacity = 100_000;

    // Writers take no lock: each claims a sequence number (Interlocked) and writes its slot under the slot's own
    // version (a sequence lock: odd while a writer is in the slot). Readers copy a slot and keep the copy only when
    // the version was even and unchanged around the copy, so a request never waits for the console.
    private readonly TrailEntry[] _ring;
    private readonly int[] _versions;
    private long _next;
    private long _clearedThrough;

    public RequestTrail(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _ring = new TrailEntry[Math.Min(capacity, MaxCapacity)];
        _versions = new int[_ring.Length];
    }

    /// <summary>How many requests the ring keeps (0: the explorer is off).</summary>
    public int Capacity => _ring.Length;

    /// <summary>Sequence number of the newest entry (0 when none was recorded).</summary>
    public long LastSequence => Volatile.Read(ref _next);

    /// <summary>
    /// The request-lifecycle hook, called once the outcome has been written. <paramref name="original"/>
    /// holds the request's method, host and target as received (before transforms rewrote them).
    /// </summary>
    public void Record(HttpContext context, AlbRequestState state, in ActionOutcome outcome, in OriginalRequest original)
    {
        if (_ring.Length == 0)
        {
            return;
        }

        var headers = context.Request.Headers;
        var names = ConditionHeaders.For(state.Listener);
        StringValues[]? conditionHeaders = null;
        if (names.Length > 0)
        {
            // Only listeners with http-header conditions pay for this: the values the rules looked at.
            conditionHeaders = new StringValues[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                conditionHeaders[i] = headers[names[i]];
            }
        }

        var connection = context.Connection;
        var entry = new TrailEntry(state)
        {
            Outcome = outcome.Kind,
            Error = outcome.Kind is OutcomeKind.Reject or OutcomeKind.Abort ? outcome.Error : state.Error,
            ErrorDetail = outcome.Detail ?? state.ErrorDetail,
            StatusCode = context.Response.StatusCode,
            Method = original.Method,
            Host = original.Host,
            RawTarget = original.RawTarget,
            Protocol = context.Request.Protocol,
            ClientAddress = connection.RemoteIpAddress,
            ClientPort = connection.RemotePort,
            Cookie = headers.Cookie,
            UserAgent = headers.UserAgent,
            ConditionHeaders = conditionHeaders,
        };
        Publish(ref entry);
    }

    /// <summary>
    /// Gives <paramref name="entry"/> the next sequence number and writes it into its slot without a lock. A slot a
    /// later request already took keeps that request (the ring holds the newest).
    /// </summary>
    private void Publish(ref TrailEntry entry)
    {
        var sequence = Interlocked.Increment(ref _next);
        entry.Sequence = sequence;
        var slot = (int)((sequence - 1) % _ring.Length);
        var version = EnterSlot(slot);
        if (_ring[slot].Sequence < sequence)
        {
            _ring[slot] = entry;
        }

        Volatile.Write(ref _versions[slot], version + 2);
    }

    /// <summary>Waits until no writer is in <paramref name="slot"/>, makes its version odd and returns the even version it had.</summary>
    private int EnterSlot(int slot)
    {
        var spin = default(SpinWait);
        while (true)
        {
            var version = Volatile.Read(ref _versions[slot]);
            if ((version & 1) == 0 && Interlocked.CompareExchange(ref _versions[slot], version + 1, version) == version)
            {
                return version;
            }

            spin.SpinOnce();
        }
    }

    /// <summary>
    /// A consistent copy of the entry with <paramref name="sequence"/>: true with the copy; false with
    /// <paramref name="overwritten"/> when a later request took the slot, or when its writer has not finished yet.
    /// </summary>
    private bool TryRead(long sequence, out TrailEntry entry, out bool overwritten)
    {
        var slot = (int)((sequence - 1) % _ring.Length);
        var spin = default(SpinWait);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var before = Volatile.Read(ref _versions[slot]);
            if ((before & 1) == 0)
            {
                entry = _ring[slot];
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _versions[slot]) == before)
                {
                    if (entry.Sequence >= sequence)
                    {
                        overwritten = entry.Sequence > sequence;
                        return !overwritten;
                    }
                }
            }

            // A writer is in the slot, or has claimed the sequence and not entered it yet: it takes nanoseconds.
            spin.SpinOnce();
        }

        entry = default;
        overwritten = false;
        return false;
    }

    /// <summary>
    /// A request rejected on the wire (HTTP/1.x, before Kestrel and the pipeline saw it), from its access-log entry and
    /// the wire admission's decision: <paramref name="check"/> names the check that rejected the head and
    /// <paramref name="reason"/> says why. Called by <see cref="AccessLogs.RequestRecorder.CompleteWireRejection"/> on
    /// the reject path only.
    /// </summary>
    public void RecordWireRejection(AccessLogs.AccessLogEntry rejected, string check, string reason)
    {
        if (_ring.Length == 0)
        {
            return;
        }

        // The whole slot is replaced (Publish copies the whole entry): it may still hold an older request's rule, target and headers.
        var entry = new TrailEntry(rejected.State)
        {
            Outcome = OutcomeKind.Reject,
            StatusCode = rejected.Outcome.ElbStatusCode,
            // [EMU] A head whose request line never parsed is listed as the access log writes it: "-" for each part.
            Method = rejected.Method ?? "-",
            Host = rejected.Host,
            RawTarget = rejected.RawTarget ?? "-",
            Protocol = rejected.Protocol ?? "-",
            ClientAddress = rejected.ClientAddress,
            ClientPort = rejected.ClientPort,
            UserAgent = rejected.UserAgent,
            WireCheck = check,
            WireReason = reason,
        };
        Publish(ref entry);
    }

    /// <summary>The recorded requests, oldest first; only those after <paramref name="afterSequence"/>.</summary>
    public TrailEntry[] Snapshot(long afterSequence = 0)
    {
        if (_ring.Length == 0)
        {
            return [];
        }

        var newest = Volatile.Read(ref _next);
        var oldest = Math.Max(Math.Max(newest - _ring.Length, Math.Max(afterSequence, Volatile.Read(ref _clearedThrough))), 0) + 1;
        if (newest < oldest)
        {
            return [];
        }

        var result = new List<TrailEntry>((int)(newest - oldest + 1));
        for (var sequence = oldest; sequence <= newest; sequence++)
        {
            if (TryRead(sequence, out var entry, out var overwritten))
            {
                result.Add(entry);
            }
            else if (!overwritten)
            {
                // Its writer has not finished: stop before it, so a reader paging by sequence never skips it.
                break;
            }
        }

        return [.. result];
    }

    /// <summary>A recorded request by sequence number or trace id (the whole X-Amzn-Trace-Id, or its Root / Root value).</summary>
    public TrailEntry? Find(string id)
    {
        var entries = Snapshot();
        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            foreach (var entry in entries)
            {
                if (entry.Sequence == sequence)
                {
                    return entry;
                }
            }
        }

        for (var i = entries.Length - 1; i >= 0; i--)
        {
            if (entries[i].TraceId is { } trace && TraceMatches(trace, id))
            {
                return entries[i];
            }
        }

        return null;
    }

    private static bool TraceMatches(string trace, string id)
    {
        if (string.Equals(trace, id, StringComparison.Ordinal))
        {
            return true;
        }

        var root = id.StartsWith("Root=", StringComparison.Ordinal) ? id : "Root=" + id;
        var semicolon = root.IndexOf(';');
        root = semicolon < 0 ? root : root[..semicolon];
        return trace.Split(';').Any(part => string.Equals(part, root, StringComparison.Ordinal));
    }

    /// <summary>The decision trail of a recorded request (<see cref="Find"/>), or null when the ring no longer holds it.</summary>
    public RequestTrailView? Explain(string id) =>
        Find(id) is { } entry ? new RequestTrailView(DecisionTrail.Summarize(entry), DecisionTrail.Explain(entry)) : null;

    /// <summary>Forgets every recorded request (the explorer's Clear button, tests).</summary>
    public void Clear()
    {
        Volatile.Write(ref _clearedThrough, Volatile.Read(ref _next));
        for (var slot = 0; slot < _ring.Length; slot++)
        {
            var version = EnterSlot(slot);
            if (_ring[slot].Sequence <= Volatile.Read(ref _clearedThrough))
            {
                _ring[slot] = default;
            }

            Volatile.Write(ref _versions[slot], version + 2);
        }
    }
}

/// <summary>A request's method, host and target as the client sent them, taken before the lifecycle runs (transforms may rewrite them).</summary>
public readonly struct OriginalRequest
{
    public OriginalRequest(string method, string? host, string rawTarget)
    {
        Method = method;
        Host = host;
        RawTarget = rawTarget;
    }

    public string Method { get; }

    public string? Host { get; }

    public string RawTarget { get; }

    /// <summary>Takes the facts from the request (references only, nothing is copied).</summary>
    public static OriginalRequest Of(HttpContext context) =>
        new(context.Request.Method, RequestFacts.OriginalHost(context), RequestFacts.RawTarget(context));
}

/// <summary>
/// One recorded request: references to what the request and its snapshot already hold, numbers and enums.
/// The listener, rule, target group and target are the immutable objects of the snapshot the request ran
/// on, so the trail explains the request against the configuration it saw, even after a reload.
/// </summary>
public struct TrailEntry
{
    /// <summary>
    /// The one initialiser of a recorded request (both recording paths start here): every fact the request's state
    /// holds, whichever path recorded it (a wire rejection's state has no rule, target group, target or transform, so
    /// those stay empty). The caller's initializer adds how the request was answered and what the client sent.
    /// </summary>
    public TrailEntry(AlbRequestState state)
    {
        ReceivedUtc = state.ReceivedUtc;
        ElapsedTicks = Stopwatch.GetTimestamp() - state.ReceivedTimestamp;
        LoadBalancer = state.LoadBalancer;
        Listener = state.Listener;
        Rule = state.Rule;
        RulesEvaluated = state.RulesEvaluated;
        Error = state.Error;
        ErrorDetail = state.ErrorDetail;
        ErrorReason = state.ErrorReason;
        TargetStatusCode = state.TargetStatusCode;
        TargetGroup = state.TargetGroup;
        Target = state.Target;
        TraceId = state.TraceId;
        Classification = state.Classification;
        ClassificationReason = state.ClassificationReason;
        TransformedHost = state.TransformedHost;
        TransformedUri = state.TransformedUri;
        RequestTransformStatus = state.RequestTransformStatus;
        ActionsExecuted = state.ActionsExecuted;
        RedirectUrl = state.RedirectUrl;
        CookiesSet = state.SetCookies?.Count ?? 0;
        // What the client sent is the caller's; until then the access log's form of a part never parsed.
        Method = "-";
        RawTarget = "-";
        Protocol = "-";
    }

    public long Sequence;
    public DateTime ReceivedUtc;
    public long ElapsedTicks;
    public LoadBalancerModel LoadBalancer;
    public ListenerModel Listener;
    public RuleModel? Rule;
    public int RulesEvaluated;
    public OutcomeKind Outcome;
    public AlbError Error;
    public string? ErrorDetail;
    public string? ErrorReason;
    public int StatusCode;
    public int TargetStatusCode;
    public TargetGroupModel? TargetGroup;
    public TargetModel? Target;
    public string Method;
    public string? Host;
    public string RawTarget;
    public string Protocol;
    public IPAddress? ClientAddress;
    public int ClientPort;
    public string? TraceId;
    public string? Classification;
    public string? ClassificationReason;
    public string? TransformedHost;
    public string? TransformedUri;
    public string? RequestTransformStatus;
    public string? ActionsExecuted;
    public string? RedirectUrl;
    public StringValues Cookie;
    public StringValues UserAgent;

    /// <summary>The values of the headers named by the listener's http-header conditions (<see cref="ConditionHeaders"/>), or null.</summary>
    public StringValues[]? ConditionHeaders;

    /// <summary>How many stickiness cookies the response set.</summary>
    public int CookiesSet;

    /// <summary>For a request rejected on the wire: the wire check that rejected its head (null for every other request).</summary>
    public string? WireCheck;

    /// <summary>For a request rejected on the wire: why the check rejected it.</summary>
    public string? WireReason;

    /// <summary>Wall time from receipt to the end of the lifecycle.</summary>
    public readonly TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, ElapsedTicks);
}
