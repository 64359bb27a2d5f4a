using AlbEmulator.Forwarding;
using AlbEmulator.Headers;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Lambda;

/// <summary>
/// The header fields of the Lambda event (LAM-11): the client's headers with lower-case names, minus
/// the hop-by-hop headers and those the load balancer sets itself (as for any target, §6), plus
/// <c>host</c> (HDR-20), <c>x-amzn-trace-id</c> (HDR-30), <c>x-forwarded-for</c> (HDR-1),
/// <c>x-forwarded-port</c> and <c>x-forwarded-proto</c> (HDR-10), which the load balancer always adds, and
/// on HTTPS listeners the TLS information and mTLS headers (<see cref="MutualTls.TlsRequestHeaders"/>).
/// </summary>
public static class LambdaRequestHeaders
{
    public static List<KeyValuePair<string, string>> Collect(HttpContext context, AlbRequestState state)
    {
        var settings = state.LoadBalancer.Settings;
        var headers = context.Request.Headers;
        var fields = new List<KeyValuePair<string, string>>(headers.Count + 5);
        foreach (var header in headers)
        {
            if (!ForwardedHeaderNames.ShouldCopy(header.Key))
            {
                continue;
            }

            var name = header.Key.ToLowerInvariant();
            foreach (var value in header.Value)
            {
                if (value is not null)
                {
                    fields.Add(new(name, value));
                }
            }
        }

        if (settings.PreserveHostHeader && headers.Host.Count > 0)
        {
            foreach (var host in headers.Host)
            {
                fields.Add(new("host", host ?? ""));
            }
        }
        else
        {
            fields.Add(new("host", HostHeader.Rewrite(RequestFacts.OriginalHost(context), state.Listener.Port, state.LoadBalancer.Identifiers.DnsName)));
        }

        if (state.TraceId is not null)
        {
            fields.Add(new("x-amzn-trace-id", state.TraceId));
        }

        var connection = context.Connection;
        var xff = ForwardedForHeader.Process(headers[ForwardedForHeader.HeaderName], settings.XffMode, connection.RemoteIpAddress, connection.RemotePort, settings.XffClientPort);
        if (xff is not null)
        {
            fields.Add(new("x-forwarded-for", xff));
        }

        fields.Add(new("x-forwarded-port", state.Listener.PortText));
        fields.Add(new("x-forwarded-proto", state.Listener.Scheme));
        if (MutualTls.TlsRequestHeaders.Applies(state.Listener, settings))
        {
            // HDR-40, LST-41, LST-42: the TLS information and client-certificate headers, as HTTP targets get
            // them (a client's own headers of those names are replaced or removed).
            MutualTls.TlsRequestHeaders.Apply(state.Connection, state.Listener, settings, (name, value) =>
            {
                var lower = name.ToLowerInvariant();
                fields.RemoveAll(f => f.Key == lower);
                if (value is not null)
                {
                    fields.Add(new(lower, value));
                }
            });
        }

        return fields;
    }
}
