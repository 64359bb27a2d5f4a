namespace AlbEmulator.Rules;

/// <summary>
/// A precompiled ALB value pattern (RULE-13): <c>*</c> matches zero or more characters, <c>?</c> exactly
/// one, and the whole input must match. Optionally ASCII case-insensitive and, for
/// <c>query-string</c> (RULE-24), with <c>\*</c> and <c>\?</c> as a literal <c>*</c> and <c>?</c>.
/// Matching does not allocate and never throws.
/// </summary>
internal sealed class WildcardPattern
{
    private const int AnyMany = -1;
    private const int AnyOne = -2;

    // One token per pattern position: a (case-folded) character, AnyMany or AnyOne.
    // Consecutive '*' are collapsed into one AnyMany.
    private readonly int[] _tokens;
    private readonly bool _ignoreCase;
    private readonly bool _hasAnyMany;

    // Number of characters any match needs (tokens other than AnyMany).
    private readonly int _minLength;

    private WildcardPattern(string pattern, int[] tokens, bool ignoreCase)
    {
        Pattern = pattern;
        _tokens = tokens;
        _ignoreCase = ignoreCase;
        foreach (var token in tokens)
        {
            if (token == AnyMany)
            {
                _hasAnyMany = true;
            }
            else
            {
                _minLength++;
            }
        }
    }

    /// <summary>The pattern as written in the config.</summary>
    public string Pattern { get; }

    /// <param name="pattern">The condition value.</param>
    /// <param name="ignoreCase">Compare ASCII letters case-insensitively.</param>
    /// <param name="allowEscapes">
    /// Treat <c>\*</c> and <c>\?</c> as literal characters (query-string). Any other backslash is a
    /// literal backslash.
    /// </param>
    public static WildcardPattern Compile(string pattern, bool ignoreCase, bool allowEscapes)
    {
        var tokens = new List<int>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (allowEscapes && c == '\\' && i + 1 < pattern.Length && pattern[i + 1] is '*' or '?')
            {
                i++;
                tokens.Add(pattern[i]);
            }
            else if (c == '*')
            {
                if (tokens.Count == 0 || tokens[^1] != AnyMany)
                {
                    tokens.Add(AnyMany);
                }
            }
            else if (c == '?')
            {
                tokens.Add(AnyOne);
            }
            else
            {
                tokens.Add(ignoreCase ? AsciiCase.ToLower(c) : c);
            }
        }

        return new WildcardPattern(pattern, [.. tokens], ignoreCase);
    }

    /// <summary>Whole-string match of <paramref name="input"/> against the pattern.</summary>
    public bool IsMatch(ReadOnlySpan<char> input)
    {
        if (input.Length < _minLength || (!_hasAnyMany && input.Length != _minLength))
        {
            return false;
        }

        var tokens = _tokens;
        var p = 0;
        var s = 0;
        var starP = -1;
        var starS = 0;
        while (s < input.Length)
        {
            var c = input[s];
            if (RuleMatchingChoices.ControlCharactersNeverMatch && AsciiCase.IsControl(c))
            {
                // RULE-12: no token can consume a control character, so no match is possible.
                return false;
            }

            if (p < tokens.Length)
            {
                var token = tokens[p];
                if (token == AnyMany)
                {
                    starP = p++;
                    starS = s;
                    continue;
                }

                if (token == AnyOne || token == (_ignoreCase ? AsciiCase.ToLower(c) : c))
                {
                    p++;
                    s++;
                    continue;
                }
            }

            if (starP < 0)
            {
                return false;
            }

            // Backtrack: let the last '*' swallow one more character.
            p = starP + 1;
            s = ++starS;
        }

        while (p < tokens.Length && tokens[p] == AnyMany)
        {
            p++;
        }

        return p == tokens.Length;
    }

    public override string ToString() => Pattern;
}
