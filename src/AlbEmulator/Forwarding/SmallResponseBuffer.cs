using System.Net;
using AlbEmulator.Errors;
using AlbEmulator.Pipeline;

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

    /// <summary>False when the body could not be read; <see cref="AlbRequestState.Error"/> then says why.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<bool> TryBufferAsync(HttpResponseMessage response, AlbRequestState state, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (content?.Headers.ContentLength is not (> 0 and <= MaxBufferedBytes) || response.StatusCode == HttpStatusCode.SwitchingProtocols)
        {
            return true;
        }

        try
        {
            // The forwarder's activity timeout (the ALB idle timeout) bounds this read. The body is buffered
            // inside the same content: its headers stay exactly as the target sent them, as for a streamed body.
            await content.LoadIntoBufferAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            state.Error = AlbError.TargetResponseTimeout;
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            state.Error = AlbError.TargetConnectionError;
            return false;
        }
    }
}
