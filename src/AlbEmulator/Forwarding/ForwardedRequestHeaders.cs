using AlbEmulator.Headers;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AlbEmulator.Forwarding;

/// <summary>
/// Where the headers of the request a target receives go: YARP's <see cref="HttpRequestMessage"/>
/// (<see cref="AlbRequestTransformer"/>) or the bytes of the direct HTTP/1.1 forwarder (Http1/Http1RequestHead).
/// </summary>
internal interface IForwardedHeaderSink
{
    /// <summary>A received header forwarded as it is (CR/LF-free values; several Cookie fields already joined by <see cref="CookieHeader"/>).</summary>
    void Copy(string name, StringValues values);

    /// <summary>A header the load balancer sets itself.</summary>
    void Add(string name, string value);

    /// <summary>The Host header; <paramref name="rewritten"/> when the load balancer chose the value (not preserved as received).</summary>
    void Host(StringValues host, bool rewritten);

    /// <summary>The target connection is closed after this request (DSY-3).</summary>
    void ConnectionClose();
}

/// <summary>
/// The one place that decides the request headers a target receives (§6 of the spec): X-Forwarded-For/-Proto/-Port
/// (HDR-1..HDR-10), Host (HDR-20, HDR-21), X-Amzn-Trace-Id (HDR-30..HDR-32), the TLS headers (HDR-40, LST-41, LST-42),
/// hop-by-hop headers and Expect removed (HDR-54, HDR-55). The order of the calls on the sink is the order the
/// headers are written in.
/// </summary>
internal static class ForwardedRequestHeaders
{
    /// <summary>
    /// Host (HDR-20): a host-header-rewrite transform's result (ACT-40), preserved byte for byte, or rewritten from the
    /// first Host / :authority. <paramref name="rewritten"/> is false when the received Host headers go as they are.
    /// </summary>
    public static StringValues Host(HttpContext context, AlbRequestState state, out bool rewritten)
    {
        rewritten = true;
        if (state.TransformedHost is { } transformedHost)
        {
            return transformedHost;
        }

        var host = context.Request.Headers.Host;
        if (state.LoadBalancer.Settings.PreserveHostHeader && host.Count > 0)
        {
            rewritten = false;
            return host;
        }

        return HostHeader.Rewrite(RequestFacts.OriginalHost(context), state.Listener.Port, state.LoadBalancer.Identifiers.DnsName);
    }

    /// <summary>Calls <paramref name="sink"/> for every header of the forwarded request, in order; <paramref name="host"/> from <see cref="Host"/>.</summary>
    public static void Apply(HttpContext context, AlbRequestState state, IForwardedHeaderSink sink, StringValues host, bool hostRewritten)
    {
        var settings = state.LoadBalancer.Settings;
        var request = context.Request;
        var headers = request.Headers;
        var tls = MutualTls.TlsRequestHeaders.Applies(state.Listener, settings);
        HashSet<string>? tlsNames = null;
        if (tls)
        {
            // A client cannot supply these itself: its own are dropped, the load balancer's go last.
            var names = tlsNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            MutualTls.TlsRequestHeaders.Apply(state.Connection, state.Listener, settings, (name, _) => names.Add(name));
        }

        // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length; never forward both.
        var dropContentLength = headers.ContainsKey("Transfer-Encoding") && headers.ContainsKey("Content-Length");
        foreach (var header in headers)
        {
            var name = header.Key;
            if (!ForwardedHeaderNames.ShouldCopy(name)
                || (dropContentLength && string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
                || (tlsNames is not null && tlsNames.Contains(name)))
            {
                continue;
            }

            var value = header.Value;
            if (CookieHeader.IsSeveralFields(name, value))
            {
                // Several cookie fields become one before any sink sees them (TG-23).
                value = CookieHeader.Join(value);
            }

            if (!HasLineBreak(value))
            {
                sink.Copy(name, value);
            }
        }

        // HTTP/2 clients may send "te: trailers" (gRPC needs it forwarded).
        if (HttpProtocol.IsHttp2(request.Protocol) && headers.TryGetValue("TE", out var te) && te.ToString().Contains("trailers", StringComparison.OrdinalIgnoreCase))
        {
            sink.Add("TE", "trailers");
        }

        sink.Host(host, hostRewritten);

        var connection = context.Connection;
        // The peer of a connection never changes: it is formatted once per connection, not per request.
        var clientText = settings.XffClientPort
            ? state.Connection.ForwardedForClientWithPort ??= ForwardedForHeader.FormatClient(connection.RemoteIpAddress, connection.RemotePort, includePort: true)
            : state.Connection.ForwardedForClientWithoutPort ??= ForwardedForHeader.FormatClient(connection.RemoteIpAddress, connection.RemotePort, includePort: false);
        var xff = ForwardedForHeader.Process(headers[ForwardedForHeader.HeaderName], settings.XffMode, clientText);
        if (xff is not null)
        {
            sink.Add(ForwardedForHeader.HeaderName, xff);
        }

        // Always added, client-supplied values overwritten [EMU, HDR-10].
        sink.Add("X-Forwarded-Proto", state.Listener.Scheme);
        sink.Add("X-Forwarded-Port", state.Listener.PortText);
        if (state.TraceId is not null)
        {
            sink.Add(TraceIdHeader.HeaderName, state.TraceId);
        }

        if (tls)
        {
            MutualTls.TlsRequestHeaders.Apply(state.Connection, state.Listener, settings, (name, value) =>
            {
                if (value is not null)
                {
                    sink.Add(name, value);
                }
            });
        }

        if (state.CloseConnectionsAfterResponse)
        {
            // The target connection is not reused after this request (DSY-3).
            sink.ConnectionClose();
        }
    }

    private static bool HasLineBreak(StringValues values)
    {
        foreach (var item in values)
        {
            if (item is not null && item.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
