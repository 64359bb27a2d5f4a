using System.Net;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Rules;

/// <summary>
/// The facts about a request that listener-rule conditions look at (spec §2.2, RULE-10..RULE-25).
/// Every string is as received on the wire: nothing is decoded, lower-cased or trimmed here.
/// </summary>
public readonly struct RuleMatchRequest
{
    /// <param name="method">The request method, exactly as received (RULE-23 is case-sensitive).</param>
    /// <param name="host">
    /// The first <c>Host</c> header value (HTTP/1.x) or <c>:authority</c> (HTTP/2) as received, possibly
    /// with a <c>:port</c>; null when the request has none (RULE-20, HDR-20).
    /// </param>
    /// <param name="path">The raw path as received, without the query, not percent-decoded (RULE-21).</param>
    /// <param name="queryString">The raw query without the leading <c>?</c>; empty when there is none (RULE-24).</param>
    /// <param name="headers">The request headers (RULE-22).</param>
    /// <param name="remoteIpAddress">The TCP peer address, never X-Forwarded-For (RULE-25).</param>
    public RuleMatchRequest(
        string method,
        string? host,
        string path,
        string queryString,
        IHeaderDictionary headers,
        IPAddress? remoteIpAddress)
    {
        Method = method;
        Host = host;
        Path = path;
        QueryString = queryString;
        Headers = headers;
        RemoteIpAddress = remoteIpAddress;
    }

    public string Method { get; }

    public string? Host { get; }

    public string Path { get; }

    public string QueryString { get; }

    public IHeaderDictionary Headers { get; }

    public IPAddress? RemoteIpAddress { get; }
}
