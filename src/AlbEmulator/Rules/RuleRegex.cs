using System.Text.RegularExpressions;

namespace AlbEmulator.Rules;

/// <summary>
/// The regular expressions of listener rules: <c>RegexValues</c> of conditions (RULE-14) and the
/// <c>Regex</c> of transforms (ACT-40). AWS documents an RE2-style dialect: no lookaheads, lookbehinds,
/// backreferences, atomic groups, possessive quantifiers, subroutines, recursion or Unicode classes
/// (<c>\p{L}</c>). .NET's <see cref="RegexOptions.NonBacktracking"/> engine rejects the same constructs
/// (except <c>\p</c>, refused here) and matches in time linear in the input, so no request can make a
/// rule spin a core; a match timeout guards it on top. Matching is an unanchored search, case-sensitive
/// unless the expression says <c>(?i)</c>, as in RE2 [UNCONFIRMED: AWS does not say; its examples anchor
/// with <c>^…$</c>]. Differences from RE2 that cannot show on ALB inputs (visible ASCII, no line breaks):
/// <c>\d</c>/<c>\w</c> are Unicode-aware in .NET, and <c>$</c> also matches before a final <c>\n</c>.
/// </summary>
public static class RuleRegex
{
    /// <summary>Longest <c>RegexValues</c> entry (RULE-14).</summary>
    public const int MaxConditionLength = 128;

    /// <summary>Longest transform <c>Regex</c> and <c>Replace</c> (ACT-40).</summary>
    public const int MaxTransformLength = 1024;

    /// <summary>Guard on top of the linear-time engine.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>Compiles an expression the validator accepted.</summary>
    /// <exception cref="ArgumentException">An expression <see cref="Check"/> rejects.</exception>
    public static Regex Compile(string pattern)
    {
        if (Check(pattern) is { } problem)
        {
            throw new ArgumentException(problem, nameof(pattern));
        }

        return new Regex(pattern, Options, MatchTimeout);
    }

    /// <summary>Null when <paramref name="pattern"/> is an expression ALB accepts; otherwise why not.</summary>
    public static string? Check(string pattern)
    {
        if (UsesUnicodeClass(pattern))
        {
            return "Unicode character classes (\\p{...}) are not supported";
        }

        try
        {
            _ = new Regex(pattern, Options, MatchTimeout);
            return null;
        }
        catch (NotSupportedException)
        {
            return "lookaheads, lookbehinds, backreferences, atomic groups, possessive quantifiers, subroutines and recursion are not supported";
        }
        catch (ArgumentException e)
        {
            return $"is not a valid regular expression ({Reason(e)})";
        }
    }

    /// <summary>An unanchored search; a (theoretical) timeout counts as no match.</summary>
    public static bool IsMatch(Regex regex, ReadOnlySpan<char> input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>True when any expression matches.</summary>
    internal static bool AnyMatch(ConditionRegex[] expressions, ReadOnlySpan<char> input)
    {
        foreach (var expression in expressions)
        {
            if (expression.IsMatch(input))
            {
                return true;
            }
        }

        return false;
    }

    private static bool UsesUnicodeClass(string pattern)
    {
        for (var i = 0; i < pattern.Length - 1; i++)
        {
            if (pattern[i] != '\\')
            {
                continue;
            }

            if (pattern[i + 1] is 'p' or 'P')
            {
                return true;
            }

            i++; // skip the escaped character
        }

        return false;
    }

    private static string Reason(ArgumentException e) =>
        e is RegexParseException parse ? parse.Error.ToString() : e.Message;
}
