namespace AlbEmulator.Headers;

/// <summary>
/// The Host header sent to targets (HDR-20, HDR-21, TG-22) when
/// <c>routing.http.preserve_host_header.enabled</c> is false.
/// </summary>
public static class HostHeader
{
    /// <summary>
    /// <paramref name="received"/> is the first Host header (or :authority), or the authority of an
    /// absolute-form request target; null when the request had none (HTTP/1.0).
    /// </summary>
    public static string Rewrite(string? received, int listenerPort, string loadBalancerDnsName)
    {
        var host = string.IsNullOrEmpty(received) ? loadBalancerDnsName : received;
        var (name, port) = Split(host);
        name = name.ToLowerInvariant();

        // Listener on 80 or 443: any port is removed. Other listener ports: the listener port is
        // appended when the client sent none; a port the client sent is kept.
        if (listenerPort is 80 or 443)
        {
            return name;
        }

        return port.Length == 0 ? string.Concat(name, ":", listenerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)) : string.Concat(name, ":", port);
    }

    /// <summary>Splits <c>host[:port]</c>, IPv6 literals in brackets included.</summary>
    public static (string Name, string Port) Split(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            if (close > 0)
            {
                var rest = host.AsSpan(close + 1);
                return (host[..(close + 1)], rest.StartsWith(":") ? rest[1..].ToString() : "");
            }

            return (host, "");
        }

        var colon = host.LastIndexOf(':');
        return colon < 0 ? (host, "") : (host[..colon], host[(colon + 1)..]);
    }
}
