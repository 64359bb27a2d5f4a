namespace AlbEmulator.Lambda;

/// <summary>
/// Whether a request body goes into the event as-is or base64-encoded (LAM-14): any
/// <c>Content-Encoding</c> → base64; otherwise <c>text/*</c>, <c>application/json</c>,
/// <c>application/javascript</c> and <c>application/xml</c> (parameters such as charset ignored) are
/// sent as text; any other or no content type → base64.
/// </summary>
public static class LambdaBodyEncoding
{
    private static readonly string[] TextTypes = ["application/json", "application/javascript", "application/xml"];

    public static bool IsBase64(string? contentType, bool hasContentEncoding)
    {
        if (hasContentEncoding || string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        var semicolon = contentType.IndexOf(';');
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        if (mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var text in TextTypes)
        {
            if (string.Equals(mediaType, text, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
