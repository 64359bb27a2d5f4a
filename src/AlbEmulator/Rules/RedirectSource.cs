namespace AlbEmulator.Rules;

/// <summary>The original request components a redirect action starts from (ACT-20).</summary>
public readonly struct RedirectSource
{
    /// <param name="protocol">The listener protocol, <c>HTTP</c> or <c>HTTPS</c>.</param>
    /// <param name="host">The request's first Host / <c>:authority</c> as received (may carry a port); null when absent.</param>
    /// <param name="listenerPort">The listener port: the original port of the request.</param>
    /// <param name="path">The raw path as received (starts with <c>/</c>).</param>
    /// <param name="queryString">The raw query without the leading <c>?</c>; empty when none.</param>
    /// <param name="fallbackHost">
    /// The host used when the request has no (or an empty) Host: the load balancer's DNS name, as ALB
    /// uses for the Host it generates for such a request (HDR-21).
    /// </param>
    public RedirectSource(string protocol, string? host, int listenerPort, string path, string queryString, string fallbackHost)
    {
        Protocol = protocol;
        Host = host;
        ListenerPort = listenerPort;
        Path = path;
        QueryString = queryString;
        FallbackHost = fallbackHost;
    }

    public string Protocol { get; }

    public string? Host { get; }

    public int ListenerPort { get; }

    public string Path { get; }

    public string QueryString { get; }

    public string FallbackHost { get; }
}
