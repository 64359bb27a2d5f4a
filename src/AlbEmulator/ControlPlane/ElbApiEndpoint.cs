using System.Text;
using AlbEmulator.ControlPlane.Operations;
using AlbEmulator.ControlPlane.Query;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// <c>POST /</c> on the admin endpoint: the ELBv2 Query API (alb-observability-api §4.1–4.4). The SigV4
/// <c>Authorization</c> header is accepted and not verified, unless admin credentials are configured
/// (<see cref="SigV4Verifier"/>). Every answer carries a request id in the
/// body and in <c>x-amzn-RequestId</c>.
/// </summary>
internal static class ElbApiEndpoint
{
    /// <summary>Larger bodies are refused (the biggest real request is a few KB).</summary>
    private const int MaxBodyBytes = 1 << 20;

    public static async Task HandleAsync(HttpContext context, AlbControlPlane controlPlane)
    {
        var requestId = Guid.NewGuid().ToString();
        string action = "";
        string xml;
        var status = StatusCodes.Status200OK;
        try
        {
            var body = await ReadBodyAsync(context.Request);
            controlPlane.Signatures?.Verify(context.Request, body);
            var parameters = QueryParameters.Parse(WithQuery(context.Request, Encoding.UTF8.GetString(body)));
            parameters.AdminOrigin = $"{context.Request.Scheme}://{context.Request.Host}";
            action = parameters.Get("Action") ?? throw new AlbApiError("MissingAction", "The request must contain the parameter Action.");
            if (!ElbApiOperations.All.TryGetValue(action, out var operation))
            {
                throw AlbApiError.InvalidAction(action);
            }

            if (controlPlane.Signatures is null && !ElbApiOperations.IsReadOnly(action))
            {
                AdminRequestGuard.RequireSignatureShape(context.Request, action);
            }

            xml = QueryXml.Response(action, requestId, operation(parameters, controlPlane));
        }
        catch (AlbApiError e)
        {
            ControlPlaneLog.LogApiError(controlPlane.Logger, action, e.Code, e.Message);
            status = e.StatusCode;
            xml = QueryXml.Error(e, requestId);
        }
        catch (Exception e) when (e is BadHttpRequestException or UnreadableBodyException)
        {
            // A malformed body (bad chunked framing, a truncated body): the client's fault, said plainly.
            ControlPlaneLog.LogApiError(controlPlane.Logger, action, "MalformedRequest", e.Message);
            status = StatusCodes.Status400BadRequest;
            xml = QueryXml.Error(new AlbApiError("ValidationError", $"The request body could not be read: {e.Message}"), requestId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug, not the caller's fault: AWS's InternalFailure (500; SDKs retry it).
            ControlPlaneLog.LogApiFailure(controlPlane.Logger, action, e);
            var error = new AlbApiError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", StatusCodes.Status500InternalServerError);
            status = error.StatusCode;
            xml = QueryXml.Error(error, requestId);
        }

        await WriteAsync(context, status, requestId, xml);
    }

    /// <summary>An ELBv2-style error answer for a request refused before it reached an operation (<see cref="AdminRequestGuard"/>).</summary>
    public static Task WriteErrorAsync(HttpContext context, AlbApiError error)
    {
        var requestId = Guid.NewGuid().ToString();
        return WriteAsync(context, error.StatusCode, requestId, QueryXml.Error(error, requestId));
    }

    private static async Task WriteAsync(HttpContext context, int status, string requestId, string xml)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var bytes = Encoding.UTF8.GetBytes(xml);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await ReadAsync(request, chunk)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw AlbApiError.Validation("The request body is too large");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Kestrel reports bad chunked framing (e.g. an overflowing chunk size) as an IOException.</summary>
    private static async ValueTask<int> ReadAsync(HttpRequest request, byte[] chunk)
    {
        try
        {
            return await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted);
        }
        catch (IOException e) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw new UnreadableBodyException(e.Message, e);
        }
    }

    private sealed class UnreadableBodyException(string message, Exception inner) : Exception(message, inner);

    private static string WithQuery(HttpRequest request, string body)
    {
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        return query.Length == 0 ? body : body.Length == 0 ? query : query + "&" + body;
    }
}
