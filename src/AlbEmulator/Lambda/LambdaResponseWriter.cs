using System.Diagnostics;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Lambda;

/// <summary>
/// Puts a mapped Lambda response on the wire (LAM-20..LAM-25): the status code with the reason phrase of
/// <c>statusDescription</c>, the function's headers, a computed Content-Length and the decoded body.
/// Like any target response it gets no <c>Server: awselb/2.0</c> (HDR-60): only a Server header the
/// function set is sent. [EMU] 204 and 304 responses carry no body and no Content-Length; HEAD
/// responses carry the Content-Length of the body they do not send.
/// </summary>
public static class LambdaResponseWriter
{
    public static async Task WriteAsync(HttpContext context, AlbRequestState state, LambdaResponse lambda)
    {
        var response = context.Response;
        response.StatusCode = lambda.StatusCode;
        if (lambda.ReasonPhrase is { Length: > 0 } reason)
        {
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = reason;
        }

        var headers = response.Headers;
        foreach (var (name, value) in lambda.Headers)
        {
            headers.Append(name, value);
        }

        if (state.SetCookies is { } cookies)
        {
            foreach (var cookie in cookies)
            {
                headers.Append("Set-Cookie", cookie);
            }
        }

        var bodiless = lambda.StatusCode is 204 or 304;
        if (!bodiless)
        {
            headers.ContentLength = lambda.Body.Length;
        }

        state.ResponseStartedTimestamp = Stopwatch.GetTimestamp();
        if (bodiless || HttpMethods.IsHead(context.Request.Method) || lambda.Body.Length == 0)
        {
            await response.StartAsync(context.RequestAborted);
            return;
        }

        await response.Body.WriteAsync(lambda.Body, context.RequestAborted);
    }
}
