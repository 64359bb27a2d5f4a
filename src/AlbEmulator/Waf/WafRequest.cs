using System.Net;

namespace AlbEmulator.Waf;

/// <summary>
/// What AWS WAF receives from the load balancer for one request: method, URI path and query string as
/// sent, the headers in order, the client address, and the first <see cref="BodyInspectionLimit"/> bytes
/// of the body (ALB forwards at most 8 KB; "Oversize request components" in the WAF guide). Every value is a
/// byte string held as Latin-1. Query arguments and cookies are parsed on first use.
/// </summary>
public sealed class WafRequest
{
    /// <summary>ALB sends WAF the first 8 KB of the body (not configurable for ALB, unlike CloudFront).</summary>
    public const int BodyInspectionLimit = 8 * 1024;

    /// <summary>WAF inspects at most the first 8 KB of headers and the first 200 headers (likewise cookies).</summary>
    public const int HeaderInspectionLimit = 8 * 1024;

    public const int HeaderCountLimit = 200;

    private List<KeyValuePair<string, string>>? _queryArguments;
    private List<KeyValuePair<string, string>>? _cookies;
    private bool _cookiesOversize;

    public WafRequest(string method, string uriPath, string queryString, IReadOnlyList<KeyValuePair<string, string>> headers, IPAddress clientIp, string body, bool bodyOversize, string httpVersion = "HTTP/1.1")
    {
        Method = method;
        UriPath = uriPath;
        QueryString = queryString;
        Headers = headers;
        ClientIp = clientIp;
        Body = body;
        BodyOversize = bodyOversize;
        HttpVersion = httpVersion;
        var size = 0;
        var count = 0;
        foreach (var header in headers)
        {
            size += header.Key.Length + header.Value.Length + 4;
            count++;
        }

        HeadersOversize = size > HeaderInspectionLimit || count > HeaderCountLimit;
    }

    public string Method { get; }

    /// <summary>The path as sent (not decoded, not normalised).</summary>
    public string UriPath { get; }

    /// <summary>The query string as sent, without the <c>?</c>.</summary>
    public string QueryString { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public IPAddress ClientIp { get; }

    /// <summary>The body bytes WAF received (at most <see cref="BodyInspectionLimit"/>).</summary>
    public string Body { get; }

    /// <summary>The body was larger than the inspection limit.</summary>
    public bool BodyOversize { get; }

    public bool HeadersOversize { get; }

    public string HttpVersion { get; }

    /// <summary>Country of an address ([ext] table, <see cref="GeoTable"/>); set by the caller.</summary>
    public GeoTable Geo { get; init; } = GeoTable.Empty;

    /// <summary>Values of every header named <paramref name="name"/> (case-insensitive), in order.</summary>
    public IEnumerable<string> HeaderValues(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return header.Value;
            }
        }
    }

    public string? Header(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>Query arguments, names and values as sent (not decoded), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryArguments => _queryArguments ??= ParseQuery(QueryString);

    public IReadOnlyList<KeyValuePair<string, string>> Cookies
    {
        get
        {
            if (_cookies is null)
            {
                ParseCookies();
            }

            return _cookies!;
        }
    }

    public bool CookiesOversize
    {
        get
        {
            if (_cookies is null)
            {
                ParseCookies();
            }

            return _cookiesOversize;
        }
    }

    private static List<KeyValuePair<string, string>> ParseQuery(string query)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (query.Length == 0)
        {
            return list;
        }

        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=');
            list.Add(equals < 0 ? new(part, "") : new(part[..equals], part[(equals + 1)..]));
        }

        return list;
    }

    private void ParseCookies()
    {
        var list = new List<KeyValuePair<string, string>>();
        var size = 0;
        foreach (var header in HeaderValues("cookie"))
        {
            foreach (var raw in header.Split(';'))
            {
                var part = raw.Trim(' ');
                if (part.Length == 0)
                {
                    continue;
                }

                size += part.Length;
                var equals = part.IndexOf('=');
                list.Add(equals < 0 ? new(part, "") : new(part[..equals], part[(equals + 1)..]));
            }
        }

        _cookiesOversize = size > HeaderInspectionLimit || list.Count > HeaderCountLimit;
        _cookies = list;
    }
}
