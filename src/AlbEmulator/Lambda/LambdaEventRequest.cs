namespace AlbEmulator.Lambda;

/// <summary>
/// What goes into one ALB→Lambda event (LAM-10): the request as the load balancer forwards it.
/// <paramref name="Headers"/> holds every header field to send (lower-case names, duplicates allowed,
/// the load balancer's own x-forwarded-* and x-amzn-trace-id included); <paramref name="RawQuery"/> is
/// the query string as received, without <c>?</c>.
/// </summary>
public sealed record LambdaEventRequest(
    string TargetGroupArn,
    string HttpMethod,
    string Path,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    bool MultiValueHeaders);
