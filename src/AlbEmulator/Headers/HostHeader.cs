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
        if (IsUnchangedByRewrite(host, listenerPort))
        {
            return host;
        }

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
    /// <summary>
    /// True when <see cref="Rewrite"/> would return <paramref name="host"/> itself (lower-case ASCII,
    /// and a port present exactly when the listener keeps one): the common case costs no allocation.
    /// </summary>
    private static bool IsUnchangedByRewrite(string host, int listenerPort)
    {
        if (!System.Text.Ascii.IsValid(host) || host.AsSpan().IndexOfAnyInRange('A', 'Z') >= 0)
        {
            return false;
        }

        bool hasPort;
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            if (close <= 0)
            {
                return listenerPort is 80 or 443;
            }

            var rest = host.AsSpan(close + 1);
            if (rest.Length > 0 && (rest[0] != ':' || rest.Length == 1))
            {
                return false;
            }

            hasPort = rest.Length > 0;
        }
        else
        {
            var colon = host.LastIndexOf(':');
            if (colon == host.Length - 1)
            {
                return false;
            }

            hasPort = colon >= 0;
        }

        return listenerPort is 80 or 443 ? !hasPort : hasPort;
    }

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
