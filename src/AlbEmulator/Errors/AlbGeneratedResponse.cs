namespace AlbEmulator.Errors;

/// <summary>
/// A response the load balancer generates itself that is not an error of the catalogue: a fixed response,
/// a redirect, or (authentication) a redirect to the IdP with cookies. Written by <see cref="AlbResponseWriter"/>.
/// </summary>
/// <param name="StatusCode">Status code.</param>
/// <param name="ReasonPhrase">Reason phrase of the HTTP/1.x status line.</param>
/// <param name="ContentType">Content-Type, or null for none.</param>
/// <param name="Body">Body bytes (not sent for HEAD).</param>
/// <param name="Location">Location header, or null.</param>
/// <param name="CloseConnection">HTTP/1.x: <c>Connection: close</c> and the connection closed afterwards.</param>
public sealed record AlbGeneratedResponse(int StatusCode, string ReasonPhrase, string? ContentType, byte[] Body, string? Location = null, bool CloseConnection = false)
{
    /// <summary>More response headers (e.g. Set-Cookie of an authentication session), in order; null for none.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }
}
