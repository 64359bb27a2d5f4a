using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Errors;

/// <summary>
/// Writes every response the load balancer generates itself: errors from <see cref="AlbErrorCatalog"/>,
/// redirects and fixed responses. Headers follow HDR-60/HDR-61: <c>Server: awselb/2.0</c>, Date (added
/// by the server), Content-Type, Content-Length, and for HTTP/1.x <c>Connection: keep-alive</c> or
/// <c>close</c>. HEAD responses carry headers only (ERR-BODY-4).
/// </summary>
public static class AlbResponseWriter
{
    public const string ServerHeaderValue = "awselb/2.0";

    /// <summary>Carries the diagnostic explanation when <c>--diagnostics</c> is on (config-format.md §3).</summary>
    public const string DiagnosticHeaderName = "X-AlbEmulator-Diagnostic";

    /// <summary>Writes an ALB error from the catalogue and records it on the request state.</summary>
    public static Task WriteErrorAsync(HttpContext context, AlbError error, AlbRequestState? state, string? diagnostic = null)
    {
        var descriptor = AlbErrorCatalog.Get(error);
        if (state is not null)
        {
            state.Error = error;
        }

        if (!descriptor.SendsResponse)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        if (Protocol.ClientProtocols.Of(context.Request) == Protocol.ClientProtocol.Grpc)
        {
            return WriteGrpcErrorAsync(context, descriptor, diagnostic);
        }

        if (diagnostic is not null)
        {
            context.Response.OnStarting(static d => { ((HttpContext)((object[])d)[0]).Response.Headers[DiagnosticHeaderName] = (string)((object[])d)[1]; return Task.CompletedTask; }, new object[] { context, diagnostic });
        }

        return WriteAsync(context, descriptor.StatusCode, descriptor.ReasonPhrase, "text/html", descriptor.Body, descriptor.CloseConnection, location: null);
    }

    /// <summary>
    /// Toward gRPC clients ALB answers in gRPC form: the HTTP status plus <c>grpc-status</c> and
    /// <c>grpc-message</c> headers (observed: 502 with 14 / "unavailable", MISC-20). [EMU] The body is
    /// empty and the content type application/grpc, so gRPC clients read the status cleanly.
    /// </summary>
    private static Task WriteGrpcErrorAsync(HttpContext context, AlbErrorDescriptor descriptor, string? diagnostic)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        response.Clear();
        response.StatusCode = descriptor.StatusCode;
        response.Headers.Server = ServerHeaderValue;
        response.Headers.ContentType = "application/grpc";
        response.Headers["grpc-status"] = descriptor.GrpcStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = GrpcStatusNames.Message(descriptor.GrpcStatus);
        response.Headers.ContentLength = 0;
        if (diagnostic is not null)
        {
            response.Headers[DiagnosticHeaderName] = diagnostic;
        }

        return Task.CompletedTask;
    }

    /// <summary>Writes an ALB-generated response that is not an error (fixed response, redirect, IdP redirect).</summary>
    public static Task WriteAsync(HttpContext context, AlbGeneratedResponse response) =>
        WriteAsync(context, response.StatusCode, response.ReasonPhrase, response.ContentType, response.Body, response.CloseConnection, response.Location, response.Headers);

    /// <summary>Writes an ALB-generated response with the given status line, content type and body.</summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, string reasonPhrase, string? contentType, byte[] body, bool closeConnection, string? location, IReadOnlyList<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.Clear();
        response.StatusCode = statusCode;
        context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = reasonPhrase.Length == 0 ? null : reasonPhrase;
        var headers = response.Headers;
        headers.Server = ServerHeaderValue;
        if (contentType is not null)
        {
            headers.ContentType = contentType;
        }

        headers.ContentLength = body.Length;
        if (location is not null)
        {
            headers.Location = location;
        }

        if (extraHeaders is not null)
        {
            foreach (var (name, value) in extraHeaders)
            {
                headers.Append(name, value);
            }
        }

        if (!HttpProtocol.IsHttp2(context.Request.Protocol))
        {
            headers.Connection = closeConnection ? "close" : "keep-alive";
            context.Features.Get<Listeners.IAlbConnectionFeature>()?.Connection.WireOutput?.UseAlbHeaderOrderForNextResponse();
        }

        if (state(context) is { } requestState)
        {
            requestState.ResponseStartedTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        if (!HttpMethods.IsHead(context.Request.Method) && body.Length > 0)
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }

        static AlbRequestState? state(HttpContext c) => c.Features.Get<IAlbRequestFeature>()?.State;
    }
}
