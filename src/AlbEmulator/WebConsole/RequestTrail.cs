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

    private readonly Lock _gate = new();
    private readonly TrailEntry[] _ring;
    private long _next;

    public RequestTrail(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _ring = new TrailEntry[Math.Min(capacity, MaxCapacity)];
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
        lock (_gate)
        {
            var sequence = ++_next;
            ref var entry = ref _ring[(int)((sequence - 1) % _ring.Length)];
            entry.Sequence = sequence;
            entry.ReceivedUtc = state.ReceivedUtc;
            entry.ElapsedTicks = Stopwatch.GetTimestamp() - state.ReceivedTimestamp;
            entry.LoadBalancer = state.LoadBalancer;
            entry.Listener = state.Listener;
            entry.Rule = state.Rule;
            entry.RulesEvaluated = state.RulesEvaluated;
            entry.Outcome = outcome.Kind;
            entry.Error = outcome.Kind is OutcomeKind.Reject or OutcomeKind.Abort ? outcome.Error : state.Error;
            entry.ErrorDetail = outcome.Detail ?? state.ErrorDetail;
            entry.ErrorReason = state.ErrorReason;
            entry.StatusCode = context.Response.StatusCode;
            entry.TargetStatusCode = state.TargetStatusCode;
            entry.TargetGroup = state.TargetGroup;
            entry.Target = state.Target;
            entry.Method = original.Method;
            entry.Host = original.Host;
            entry.RawTarget = original.RawTarget;
            entry.Protocol = context.Request.Protocol;
            entry.ClientAddress = connection.RemoteIpAddress;
            entry.ClientPort = connection.RemotePort;
            entry.TraceId = state.TraceId;
            entry.Classification = state.Classification;
            entry.ClassificationReason = state.ClassificationReason;
            entry.TransformedHost = state.TransformedHost;
            entry.TransformedUri = state.TransformedUri;
            entry.RequestTransformStatus = state.RequestTransformStatus;
            entry.ActionsExecuted = state.ActionsExecuted;
            entry.RedirectUrl = state.RedirectUrl;
            entry.Cookie = headers.Cookie;
            entry.UserAgent = headers.UserAgent;
            entry.ConditionHeaders = conditionHeaders;
            entry.CookiesSet = state.SetCookies?.Count ?? 0;
        }
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

        var state = rejected.State;
        lock (_gate)
        {
            var sequence = ++_next;
            // The whole slot is replaced: it may still hold an older request's rule, target and headers.
            _ring[(int)((sequence - 1) % _ring.Length)] = new TrailEntry
            {
                Sequence = sequence,
                ReceivedUtc = state.ReceivedUtc,
                ElapsedTicks = Stopwatch.GetTimestamp() - state.ReceivedTimestamp,
                LoadBalancer = state.LoadBalancer,
                Listener = state.Listener,
                Outcome = OutcomeKind.Reject,
                Error = state.Error,
                ErrorReason = state.ErrorReason,
                StatusCode = rejected.Outcome.ElbStatusCode,
                // [EMU] A head whose request line never parsed is listed as the access log writes it: "-" for each part.
                Method = rejected.Method ?? "-",
                Host = rejected.Host,
                RawTarget = rejected.RawTarget ?? "-",
                Protocol = rejected.Protocol ?? "-",
                ClientAddress = rejected.ClientAddress,
                ClientPort = rejected.ClientPort,
                TraceId = state.TraceId,
                Classification = state.Classification,
                ClassificationReason = state.ClassificationReason,
                UserAgent = rejected.UserAgent,
                WireCheck = check,
                WireReason = reason,
            };
        }
    }

    /// <summary>The recorded requests, oldest first; only those after <paramref name="afterSequence"/>.</summary>
    public TrailEntry[] Snapshot(long afterSequence = 0)
    {
        lock (_gate)
        {
            var newest = _next;
            var oldest = Math.Max(Math.Max(newest - _ring.Length, afterSequence), 0) + 1;
            if (newest < oldest)
            {
                return [];
            }

            var result = new TrailEntry[newest - oldest + 1];
            for (var sequence = oldest; sequence <= newest; sequence++)
            {
                result[sequence - oldest] = _ring[(int)((sequence - 1) % _ring.Length)];
            }

            return result;
        }
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
        lock (_gate)
        {
            Array.Clear(_ring);
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
