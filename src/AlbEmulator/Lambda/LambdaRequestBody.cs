using AlbEmulator.Errors;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Lambda;

/// <summary>
/// Reads the whole request body before the function is invoked (TG-28: the upload time counts in
/// request_processing_time, LAM-3), limited to 1 MB (LAM-1) in two phases: a declared Content-Length
/// over the limit is refused before anything is read; otherwise the bytes are counted as they arrive
/// (chunked bodies) and reading stops at the first byte over the limit.
/// </summary>
public static class LambdaRequestBody
{
    /// <summary>The body, or <see cref="AlbError.LambdaRequestTooLarge"/>.</summary>
    public static async Task<(AlbError Error, byte[] Body)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > LambdaLimits.MaxRequestBodyBytes)
        {
            return (AlbError.LambdaRequestTooLarge, []);
        }

        var capacity = (int)Math.Min(request.ContentLength ?? 4096, LambdaLimits.MaxRequestBodyBytes);
        using var buffer = new MemoryStream(capacity);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > LambdaLimits.MaxRequestBodyBytes)
            {
                return (AlbError.LambdaRequestTooLarge, []);
            }

            buffer.Write(chunk, 0, read);
        }

        return (AlbError.None, buffer.ToArray());
    }
}
