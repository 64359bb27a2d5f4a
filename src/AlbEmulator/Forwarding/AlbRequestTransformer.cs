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

    /// <summary>The target's URL on YARP's path: the destination prefix plus <see cref="RequestTarget"/>, kept as written.</summary>
    internal static Uri DestinationAddress(HttpContext context, AlbRequestState state, string destinationPrefix) =>
        Rules.RuleTransformStep.DestinationAddress(destinationPrefix, RequestTarget(context, state));

    /// <summary>
    /// The request target a target receives, on either forwarder (the one place this is decided): the rewritten URL as
    /// written when a transform rewrote it (ACT-40), else the client's request target as received, neither decoded nor
    /// re-encoded (UNCONFIRMED, docs/known-differences.md and docs/request-headers.md: <c>%2F</c>, <c>%7E</c>, <c>//</c> and dot segments reach the
    /// target as sent). An absolute-form target is sent in origin form; the asterisk form (and a request without a raw
    /// target, e.g. in-memory) goes as Kestrel's path and query.
    /// </summary>
    internal static string RequestTarget(HttpContext context, AlbRequestState state)
    {
        if (state.TransformedUri is { } transformedUri)
        {
            return transformedUri;
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 })
        {
            if (raw[0] == '/')
            {
                return raw;
            }

            var scheme = raw.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0)
            {
                var start = raw.AsSpan(scheme + 3).IndexOfAny('/', '?');
                return start < 0 ? "/" : raw[scheme + 3 + start] == '?' ? "/" + raw[(scheme + 3 + start)..] : raw[(scheme + 3 + start)..];
            }
        }

        return RequestUtilities.MakeDestinationAddress("http://t", context.Request.Path, context.Request.QueryString).PathAndQuery;
    }

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
