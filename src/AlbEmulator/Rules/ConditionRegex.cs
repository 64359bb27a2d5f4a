using System.Text.RegularExpressions;

namespace AlbEmulator.Rules;

/// <summary>
/// One <c>RegexValues</c> entry of a condition (RULE-14), with a literal check in front of the regex engine. Most rule
/// expressions begin with literal text (<c>^/api/v2/orders/[0-9]+$</c>, <c>bot-7/[0-9]+</c>), and a request that fails
/// them usually fails on that text. The literal run at the start of the expression (after <c>^</c>) must be where the
/// match begins: at the start of the input when anchored, anywhere otherwise; an input without it cannot match, and
/// is refused with an ordinal comparison instead of a pass of the engine (hundreds of ns each; with 100 rules of
/// regex conditions most of the rule evaluation). The run is taken only where it is certainly literal: it stops at
/// every metacharacter and escape, loses its last character when a quantifier follows, and an expression with <c>|</c>
/// anywhere gets no check (an alternative need not start with it). The result is always the engine's: the check only
/// skips expressions that cannot match.
/// </summary>
internal sealed class ConditionRegex
{
    private readonly Regex _regex;
    private readonly string? _literal; // text every match begins with (null: no check)
    private readonly bool _anchored;   // _literal is at the start of the input (the expression begins with ^)

    private ConditionRegex(Regex regex, (string? Literal, bool Anchored) leading)
    {
        _regex = regex;
        (_literal, _anchored) = leading;
    }

    /// <summary>Compiles an expression the validator accepted.</summary>
    /// <exception cref="ArgumentException">An expression <see cref="RuleRegex.Check"/> rejects.</exception>
    public static ConditionRegex Compile(string pattern)
    {
        return new ConditionRegex(RuleRegex.Compile(pattern), LeadingLiteral(pattern));
    }

    /// <summary>An unanchored search, as <see cref="RuleRegex.IsMatch"/>.</summary>
    public bool IsMatch(ReadOnlySpan<char> input)
    {
        if (_literal is { } literal)
        {
            var present = _anchored
                ? input.StartsWith(literal, StringComparison.Ordinal)
                : input.IndexOf(literal, StringComparison.Ordinal) >= 0;
            if (!present)
            {
                return false;
            }
        }

        return RuleRegex.IsMatch(_regex, input);
    }

    /// <summary>The literal text every match of <paramref name="pattern"/> begins with, if any, and whether it is anchored.</summary>
    internal static (string? Literal, bool Anchored) LeadingLiteral(string pattern)
    {
        if (pattern.Contains('|', StringComparison.Ordinal))
        {
            return (null, false);
        }

        var anchored = pattern.StartsWith('^');
        var start = anchored ? 1 : 0;
        var end = start;
        while (end < pattern.Length && !IsMeta(pattern[end]))
        {
            end++;
        }

        if (end < pattern.Length && pattern[end] is '?' or '*' or '+' or '{')
        {
            // The last character is quantified: it may be absent or repeated.
            end--;
        }

        return end > start ? (pattern[start..end], anchored) : (null, false);
    }

    private static bool IsMeta(char c) => c is '\\' or '^' or '$' or '.' or '|' or '?' or '*' or '+' or '(' or ')' or '[' or ']' or '{' or '}';
}
