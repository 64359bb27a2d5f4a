using AlbEmulator.Errors;

namespace AlbEmulator.Listeners.Http1;

/// <summary>
/// What the wire front end learned about one HTTP/1.x request before Kestrel parsed it. The request
/// pipeline reads it from <see cref="AlbConnection.CurrentWireRequest"/> at the start of the request.
/// </summary>
public sealed class WireRequest
{
    /// <summary>Bytes of the request head as received (request line, headers, empty line).</summary>
    public long HeadBytes { get; init; }

    /// <summary>Body bytes received from the client so far (updated as the body streams).</summary>
    public long BodyBytes { get; set; }

    /// <summary>The request target exactly as received (for the access log).</summary>
    public string RawTarget { get; init; } = "/";

    /// <summary>Desync classification for the access log, or null when compliant.</summary>
    public string? Classification { get; init; }

    public string? ClassificationReason { get; init; }

    /// <summary>Defensive mode, Ambiguous request: close the client and target connections after the response (DSY-3).</summary>
    public bool CloseConnectionsAfterResponse { get; init; }

    /// <summary>The whole body (as framed) has been received from the client.</summary>
    public bool BodyComplete { get; set; }

    /// <summary>The client stopped sending the body for the idle timeout (408, ERR-408).</summary>
    public bool BodyTimedOut { get; set; }

    /// <summary>The body's framing is malformed (a bad chunk): the input ends there and the answer is 400, connection closed.</summary>
    public bool BodyMalformed { get; set; }

    /// <summary>
    /// The request was upgraded (101, a WebSocket): the connection is a tunnel whose idle timeout the
    /// forwarder applies to both directions (TG-30), so the input reader stops timing client reads alone.
    /// </summary>
    public bool Upgraded { get; set; }

    /// <summary>An error found on the wire that the pipeline must answer (none today; rejections are answered on the wire).</summary>
    public AlbError Error { get; init; }
}

/// <summary>The desync classification of a request for the access log (null values when compliant).</summary>
internal readonly record struct WireClassification(string? Classification, string? Reason);
