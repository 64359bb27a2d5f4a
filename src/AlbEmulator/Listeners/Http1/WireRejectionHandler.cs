using AlbEmulator.AccessLogs;
using AlbEmulator.Errors;
using AlbEmulator.Pipeline;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Listeners.Http1;

/// <summary>
/// Records requests rejected on the wire (before Kestrel parsed them): their <see cref="AccessLogEntry"/> built
/// from the connection and the head as far as it was read (the request line when it could be parsed,
/// <c>"- http://host:port- -"</c> otherwise), and the diagnostic
/// application-log line naming the cause and the fix (config-format.md §3).
/// </summary>
internal sealed partial class WireRejectionHandler
{
    private readonly AlbRuntime _runtime;
    private readonly RequestRecorder _recorder;
    private readonly ILogger _logger;

    public WireRejectionHandler(AlbRuntime runtime, RequestRecorder recorder, ILogger logger, bool diagnosticsEnabled)
    {
        _runtime = runtime;
        _recorder = recorder;
        _logger = logger;
        DiagnosticsEnabled = diagnosticsEnabled;
    }

    public bool DiagnosticsEnabled { get; }

    /// <summary>The current load balancer snapshot holder.</summary>
    public AlbRuntime Runtime => _runtime;

    /// <summary>
    /// An HTTP/2 connection ended with GOAWAY for an oversized header block or a flood (H2-3): one line that explains,
    /// and the access-log line with <c>elb_status_code</c> <c>000</c> (ERR-000; the troubleshooting guide's "response
    /// code 000"). [EMU] AWS documents the code only: the request is written unparsed (<c>"- https://host:port- -"</c>,
    /// the request's header block was never accepted), received_bytes are the bytes the client sent on the connection up
    /// to the offending frame's header, sent_bytes 0, no target (docs/access-logs.md).
    /// </summary>
    public void LogHttp2Violation(AlbConnection connection, string what, long receivedBytes)
    {
        LogHttp2GoAway(_logger, connection.Listener.Port, connection.RemoteEndPoint?.ToString() ?? "-", what);
        var now = _recorder.UtcNow;
        var state = new AlbRequestState(connection, _runtime.Current.LoadBalancerOf(connection), now, System.Diagnostics.Stopwatch.GetTimestamp())
        {
            RequestLineUnparsed = true,
            ReceivedBytes = receivedBytes,
            SentBytes = 0,
        };
        _recorder.Complete(AccessLogEntry.ForConnection(connection, state, now, elbStatusCode: 0, "h2"));
    }

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "Listener {Port}: HTTP/2 client {Client} sent {What}: GOAWAY and connection closed (H2-3, as ALB).")]
    private static partial void LogHttp2GoAway(ILogger logger, int port, string client, string what);

    public string Diagnostic(AlbError error, HeadVerdict request) => Diagnostics.Explain(error, request.Method, request.Version);

    public void Log(AlbConnection connection, WireRejection rejection, HeadVerdict verdict, long receivedBytes, long sentBytes, string diagnostic)
    {
        var error = rejection.Error;
        var classification = rejection.Classification;
        var descriptor = AlbErrorCatalog.Get(error);
        Diagnostics.LogAlbResponse(_logger, descriptor, connection.Listener.Port, diagnostic);

        var now = _recorder.UtcNow;
        var state = new AlbRequestState(connection, _runtime.Current.LoadBalancerOf(connection), now, System.Diagnostics.Stopwatch.GetTimestamp())
        {
            Error = error,
            RequestLineUnparsed = verdict is not { RequestLineParsed: true },
            ReceivedBytes = receivedBytes,
            SentBytes = sentBytes,
            Classification = classification.Classification,
            ClassificationReason = classification.Reason,
        };
        var entry = AccessLogEntry.ForConnection(connection, state, now, descriptor.StatusCode, state.Listener.IsHttps ? "https" : "http");
        if (verdict is { RequestLineParsed: true } parsed)
        {
            entry = entry with
            {
                Method = parsed.Method,
                Protocol = parsed.Version,
                RawTarget = parsed.RawTarget,
                Host = RequestFacts.OriginalHost(parsed.RawTarget, parsed.Host),
                UserAgent = parsed.UserAgent,
            };
        }

        _recorder.CompleteWireRejection(entry, rejection.Check, rejection.Reason);
    }
}
