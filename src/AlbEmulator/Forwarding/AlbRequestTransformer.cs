using System.Diagnostics;
using AlbEmulator.Headers;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Forwarding;

/// <summary>
/// Builds the request a target receives and records the response timing. Request headers follow §6
/// of the spec: X-Forwarded-For/-Proto/-Port (HDR-1..HDR-10), Host (HDR-20, HDR-21), X-Amzn-Trace-Id
/// (HDR-30..HDR-32), hop-by-hop headers and Expect removed (HDR-54, HDR-55).
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
        var settings = state.LoadBalancer.Settings;
        var request = httpContext.Request;
        var headers = request.Headers;

        foreach (var header in headers)
        {
            if (!ForwardedHeaderNames.ShouldCopy(header.Key))
            {
                continue;
            }

            AddHeader(proxyRequest, header.Key, header.Value);
        }

        // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length; never forward both.
        if (headers.ContainsKey("Transfer-Encoding") && headers.ContainsKey("Content-Length"))
        {
            proxyRequest.Content?.Headers.Remove("Content-Length");
        }

        // HTTP/2 clients may send "te: trailers" (gRPC needs it forwarded).
        if (HttpProtocol.IsHttp2(request.Protocol) && headers.TryGetValue("TE", out var te) && te.ToString().Contains("trailers", StringComparison.OrdinalIgnoreCase))
        {
            proxyRequest.Headers.TryAddWithoutValidation("TE", "trailers");
        }

        // Host (HDR-20): a host-header-rewrite transform's result (ACT-40), preserved byte for byte, or
        // rewritten from the first Host / :authority.
        if (state.TransformedHost is { } transformedHost)
        {
            proxyRequest.Headers.Host = transformedHost;
        }
        else if (settings.PreserveHostHeader && headers.Host.Count > 0)
        {
            proxyRequest.Headers.TryAddWithoutValidation("Host", (IEnumerable<string>)headers.Host.ToArray()!);
        }
        else
        {
            proxyRequest.Headers.Host = HostHeader.Rewrite(RequestFacts.OriginalHost(httpContext), state.Listener.Port, state.LoadBalancer.Identifiers.DnsName);
        }

        var connection = httpContext.Connection;
        // The peer of a connection never changes: it is formatted once per connection, not per request.
        var clientText = settings.XffClientPort
            ? state.Connection.ForwardedForClientWithPort ??= ForwardedForHeader.FormatClient(connection.RemoteIpAddress, connection.RemotePort, includePort: true)
            : state.Connection.ForwardedForClientWithoutPort ??= ForwardedForHeader.FormatClient(connection.RemoteIpAddress, connection.RemotePort, includePort: false);
        var xff = ForwardedForHeader.Process(headers[ForwardedForHeader.HeaderName], settings.XffMode, clientText);
        if (xff is not null)
        {
            proxyRequest.Headers.TryAddWithoutValidation(ForwardedForHeader.HeaderName, xff);
        }

        // Always added, client-supplied values overwritten [EMU, HDR-10].
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", state.Listener.Scheme);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Port", state.Listener.PortText);
        if (state.TraceId is not null)
        {
            proxyRequest.Headers.TryAddWithoutValidation(TraceIdHeader.HeaderName, state.TraceId);
        }

        if (MutualTls.TlsRequestHeaders.Applies(state.Listener, settings))
        {
            // HDR-40, LST-41, LST-42: TLS information and client certificate headers.
            MutualTls.TlsRequestHeaders.Apply(state.Connection, state.Listener, settings, (name, value) =>
            {
                proxyRequest.Headers.Remove(name);
                if (value is not null)
                {
                    proxyRequest.Headers.TryAddWithoutValidation(name, value);
                }
            });
        }

        if (state.CloseConnectionsAfterResponse)
        {
            // The target connection is not reused after this request (DSY-3).
            proxyRequest.Headers.ConnectionClose = true;
        }

        proxyRequest.RequestUri ??= state.TransformedUri is { } transformedUri
            ? Rules.RuleTransformStep.DestinationAddress(destinationPrefix, transformedUri) // ACT-40: the rewritten URL as written
            : RequestUtilities.MakeDestinationAddress(destinationPrefix, request.Path, request.QueryString);
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
        if (proxied && state.SetCookies is { } cookies)
        {
            foreach (var cookie in cookies)
            {
                httpContext.Response.Headers.Append("Set-Cookie", cookie);
            }
        }

        state.ResponseStartedTimestamp = Stopwatch.GetTimestamp();
        return proxied;
    }

    /// <summary>Adds a header to the request or, for content headers, to its content.</summary>
    private static void AddHeader(HttpRequestMessage request, string name, StringValues value)
    {
        if (value.Count > 1 && string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase))
        {
            // Several cookie fields become one, joined with "; " (TG-23, RFC 9113 §8.2.3).
            value = string.Join("; ", value.ToArray());
        }

        foreach (var item in value)
        {
            if (item is not null && item.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                return;
            }
        }

        if (value.Count == 1 && value[0] is { } single)
        {
            // One value (the common case): the string overload stores it as is, no array per header.
            if (request.Headers.TryAddWithoutValidation(name, single))
            {
                return;
            }

            request.Content ??= new ByteArrayContent([]);
            request.Content.Headers.TryAddWithoutValidation(name, single);
            return;
        }

        if (request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value.ToArray()!))
        {
            return;
        }

        request.Content ??= new ByteArrayContent([]);
        request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value.ToArray()!);
    }
}
