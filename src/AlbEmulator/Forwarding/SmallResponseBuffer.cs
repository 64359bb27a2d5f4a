using System.Net;
using AlbEmulator.Errors;

namespace AlbEmulator.Forwarding;

/// <summary>
/// ALB answers 504 when a target declares a Content-Length larger than the body it sends (it waits for
/// the missing bytes until the idle timeout, ERR-504) and 502 when the target closes in the middle of the
/// response (ERR-502). ALB can only do that if it has not forwarded the response head yet, so AlbEmulator
/// reads a response whose declared body is at most <see cref="MaxBufferedBytes"/> completely before
/// anything goes to the client. [EMU] Longer bodies are streamed: a target that fails inside one cuts the
/// client connection instead (docs/known-differences.md).
/// </summary>
internal static class SmallResponseBuffer
{
    /// <summary>[EMU] Responses up to this declared size are read whole before the head is forwarded.</summary>
    public const long MaxBufferedBytes = 64 * 1024;

    /// <summary>
    /// Reads a short body whole. Returns <see cref="AlbError.None"/> when the response can go to the client (buffered or
    /// streamed), else the error the load balancer answers instead: 504 (the body stalled) or 502 (the target closed).
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<AlbError> BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (content?.Headers.ContentLength is not (> 0 and <= MaxBufferedBytes) || response.StatusCode == HttpStatusCode.SwitchingProtocols)
        {
            return AlbError.None;
        }

        try
        {
            // The forwarder's activity timeout (the ALB idle timeout) bounds this read. The body is buffered
            // inside the same content: its headers stay exactly as the target sent them, as for a streamed body.
            await content.LoadIntoBufferAsync(cancellationToken);
            return AlbError.None;
        }
        catch (OperationCanceledException)
        {
            return AlbError.TargetResponseTimeout;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return AlbError.TargetConnectionError;
        }
    }
}
