using Microsoft.AspNetCore.Http;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// received_bytes / sent_bytes (request and response sizes including headers) where the wire layer did
/// not count them: HTTP/2 received_bytes (HTTP/1.x counts both on the wire, HTTP/2 counts sent_bytes per
/// stream: Listeners/Http2/Http2OutputCounter), computed from the parsed request and response: the
/// request line, header lines and body length as declared.
/// </summary>
internal static class ByteCounts
{
    public static long Received(HttpContext context)
    {
        var request = context.Request;
        long total = request.Method.Length + 1 + Pipeline.RequestFacts.RawTarget(context).Length + 1 + request.Protocol.Length + 2;
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                total += header.Key.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }

        return total + 2 + (request.ContentLength ?? 0);
    }

    public static long Sent(HttpContext context)
    {
        var response = context.Response;
        long total = "HTTP/1.1 200 OK\r\n".Length;
        foreach (var header in response.Headers)
        {
            foreach (var value in header.Value)
            {
                total += header.Key.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }

        return total + 2 + (response.ContentLength ?? 0);
    }
}
