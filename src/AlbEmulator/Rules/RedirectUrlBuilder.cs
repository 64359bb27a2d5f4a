using System.Globalization;
using System.Text;
using AlbEmulator.Configuration;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Rules;

/// <summary>
/// Builds the <c>Location</c> of a <c>redirect</c> action (ACT-20): <c>protocol://host:port/path?query</c>,
/// each component taken from the config with its <c>#{...}</c> keywords replaced by the original
/// request's components, an omitted component being kept as it was.
/// </summary>
public static class RedirectUrlBuilder
{
    /// <summary>
    /// Longest <c>Location</c> ALB sends. A longer one is answered with 507 and counted in
    /// <c>HTTP_Redirect_Url_Limit_Exceeded_Count</c>, whose CloudWatch description reads "the URL in the
    /// response location header is larger than 8K" (ACT-20; spec/alb-observability-api.md, CloudWatch metrics table).
    /// </summary>
    public const int MaxUrlLength = 8192;

    private static readonly (Keywords Keyword, string Token)[] KeywordTokens =
    [
        (Keywords.Protocol, "#{protocol}"),
        (Keywords.Host, "#{host}"),
        (Keywords.Port, "#{port}"),
        (Keywords.Path, "#{path}"),
        (Keywords.Query, "#{query}"),
    ];

    [Flags]
    private enum Keywords
    {
        Protocol = 1,
        Host = 2,
        Port = 4,
        Path = 8,
        Query = 16,
        All = Protocol | Host | Port | Path | Query,
    }

    /// <summary>
    /// The redirect URL, or null when it would be longer than <see cref="MaxUrlLength"/> (the caller
    /// answers 507). The scheme and host are lower-cased, the port is always written (MISC-17:
    /// <c>https://www.example.com:443/version</c>) and <c>?</c> is left out when the query is empty [EMU].
    /// </summary>
    public static string? Build(RedirectActionConfig config, in RedirectSource source)
    {
        var originalHost = string.IsNullOrEmpty(source.Host) ? source.FallbackHost : source.Host;
        var original = new Originals(
            AsciiCase.ToLower(source.Protocol),
            AsciiCase.ToLower(HostName.WithoutPort(originalHost).ToString()),
            source.ListenerPort.ToString(CultureInfo.InvariantCulture),
            source.Path.StartsWith('/') ? source.Path[1..] : source.Path,
            source.QueryString);

        var url = new StringBuilder();
        AppendLower(url, Expand(config.Protocol ?? "#{protocol}", Keywords.Protocol, original));
        url.Append("://");
        AppendLower(url, Expand(config.Host ?? "#{host}", Keywords.Host, original));
        url.Append(':');
        url.Append(Expand(config.Port ?? "#{port}", Keywords.Port, original));
        url.Append(Expand(config.Path ?? "/#{path}", Keywords.Host | Keywords.Path | Keywords.Port, original));
        var query = Expand(config.Query ?? "#{query}", Keywords.All, original);
        if (query.Length > 0)
        {
            url.Append('?').Append(query);
        }

        return url.Length > MaxUrlLength ? null : url.ToString();
    }

    /// <summary><c>HTTP_301</c> → 301, <c>HTTP_302</c> → 302 (ACT-20).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Any other value (the validator rejects it).</exception>
    public static int RedirectStatusCode(string configStatus) => configStatus switch
    {
        "HTTP_301" => StatusCodes.Status301MovedPermanently,
        "HTTP_302" => StatusCodes.Status302Found,
        _ => throw new ArgumentOutOfRangeException(nameof(configStatus), configStatus, "Expected HTTP_301 or HTTP_302."),
    };

    // Replaces the keywords allowed in this component; anything else (including a keyword that is
    // not allowed here) is copied as written. Values are inserted once, never expanded again.
    private static string Expand(string template, Keywords allowed, Originals original)
    {
        if (!template.Contains("#{", StringComparison.Ordinal))
        {
            return template;
        }

        var result = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            if (template[i] == '#' && TryKeyword(template.AsSpan(i), allowed, original, out var length, out var value))
            {
                result.Append(value);
                i += length;
            }
            else
            {
                result.Append(template[i]);
                i++;
            }
        }

        return result.ToString();
    }

    private static bool TryKeyword(ReadOnlySpan<char> text, Keywords allowed, Originals original, out int length, out string value)
    {
        foreach (var (keyword, token) in KeywordTokens)
        {
            if ((allowed & keyword) != 0 && text.StartsWith(token, StringComparison.Ordinal))
            {
                length = token.Length;
                value = original.Get(keyword);
                return true;
            }
        }

        length = 0;
        value = string.Empty;
        return false;
    }

    private static void AppendLower(StringBuilder url, string value)
    {
        foreach (var c in value)
        {
            url.Append(AsciiCase.ToLower(c));
        }
    }

    private readonly record struct Originals(string Protocol, string Host, string Port, string PathWithoutSlash, string Query)
    {
        public string Get(Keywords keyword) => keyword switch
        {
            Keywords.Protocol => Protocol,
            Keywords.Host => Host,
            Keywords.Port => Port,
            Keywords.Path => PathWithoutSlash,
            _ => Query,
        };
    }
}
