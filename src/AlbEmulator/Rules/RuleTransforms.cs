using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AlbEmulator.Configuration;

namespace AlbEmulator.Rules;

/// <summary>
/// A rule's transforms (ACT-40): at most one <c>host-header-rewrite</c> and one <c>url-rewrite</c>, each a
/// list of <c>{Regex, Replace}</c>. They run after the rule matched and before its action; they never
/// change which rule matched. For each transform the first rewrite whose expression matches is applied
/// [UNCONFIRMED: AWS examples have one rewrite each]: the matched part of the value is replaced with the
/// replacement, whose <c>$1</c>, <c>${1}</c> (and <c>$0</c>) refer to the capture groups and <c>$$</c> is a
/// dollar sign. No match → the value is unchanged. A match whose result is unusable fails the request
/// with HTTP 500 and the access log's <c>request_transform_status</c>.
/// </summary>
public sealed class RuleTransforms
{
    public static readonly RuleTransforms None = new([], []);

    /// <summary>[EMU] The longest host a host-header rewrite may produce (a DNS name with a port).</summary>
    public const int MaxHostLength = 261;

    /// <summary>[EMU] The longest URL a url-rewrite may produce.</summary>
    public const int MaxUriLength = 8192;

    private readonly (Regex Regex, string Replace)[] _host;
    private readonly (Regex Regex, string Replace)[] _url;

    private RuleTransforms((Regex, string)[] host, (Regex, string)[] url)
    {
        _host = host;
        _url = url;
    }

    public bool IsEmpty => _host.Length == 0 && _url.Length == 0;

    public static RuleTransforms Compile(IReadOnlyList<RuleTransformConfig> transforms)
    {
        if (transforms.Count == 0)
        {
            return None;
        }

        (Regex, string)[] Rewrites(RewriteListConfig? list) =>
            list is null ? [] : [.. list.Rewrites.Select(r => (RuleRegex.Compile(r.Regex ?? ""), r.Replace ?? ""))];

        var host = transforms.FirstOrDefault(t => t.Type == "host-header-rewrite")?.HostHeaderRewriteConfig;
        var url = transforms.FirstOrDefault(t => t.Type == "url-rewrite")?.UrlRewriteConfig;
        return new RuleTransforms(Rewrites(host), Rewrites(url));
    }

    /// <summary>
    /// Applies the transforms to the request's host (as received, possibly null) and URL (path and query
    /// as received). <see cref="TransformResult.Status"/> is null when no expression matched.
    /// </summary>
    public TransformResult Apply(string? host, string pathAndQuery)
    {
        string? newHost = null;
        string? newUri = null;
        var matched = false;
        if (host is not null && _host.Length > 0)
        {
            switch (Rewrite(_host, host, out var result))
            {
                case null:
                    break;
                case "":
                    matched = true;
                    if (result!.Length > MaxHostLength)
                    {
                        return TransformResult.Failed("TransformBufferTooSmall");
                    }

                    if (!IsValidHost(result))
                    {
                        return TransformResult.Failed("TransformInvalidHost");
                    }

                    newHost = result;
                    break;
                case var failure:
                    return TransformResult.Failed(failure);
            }
        }

        if (_url.Length > 0)
        {
            switch (Rewrite(_url, pathAndQuery, out var result))
            {
                case null:
                    break;
                case "":
                    matched = true;
                    if (result!.Length > MaxUriLength)
                    {
                        return TransformResult.Failed("TransformBufferTooSmall");
                    }

                    if (!IsValidUri(result))
                    {
                        return TransformResult.Failed("TransformInvalidPath");
                    }

                    newUri = result;
                    break;
                case var failure:
                    return TransformResult.Failed(failure);
            }
        }

        return matched ? new TransformResult(newHost, newUri, "TransformSuccess") : default;
    }

    /// <summary>null: no match; "": rewritten into <paramref name="result"/>; otherwise the failure status.</summary>
    private static string? Rewrite((Regex Regex, string Replace)[] rewrites, string input, out string? result)
    {
        result = null;
        foreach (var (regex, replace) in rewrites)
        {
            Match match;
            try
            {
                match = regex.Match(input);
            }
            catch (RegexMatchTimeoutException)
            {
                return "TransformCompileTooBig";
            }

            if (!match.Success)
            {
                continue;
            }

            if (Expand(replace, match) is not { } replacement)
            {
                return "TransformReplaceError";
            }

            result = string.Concat(input.AsSpan(0, match.Index), replacement, input.AsSpan(match.Index + match.Length));
            return "";
        }

        return null;
    }

    /// <summary><c>$n</c>, <c>${n}</c> and <c>$$</c>; null when the replacement names a group the expression does not have.</summary>
    internal static string? Expand(string replace, Match match)
    {
        var sb = new StringBuilder(replace.Length + 16);
        for (var i = 0; i < replace.Length; i++)
        {
            var c = replace[i];
            if (c != '$' || i + 1 >= replace.Length)
            {
                sb.Append(c);
                continue;
            }

            var next = replace[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }

            int start, end;
            if (next == '{')
            {
                var close = replace.IndexOf('}', i + 2);
                if (close < 0)
                {
                    return null;
                }

                start = i + 2;
                end = close;
                i = close;
            }
            else if (char.IsAsciiDigit(next))
            {
                start = i + 1;
                end = start;
                while (end < replace.Length && char.IsAsciiDigit(replace[end]))
                {
                    end++;
                }

                i = end - 1;
            }
            else
            {
                sb.Append(c);
                continue;
            }

            if (!int.TryParse(replace.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number >= match.Groups.Count)
            {
                return null;
            }

            sb.Append(match.Groups[number].Value);
        }

        return sb.ToString();
    }

    private static bool IsValidHost(string host) =>
        host.Length > 0 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or ':' or '[' or ']' or '_');

    private static bool IsValidUri(string uri) =>
        uri.StartsWith('/') && uri.All(c => c > ' ' && c < 0x7F && c != '#');
}

/// <summary>What a rule's transforms did: the new host and URL (null: unchanged) and the access-log status (null: nothing matched).</summary>
public readonly record struct TransformResult(string? Host, string? Uri, string? Status)
{
    public bool IsFailure => Status is not null && Status != "TransformSuccess";

    public static TransformResult Failed(string status) => new(null, null, status);
}
