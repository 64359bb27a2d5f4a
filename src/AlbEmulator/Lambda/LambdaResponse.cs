namespace AlbEmulator.Lambda;

/// <summary>
/// A valid Lambda response mapped to what the client receives (LAM-20..LAM-25): status code, the
/// reason phrase from <c>statusDescription</c> (null: the standard phrase), the header fields to send
/// (hop-by-hop and Content-Length removed, Content-Type defaulted) and the decoded body.
/// </summary>
public sealed record LambdaResponse(
    int StatusCode,
    string? ReasonPhrase,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body);
