using System.Net;
using System.Net.Http.Headers;
using AlbEmulator.Errors;

namespace AlbEmulator.Lambda;

/// <summary>
/// Calls the Lambda Invoke API (<c>POST {LambdaEndpoint}/2015-03-31/functions/{FunctionName}/invocations</c>,
/// <c>X-Amz-Invocation-Type: RequestResponse</c>) and maps what goes wrong to ALB's errors (LAM-1,
/// LAM-2): <c>X-Amz-Function-Error</c> → LambdaUnhandled; 404 → LambdaResourceNotFound; 429 →
/// LambdaThrottling; 401/403 → LambdaAccessDenied; other error statuses → LambdaServiceException;
/// connection failure → LambdaConnectionError; no connection within 10 s or no complete answer within
/// the timeout → LambdaConnectionTimeout (504); payload over 1 MB → LambdaResponseTooLarge.
/// [EMU] Requests are not SigV4-signed (local runtimes do not check signatures).
/// </summary>
public sealed class LambdaInvoker : IDisposable
{
    public const string InvocationTypeHeader = "X-Amz-Invocation-Type";
    public const string FunctionErrorHeader = "X-Amz-Function-Error";

    private readonly HttpMessageInvoker _client;

    public LambdaInvoker()
    {
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectTimeout = LambdaLimits.ConnectTimeout,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        });
    }

    /// <summary>
    /// Invokes the function with <paramref name="eventJson"/>. <paramref name="timeout"/> bounds the whole
    /// call (answer and payload); <paramref name="clientAborted"/> ends it when the client goes away.
    /// </summary>
    public async Task<LambdaInvokeResult> InvokeAsync(LambdaFunctionTarget function, byte[] eventJson, TimeSpan timeout, CancellationToken clientAborted)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        timeoutSource.CancelAfter(timeout);
        var token = timeoutSource.Token;
        using var request = new HttpRequestMessage(HttpMethod.Post, function.InvokeUri)
        {
            Content = new ByteArrayContent(eventJson),
            Version = HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(InvocationTypeHeader, "RequestResponse");
        try
        {
            using var response = await _client.SendAsync(request, token);
            var status = (int)response.StatusCode;
            var mapped = MapStatus(status);
            if (mapped != AlbError.None)
            {
                return LambdaInvokeResult.Failed(mapped, $"The Invoke API at {function.InvokeUri} answered {status}.", answered: true);
            }

            if (response.Headers.TryGetValues(FunctionErrorHeader, out var functionError))
            {
                return LambdaInvokeResult.Failed(AlbError.LambdaUnhandled, $"The function failed ({FunctionErrorHeader}: {string.Join(",", functionError)}).", answered: true);
            }

            if (response.Content.Headers.ContentLength > LambdaLimits.MaxResponseBytes)
            {
                return TooLarge(response.Content.Headers.ContentLength.Value);
            }

            var payload = await ReadLimitedAsync(response.Content, token);
            return payload is null ? TooLarge(null) : LambdaInvokeResult.Success(payload);
        }
        catch (OperationCanceledException) when (clientAborted.IsCancellationRequested)
        {
            return LambdaInvokeResult.Failed(AlbError.ClientClosedRequest, "The client closed the connection while the function ran.", answered: false);
        }
        catch (OperationCanceledException)
        {
            return LambdaInvokeResult.Failed(AlbError.LambdaConnectionTimeout, $"The Invoke API at {function.InvokeUri} did not answer within {timeout.TotalSeconds:0.###} s (or did not accept the connection within {LambdaLimits.ConnectTimeout.TotalSeconds:0} s).", answered: false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return LambdaInvokeResult.Failed(AlbError.LambdaConnectionError, $"Calling the Invoke API at {function.InvokeUri} failed: {e.Message}", answered: false);
        }
    }

    public void Dispose() => _client.Dispose();

    private static AlbError MapStatus(int status) => status switch
    {
        >= 200 and < 300 => AlbError.None,
        404 => AlbError.LambdaResourceNotFound,
        429 => AlbError.LambdaThrottling,
        401 or 403 => AlbError.LambdaAccessDenied,
        _ => AlbError.LambdaServiceException,
    };

    private static LambdaInvokeResult TooLarge(long? length) =>
        LambdaInvokeResult.Failed(AlbError.LambdaResponseTooLarge, $"The function's response{(length is null ? "" : $" ({length} bytes)")} is over {LambdaLimits.MaxResponseBytes} bytes.", answered: true);

    /// <summary>The payload, or null when it is over the 1 MB limit (LAM-1).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken token)
    {
        await using var stream = await content.ReadAsStreamAsync(token);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, token)) > 0)
        {
            if (buffer.Length + read > LambdaLimits.MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
