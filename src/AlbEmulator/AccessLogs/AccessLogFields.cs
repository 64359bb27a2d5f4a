namespace AlbEmulator.AccessLogs;

/// <summary>One field of the access-log line: its 1-based position, name, whether it is written in double quotes, and where its value comes from.</summary>
/// <param name="Number">Position in the line, 1-based.</param>
/// <param name="Name">The field's name in the AWS documentation (or AlbEmulator's name for an unnamed one).</param>
/// <param name="Quoted">Written as <c>"value"</c> (<c>"-"</c> when absent); otherwise a bare token (<c>-</c>).</param>
/// <param name="Source">Where ALB documents or shows the field, and where AlbEmulator takes its value from.</param>
public sealed record AccessLogField(int Number, string Name, bool Quoted, string Source)
{
    /// <summary>The name as docs/access-logs.md and the AWS field table write it: <c>"name"</c> for quoted fields.</summary>
    public string DisplayName => Quoted ? $"\"{Name}\"" : Name;
}

/// <summary>
/// The access-log line of 2026, field by field, in order: the one table <see cref="AccessLogFormatter"/>,
/// docs/access-logs.md and the fixture's parser follow (a test pins each to it). Sources: [doc] the ALB
/// user guide's access-log page and its Athena DDL (alb-observability-api.md §1.3, §1.9); [obs] lines
/// captured from real load balancers up to September 2026 (issue 20). New fields are only ever appended.
/// </summary>
public static class AccessLogFields
{
    /// <summary>ALB's log timestamp (ISO 8601, microseconds, UTC), as the connection and health-check logs write it.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>Every field, in the order written.</summary>
    public static readonly IReadOnlyList<AccessLogField> All =
    [
        // [doc] http/https/h2/grpcs/ws/wss. Listener protocol, client HTTP version, grpc content type, 101 answer.
        new(1, "type", false, "[doc] listener protocol, HTTP version, gRPC content type, WebSocket upgrade"),
        // [doc] time the response was generated (WebSocket: when it closed), microseconds. TimeProvider at log time.
        new(2, "time", false, "[doc] clock when the response finished"),
        // [doc] app/<name>/<id>. AwsIdentifiers.LoadBalancerFullName.
        new(3, "elb", false, "[doc] load balancer id"),
        // [doc] client address:port, IPv6 without brackets. HttpContext.Connection.Remote*.
        new(4, "client:port", false, "[doc] connection remote endpoint"),
        // [doc] target ip:port; - for Lambda, not dispatched, WAF block. AlbRequestState.Target.
        new(5, "target:port", false, "[doc] chosen target"),
        // [doc] seconds, 3 decimals, -1 when not dispatched. Stopwatch timestamps on AlbRequestState.
        new(6, "request_processing_time", false, "[doc] received -> sent to target"),
        new(7, "target_processing_time", false, "[doc] sent to target -> target's response headers"),
        new(8, "response_processing_time", false, "[doc] target's headers -> response to client started"),
        // [doc] status sent to the client (460 when the client left). RequestOutcome.ElbStatusCode.
        new(9, "elb_status_code", false, "[doc] status answered"),
        // [doc] the target's status, - without one. AlbRequestState.TargetStatusCode.
        new(10, "target_status_code", false, "[doc] target's status"),
        // [doc] bytes including headers. Counted on the wire (AlbConnection), else ByteCounts.
        new(11, "received_bytes", false, "[doc] request bytes on the wire"),
        new(12, "sent_bytes", false, "[doc] response bytes on the wire"),
        // [doc] METHOD scheme://host:port/target HTTP/x.y; [obs] "- http://<lb-dns>:<port>- -" for a malformed request, HTTP/1.0 as sent.
        new(13, "request", true, "[doc][obs] request line with the listener scheme and port"),
        // [doc] User-Agent, 8 KB at most.
        new(14, "user_agent", true, "[doc] User-Agent header"),
        // [doc] OpenSSL cipher name; [obs] TLS 1.3 suites by IANA name (TLS_AES_128_GCM_SHA256). ITlsHandshakeFeature.
        new(15, "ssl_cipher", false, "[doc][obs] negotiated cipher (TlsNames)"),
        // [doc] TLSv1.2 / [obs] TLSv1.3. ITlsHandshakeFeature.
        new(16, "ssl_protocol", false, "[doc][obs] negotiated protocol (TlsNames)"),
        // [doc] target group chosen by the forward action. AlbRequestState.TargetGroup.
        new(17, "target_group_arn", false, "[doc] target group ARN"),
        // [doc] X-Amzn-Trace-Id sent to the target. AlbRequestState.TraceId.
        new(18, "trace_id", true, "[doc] X-Amzn-Trace-Id"),
        // [doc] SNI name that matched a certificate. AlbConnection.SniDomain.
        new(19, "domain_name", true, "[doc] SNI name"),
        // [doc] certificate presented. AlbConnection.CertificateArn.
        new(20, "chosen_cert_arn", true, "[doc] certificate ARN"),
        // [doc] matching rule priority, 0 default rule, - before rule evaluation. AlbRequestState.MatchedRulePriority.
        new(21, "matched_rule_priority", false, "[doc] rule priority"),
        // [doc] when the request was received; [obs] milliseconds padded with 000.
        new(22, "request_creation_time", false, "[doc][obs] receipt time"),
        // [doc] comma-separated actions. AlbRequestState.ActionsExecuted.
        new(23, "actions_executed", true, "[doc] actions run"),
        // [doc][obs] Location of a redirect, port included. AlbRequestState.RedirectUrl.
        new(24, "redirect_url", true, "[doc][obs] redirect Location"),
        // [doc] error reason code. AlbRequestState.ErrorReason / AlbErrorCatalog.
        new(25, "error_reason", true, "[doc] error reason code"),
        // [doc] the one target, as field 5.
        new(26, "target:port_list", true, "[doc] target list"),
        // [doc] the one target status, as field 10.
        new(27, "target_status_code_list", true, "[doc] target status list"),
        // [doc] desync classification. AlbRequestState.Classification.
        new(28, "classification", true, "[doc] desync classification"),
        new(29, "classification_reason", true, "[doc] desync classification reason"),
        // [doc] TID_ + 32 hex, shared with the connection log. AlbConnection.ConnTraceId.
        new(30, "conn_trace_id", false, "[doc] connection trace id"),
        // [doc] rule transforms (Athena DDL column names); "-" without a transform.
        new(31, "transformed_host", true, "[doc] host after a host-header-rewrite transform"),
        new(32, "transformed_uri", true, "[doc] URI after a url-rewrite transform"),
        new(33, "request_transform_status", true, "[doc] transform status"),
        // [obs] mid-2026: the node's IP, unquoted, as in the S3 object key. The connection's local address.
        new(34, "ip_address", false, "[obs] load balancer node IP (the listener address the connection reached)"),
        // [obs] since 2026-09-23 two more quoted fields, "-" in every line seen; names unconfirmed.
        new(35, "unnamed_35", true, "[obs] always \"-\""),
        new(36, "unnamed_36", true, "[obs] always \"-\""),
    ];

    /// <summary>The number of fields in a line.</summary>
    public static int Count => All.Count;
}
