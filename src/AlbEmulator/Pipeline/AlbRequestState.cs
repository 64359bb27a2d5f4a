using System.Diagnostics;
using AlbEmulator.Errors;
using AlbEmulator.Listeners;
using AlbEmulator.Model;

namespace AlbEmulator.Pipeline;

/// <summary>
/// What happened to one request, recorded where each decision is made and read by the access log and
/// the metrics (the Envoy model: decisions record, the logger only reads).
/// The state is its own <see cref="IAlbRequestFeature"/> (one allocation per request, not two).
/// </summary>
public sealed class AlbRequestState : IAlbRequestFeature
{
    public AlbRequestState(AlbConnection connection, LoadBalancerModel loadBalancer, DateTime receivedUtc, long receivedTimestamp)
    {
        Connection = connection;
        LoadBalancer = loadBalancer;
        Listener = loadBalancer.FindListener(connection.Listener.Port) ?? connection.Listener;
        ReceivedUtc = receivedUtc;
        ReceivedTimestamp = receivedTimestamp;
    }

    public AlbConnection Connection { get; }

    /// <summary>The listener as the request's snapshot has it (rules and actions of the current config).</summary>
    public ListenerModel Listener { get; }

    public LoadBalancerModel LoadBalancer { get; }

    /// <summary>When the load balancer received the request (access-log <c>request_creation_time</c>).</summary>
    public DateTime ReceivedUtc { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> at receipt.</summary>
    public long ReceivedTimestamp { get; }

    /// <summary>The X-Amzn-Trace-Id value sent to the target (access-log <c>trace_id</c>).</summary>
    public string? TraceId { get; set; }

    /// <summary>Matched rule priority; 0 for the default rule; null when rules were not evaluated (RULE-3).</summary>
    public int? MatchedRulePriority { get; set; }

    /// <summary>Rules evaluated for this request, the default rule excluded (RuleEvaluations metric).</summary>
    public int RulesEvaluated { get; set; }

    /// <summary>Comma-separated <c>actions_executed</c>, or null for none (<see cref="RecordActionExecuted"/>).</summary>
    public string? ActionsExecuted { get; set; }

    /// <summary>The matched rule (null before rule matching, e.g. in the pre-routing slot).</summary>
    public RuleModel? Rule { get; set; }

    /// <summary>Access-log <c>transformed_host</c>: the Host after a host-header-rewrite transform, or null.</summary>
    public string? TransformedHost { get; set; }

    /// <summary>Access-log <c>transformed_uri</c>: the URI after a url-rewrite transform, or null.</summary>
    public string? TransformedUri { get; set; }

    /// <summary>Access-log <c>request_transform_status</c>, or null.</summary>
    public string? RequestTransformStatus { get; set; }

    /// <summary>Appends one token to <c>actions_executed</c> (<c>waf</c>, <c>authenticate</c>, <c>forward</c>, ...), in the order the actions ran.</summary>
    public void RecordActionExecuted(string logName) =>
        ActionsExecuted = ActionsExecuted is null ? logName : ActionsExecuted + "," + logName;

    public TargetGroupModel? TargetGroup { get; set; }

    public TargetModel? Target { get; set; }

    public string? RedirectUrl { get; set; }

    /// <summary>The routing action of the matched rule.</summary>
    public ActionModel? Action { get; set; }

    /// <summary>Request-specific explanation for the diagnostic of an ALB-generated error.</summary>
    public string? ErrorDetail { get; set; }

    /// <summary>The ALB-generated outcome, if any.</summary>
    public AlbError Error { get; set; }

    /// <summary>Access-log <c>error_reason</c> override (e.g. AWSALBTGCookieInvalid), else the catalogue's.</summary>
    public string? ErrorReason { get; set; }

    /// <summary>Status the target answered with, or 0 when no target response was received.</summary>
    public int TargetStatusCode { get; set; }

    /// <summary>
    /// The short target response the transformer held back could not be read whole (Forwarding/SmallResponseBuffer):
    /// the error ForwardAction answers instead (the only way out of YARP's SendAsync); <see cref="AlbError.None"/> otherwise.
    /// </summary>
    internal AlbError IncompleteTargetResponse { get; set; }

    /// <summary>When the request was sent to the target (0 = never).</summary>
    public long RequestSentTimestamp { get; set; }

    /// <summary>When the target's response headers arrived (0 = never).</summary>
    public long ResponseHeadersTimestamp { get; set; }

    /// <summary>When the load balancer started sending the response to the client.</summary>
    public long ResponseStartedTimestamp { get; set; }

    /// <summary>Desync classification (<c>Acceptable</c>/<c>Ambiguous</c>/<c>Severe</c>) or null when compliant.</summary>
    public string? Classification { get; set; }

    public string? ClassificationReason { get; set; }

    /// <summary>Bytes received from the client for this request (head and body), when counted on the wire.</summary>
    public long? ReceivedBytes { get; set; }

    /// <summary>Bytes sent to the client for this request (head and body), when counted on the wire.</summary>
    public long? SentBytes { get; set; }

    /// <summary>The request line could not be parsed: the access log writes <c>"- http://host:port- -"</c>.</summary>
    public bool RequestLineUnparsed { get; set; }

    /// <summary>Close the client and target connections after this response (desync Ambiguous in defensive mode, DSY-3).</summary>
    public bool CloseConnectionsAfterResponse { get; set; }

    /// <summary>What an authentication action did (ELBAuth* metrics), or null when none ran.</summary>
    public Authentication.AuthenticationRecord? Authentication { get; set; }

    /// <summary>Stickiness cookies to add to the response.</summary>
    public List<string>? SetCookies { get; set; }

    /// <summary>This state (the <see cref="IAlbRequestFeature"/> view of it).</summary>
    AlbRequestState IAlbRequestFeature.State => this;

    /// <summary>What the HTTP/1.x wire front end read of this request (head and body bytes); null on HTTP/2.</summary>
    internal Listeners.Http1.WireRequest? Wire { get; set; }

    /// <summary>HTTP/1.x: bytes the connection had sent when this request began (its sent_bytes are counted from there).</summary>
    internal long SentBytesAtStart { get; set; }

    /// <summary>Time elapsed between two timestamps, in seconds.</summary>
    public static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}

/// <summary>Feature through which middleware and the transformer find the request's <see cref="AlbRequestState"/>.</summary>
public interface IAlbRequestFeature
{
    AlbRequestState State { get; }
}
