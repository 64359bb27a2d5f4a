using System.Diagnostics;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Forwarding;

/// <summary>
/// Builds the request a target receives on YARP's path (HTTP2 and GRPC target groups, WebSocket upgrades, in-memory
/// targets) and records the response timing. The headers are those <see cref="ForwardedRequestHeaders"/> decides.
/// </summary>
public sealed class AlbRequestTransformer : HttpTransformer
{
    public static readonly AlbRequestTransformer Instance = new();

    private AlbRequestTransformer()
    {
    }

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        var state = httpContext.Features.GetRequiredFeature<IAlbRequestFeature>().State;
        var host = ForwardedRequestHeaders.Host(httpContext, state, out var rewritten);
        ForwardedRequestHeaders.Apply(httpContext, state, new RequestMessageSink(proxyRequest), host, rewritten);
        proxyRequest.RequestUri ??= DestinationAddress(httpContext, state, destinationPrefix);
        state.RequestSentTimestamp = Stopwatch.GetTimestamp();
        return default;
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var state = httpContext.Features.GetRequiredFeature<IAlbRequestFeature>().State;
        if (proxyResponse is not null)
        {
            state.ResponseHeadersTimestamp = Stopwatch.GetTimestamp();
            state.TargetStatusCode = (int)proxyResponse.StatusCode;
        }

        if (proxyResponse is not null && await SmallResponseBuffer.BufferAsync(proxyResponse, cancellationToken) is not Errors.AlbError.None and var failure)
        {
            // The target stalled or closed inside a short body: nothing has been sent to the client yet, so
            // ForwardAction answers 504 or 502 as ALB does (ERR-502, ERR-504); YARP's SendAsync carries no result.
            state.TargetStatusCode = 0;
            state.IncompleteTargetResponse = failure;
            return false;
        }

        var proxied = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxied)
        {
            AppendStateCookies(httpContext, state);
        }

        state.ResponseStartedTimestamp = Stopwatch.GetTimestamp();
        return proxied;
    }

    /// <summary>
    /// The target's URL on either forwarder: the rewritten URL as written when a transform rewrote it (ACT-40), else
    /// the destination prefix plus the request's path and query as YARP builds it.
    /// </summary>
    internal static Uri DestinationAddress(HttpContext context, AlbRequestState state, string destinationPrefix) =>
        state.TransformedUri is { } transformedUri
            ? Rules.RuleTransformStep.DestinationAddress(destinationPrefix, transformedUri)
            : RequestUtilities.MakeDestinationAddress(destinationPrefix, context.Request.Path, context.Request.QueryString);

    /// <summary>The Set-Cookie headers the load balancer adds to a target's response (stickiness, authentication sessions).</summary>
    internal static void AppendStateCookies(HttpContext context, AlbRequestState state)
    {
        if (state.SetCookies is { } cookies)
        {
            foreach (var cookie in cookies)
            {
                context.Response.Headers.Append("Set-Cookie", cookie);
            }
        }
    }

    /// <summary>The forwarded headers written into YARP's request message.</summary>
    private sealed class RequestMessageSink(HttpRequestMessage request) : IForwardedHeaderSink
    {
        public void Copy(string name, StringValues value)
        {
            if (value.Count == 1 && value[0] is { } single)
            {
                // One value (the common case): the string overload stores it as is, no array per header.
                if (!request.Headers.TryAddWithoutValidation(name, single))
                {
                    // A content header: on the content (created empty when the request has no body).
                    request.Content ??= new ByteArrayContent([]);
                    request.Content.Headers.TryAddWithoutValidation(name, single);
                }

                return;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value.ToArray()!))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value.ToArray()!);
            }
        }

        public void Add(string name, string value) => request.Headers.TryAddWithoutValidation(name, value);

        public void Host(StringValues host, bool rewritten)
        {
            if (rewritten)
            {
                request.Headers.Host = host[0];
            }
            else
            {
                request.Headers.TryAddWithoutValidation("Host", (IEnumerable<string>)host.ToArray()!);
            }
        }

        public void ConnectionClose() => request.Headers.ConnectionClose = true;
    }
}
