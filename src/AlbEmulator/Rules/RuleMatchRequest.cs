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
        _path = path;
        _pathLength = path?.Length ?? 0;
        _query = queryString;
        _queryStart = 0;
        Headers = headers;
        RemoteIpAddress = remoteIpAddress;
    }

    /// <summary>
    /// The facts of an origin-form request target without splitting it into new strings: the path is
    /// <c>target[..pathLength]</c>, the query <c>target[queryStart..]</c> (empty when
    /// <paramref name="queryStart"/> is the target's length).
    /// </summary>
    internal RuleMatchRequest(
        string method,
        string? host,
        string target,
        int pathLength,
        int queryStart,
        IHeaderDictionary headers,
        IPAddress? remoteIpAddress)
    {
        Method = method;
        Host = host;
        _path = target;
        _pathLength = pathLength;
        _query = target;
        _queryStart = queryStart;
        Headers = headers;
        RemoteIpAddress = remoteIpAddress;
    }

    private readonly string _path;
    private readonly int _pathLength;
    private readonly string _query;
    private readonly int _queryStart;

    public string Method { get; }

    public string? Host { get; }

    /// <summary>The raw path (a new string when the request was built from a whole target; conditions use <see cref="PathSpan"/>).</summary>
    public string Path => _path is null || _pathLength == _path.Length ? _path! : _path[.._pathLength];

    /// <summary>The raw query (a new string when the request was built from a whole target; conditions use <see cref="QuerySpan"/>).</summary>
    public string QueryString => _query is null ? null! : _queryStart == 0 ? _query : _query[_queryStart..];

    /// <summary>The raw path, without allocating.</summary>
    public ReadOnlySpan<char> PathSpan => _path.AsSpan(0, _pathLength);

    /// <summary>The raw query without the leading <c>?</c>, without allocating.</summary>
    public ReadOnlySpan<char> QuerySpan => _query.AsSpan(_queryStart);

    public IHeaderDictionary Headers { get; }

    public IPAddress? RemoteIpAddress { get; }
}
