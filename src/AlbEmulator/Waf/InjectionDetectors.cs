using System.Text.RegularExpressions;

namespace AlbEmulator.Waf;

/// <summary>
/// The local stand-in for WAF's SQL-injection and cross-site-scripting detection
/// (<c>SqliMatchStatement</c>, <c>XssMatchStatement</c>). AWS does not publish its detection engine; this
/// one is a fixed set of patterns over the transformed value, written for this project, that recognises
/// the classic attack shapes (tautologies, UNION SELECT, stacked queries, comment truncation, time-based
/// probes; script tags, event-handler attributes, script URIs, dangerous elements). <c>LOW</c> sensitivity
/// uses only the high-confidence patterns, <c>HIGH</c> (AWS's default for SQLi is LOW) adds the broader ones,
/// as AWS's HIGH finds more attacks with more false positives. It will not agree with AWS on every input:
/// docs/waf.md says how it differs. Every pattern runs in linear time (<see cref="RegexOptions.NonBacktracking"/>).
/// </summary>
public static class InjectionDetectors
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private static readonly Regex[] SqliLow =
    [
        // ' or '1'='1   " or 1=1   ' and 'a' like 'a
        new(@"['""`]\s*\)?\s*(or|and|xor|\|\||&&)\s+\(?\s*['""`]?[\w.-]*['""`]?\s*(=|<|>|<=|>=|<>|!=|\blike\b|\bis\b|\bin\b)", Options),
        // 1 or 1=1, or 2>1
        new(@"\b(or|and)\s+(\d+)\s*(=|<|>|<>|!=)\s*\d+", Options),
        new(@"\bunion(\s|/\*[^*]*\*/|\+)+(all(\s|/\*[^*]*\*/|\+)+)?(distinct(\s|\+)+)?select\b", Options),
        new(@";\s*(drop|delete|insert|update|shutdown|exec|execute|alter|create|truncate|declare)\s", Options),
        new(@"['""`]\s*\)*\s*(--|#|/\*|;)", Options),
        new(@"\bwaitfor\s+delay\s+['""]", Options),
        new(@"\b(information_schema|xp_cmdshell|sysobjects|pg_catalog|mysql\.user)\b", Options),
        new(@"['""`)]\s*(and|or)\s+(sleep|benchmark|pg_sleep)\s*\(", Options),
    ];

    private static readonly Regex[] SqliHigh =
    [
        new(@"\bselect\b[\s\S]{1,200}\bfrom\b", Options),
        new(@"\b(sleep|benchmark|pg_sleep|extractvalue|updatexml|load_file|dbms_pipe\.receive_message)\s*\(", Options),
        new(@"['""`]\s*(and|or|union|select|having|order\s+by|group\s+by|procedure)\b", Options),
        new(@"\border\s+by\s+\d+\s*(--|#|$)", Options),
        new(@"\bor\s+(true|not\s+false)\b", Options),
        new(@"@@(version|datadir|hostname)", Options),
        new(@"\b(char|nchar|chr|concat|concat_ws|group_concat)\s*\(\s*\d", Options),
        new(@"\binsert\s+into\b[\s\S]{1,200}\bvalues\b", Options),
        new(@"\bdelete\s+from\b", Options),
        new(@"\bdrop\s+(table|database)\b", Options),
    ];

    private static readonly Regex[] XssLow =
    [
        new(@"<\s*/?\s*script\b", Options),
        new(@"\b(javascript|vbscript|livescript)\s*:", Options),
        new(@"<[^>]*\s(on[a-z]{3,}|formaction|srcdoc)\s*=", Options),
        new(@"<\s*(iframe|frame|frameset|object|embed|applet|svg|math|base|isindex|meta)\b", Options),
        new(@"\bexpression\s*\(", Options),
        new(@"\bdata\s*:\s*text/html", Options),
    ];

    private static readonly Regex[] XssHigh =
    [
        new(@"\bon(error|load|click|mouseover|mouseout|focus|blur|change|submit|keydown|keyup|keypress|toggle|animationstart|pointerover)\s*=", Options),
        new(@"\b(document\.(cookie|location|write|domain)|window\.location|alert\s*\(|prompt\s*\(|confirm\s*\(|eval\s*\()", Options),
    ];

    /// <summary>The matched text when <paramref name="value"/> looks like SQL injection, else null.</summary>
    public static string? DetectSqli(string value, bool high) => Detect(value, SqliLow, high ? SqliHigh : null);

    /// <summary>The matched text when <paramref name="value"/> looks like cross-site scripting, else null.</summary>
    public static string? DetectXss(string value, bool high = true) => Detect(value, XssLow, high ? XssHigh : null);

    private static string? Detect(string value, Regex[] low, Regex[]? high)
    {
        if (value.Length == 0)
        {
            return null;
        }

        foreach (var regex in low)
        {
            if (regex.Match(value) is { Success: true } m)
            {
                return m.Value;
            }
        }

        if (high is not null)
        {
            foreach (var regex in high)
            {
                if (regex.Match(value) is { Success: true } m)
                {
                    return m.Value;
                }
            }
        }

        return null;
    }

    /// <summary>The <c>matchedData</c> of a WAF log entry: the matched text split into tokens (at most 10).</summary>
    public static IReadOnlyList<string> Tokens(string matched) =>
        matched.Split([' ', '\t', '\r', '\n', '+'], StringSplitOptions.RemoveEmptyEntries).Take(10).ToArray();
}
