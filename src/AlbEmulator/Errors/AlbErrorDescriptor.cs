namespace AlbEmulator.Errors;

/// <summary>
/// Everything needed to put one ALB-generated error on the wire and into the access log and metrics.
/// </summary>
/// <param name="Error">The catalogue key.</param>
/// <param name="StatusCode">Status code sent to the client (and <c>elb_status_code</c>).</param>
/// <param name="ReasonPhrase">Reason phrase of the status line and of the HTML title.</param>
/// <param name="ErrorReason">Access-log <c>error_reason</c>, or <c>-</c>.</param>
/// <param name="CloseConnection">Whether ALB closes the client connection after this response.</param>
/// <param name="SendsResponse">False for log-only codes (460): nothing is sent to the client.</param>
/// <param name="GrpcStatus">grpc-status used toward gRPC clients (MISC-20).</param>
/// <param name="SpecId">Where the behaviour is specified (alb-data-plane.md).</param>
/// <param name="Trigger">One line on what produces it, for docs/errors.md and diagnostics.</param>
/// <param name="Fix">What the user can change so it does not happen (diagnostics, config-format.md §3).</param>
public sealed record AlbErrorDescriptor(
    AlbError Error,
    int StatusCode,
    string ReasonPhrase,
    string ErrorReason,
    bool CloseConnection,
    bool SendsResponse,
    int GrpcStatus,
    string SpecId,
    string Trigger,
    string Fix)
{
    /// <summary>The nginx-style HTML page ALB sends (ERR-BODY-1), with CRLF line endings.</summary>
    public byte[] Body { get; } = AlbErrorPage.Render(StatusCode, ReasonPhrase);

    /// <summary>The text used in the page title and status line, e.g. <c>503 Service Temporarily Unavailable</c>.</summary>
    public string Title => ReasonPhrase.Length == 0 ? StatusCode.ToString() : $"{StatusCode} {ReasonPhrase}";
}
