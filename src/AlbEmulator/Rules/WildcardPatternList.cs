namespace AlbEmulator.Rules;

/// <summary>The OR'ed values of one condition (RULE-11), each compiled once.</summary>
internal static class WildcardPatternList
{
    public static WildcardPattern[] Compile(IEnumerable<string> values, bool ignoreCase, bool allowEscapes) =>
        [.. values.Select(v => WildcardPattern.Compile(v, ignoreCase, allowEscapes))];

    /// <summary>True when any pattern matches the whole <paramref name="input"/>.</summary>
    public static bool AnyMatch(WildcardPattern[] patterns, ReadOnlySpan<char> input)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(input))
            {
                return true;
            }
        }

        return false;
    }
}
