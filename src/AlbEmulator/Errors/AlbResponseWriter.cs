using System.Globalization;
using System.Text;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Errors;

/// <summary>
/// Writes every response the load balancer generates itself: errors from <see cref="AlbErrorCatalog"/>,
/// redirects and fixed responses. Headers follow HDR-60/HDR-61: <c>Server: awselb/2.0</c>, Date (added
/// by the server), Content-Type, Content-Length, and for HTTP/1.x <c>Connection: keep-alive</c> or
/// <c>close</c>. HEAD responses carry headers only (ERR-BODY-4). Two renderings of the same response: through
/// Kestrel for requests of the pipeline (HTTP/1.x, whose head <c>Listeners/Http1/Http1OutputWriter</c> puts in ALB's
/// order, and HTTP/2; the gRPC form for gRPC clients), and <see cref="FormatHttp1"/>, the bytes written straight to the
/// connection for requests rejected on the wire before Kestrel parsed them (Listeners/Http1).
/// </summary>
public static class AlbResponseWriter
{
    private static readonly AlbGeneratedResponse?[] ErrorResponses = new AlbGeneratedResponse?[Enum.GetValues<AlbError>().Cast<int>().Max() + 1];

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

        return WriteAsync(context, ForError(error));
    }

    /// <summary>The response of a catalogue error (ERR-BODY-1): status line, text/html, the error page; one instance per error.</summary>
    public static AlbGeneratedResponse ForError(AlbError error)
    {
        var index = (int)error;
        return ErrorResponses[index] ??= Create(AlbErrorCatalog.Get(error));

        static AlbGeneratedResponse Create(AlbErrorDescriptor descriptor) =>
            new(descriptor.StatusCode, descriptor.ReasonPhrase, "text/html", descriptor.Body, Location: null, descriptor.CloseConnection);
    }

    /// <summary>
    /// The HTTP/1.1 bytes of an ALB-generated response, for a request rejected on the wire (Listeners/Http1): header
    /// order and spelling as ALB sends them (ERR-BODY-3): Server, Date, Content-Type, Content-Length, Connection, then
    /// Location and the extra headers; the listener's <c>routing.http.response.*</c> headers (LST-50/51: every
    /// ALB-generated response carries them; without Server when the server header is disabled); the diagnostic
    /// header when <c>--diagnostics</c> is on. HEAD: the head only.
    /// </summary>
    public static byte[] FormatHttp1(AlbGeneratedResponse response, DateTimeOffset now, bool headRequest, string? diagnostic, Headers.ListenerHeaders? listenerHeaders = null)
    {
        var text = new StringBuilder(256);
        text.Append("HTTP/1.1 ").Append(response.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(response.ReasonPhrase).Append("\r\n");
        if (listenerHeaders?.ServerEnabled != false)
        {
            text.Append("Server: ").Append(ServerHeaderValue).Append("\r\n");
        }

        text.Append("Date: ").Append(now.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
        if (response.ContentType is not null)
        {
            text.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        }

        text.Append("Content-Length: ").Append(response.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        text.Append("Connection: ").Append(response.CloseConnection ? "close" : "keep-alive").Append("\r\n");
        if (response.Location is not null)
        {
            text.Append("Location: ").Append(response.Location).Append("\r\n");
        }

        if (response.Headers is not null)
        {
            foreach (var (name, value) in response.Headers)
            {
                text.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        foreach (var (name, value) in listenerHeaders?.ResponseHeaders ?? [])
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (diagnostic is not null)
        {
            text.Append(DiagnosticHeaderName).Append(": ").Append(diagnostic).Append("\r\n");
        }

        text.Append("\r\n");
        var head = Encoding.ASCII.GetBytes(text.ToString());
        if (headRequest || response.Body.Length == 0)
        {
            return head;
        }

        var bytes = new byte[head.Length + response.Body.Length];
        head.CopyTo(bytes, 0);
        response.Body.CopyTo(bytes, head.Length);
        return bytes;
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
