namespace AlbEmulator.Desync;

/// <summary>
/// Detects header names that common normalisation (trimming, case folding, Unicode upper-casing,
/// delimiter substitution) would turn into Transfer-Encoding or Content-Length (DSY-5,
/// <c>SuspiciousHeader</c>).
/// </summary>
internal static class HeaderNameSimilarity
{
    public static ReadOnlySpan<byte> TransferEncoding => "transfer-encoding"u8;

    public static ReadOnlySpan<byte> ContentLength => "content-length"u8;

    /// <summary>
    /// Compares <paramref name="name"/> with <paramref name="essential"/> (lower-case letters and
    /// <c>-</c> only). Leading non-alphanumerics are skipped, bytes up to SP after a letter are skipped,
    /// anything non-alphanumeric may stand in for the <c>-</c> delimiter, and the UTF-8 encodings of
    /// U+017F (long s) and U+0131 (dotless i) match <c>s</c> and <c>i</c>. Trailing non-alphanumerics
    /// still count as the same letters.
    /// </summary>
    public static TokenSimilarity Determine(ReadOnlySpan<byte> essential, ReadOnlySpan<byte> name)
    {
        if (name.Length < essential.Length)
        {
            return TokenSimilarity.Distant;
        }

        var index = NextAlphanumeric(name, 0);
        var identical = index == 0 && essential.Length == name.Length;
        foreach (var expected in essential)
        {
            if (index == name.Length)
            {
                return TokenSimilarity.Distant;
            }

            var isDelimiter = expected == (byte)'-';
            var next = MatchChar(expected, name, index, out var same);
            if (!same)
            {
                if (!isDelimiter)
                {
                    break;
                }

                identical = false;
            }

            index = isDelimiter ? NextAlphanumeric(name, next) : NextAboveSpace(name, next);
        }

        var exhausted = index == name.Length;
        if (exhausted && identical)
        {
            return TokenSimilarity.Identical;
        }

        return exhausted || NextAlphanumeric(name, index) == name.Length
            ? TokenSimilarity.SameLetters
            : TokenSimilarity.Distant;
    }

    /// <summary>Returns the index after the matched character; <paramref name="same"/> tells whether it matched.</summary>
    private static int MatchChar(byte expected, ReadOnlySpan<byte> name, int index, out bool same)
    {
        var actual = name[index];
        if (expected == HttpCharClasses.ToAsciiLower(actual))
        {
            same = true;
            return index + 1;
        }

        if (index + 1 < name.Length)
        {
            var following = name[index + 1];
            // U+017F LATIN SMALL LETTER LONG S upper-cases to 'S'; U+0131 DOTLESS I to 'I'.
            if ((expected == (byte)'s' && actual == 0xC5 && following == 0xBF)
                || (expected == (byte)'i' && actual == 0xC4 && following == 0xB1))
            {
                same = true;
                return index + 2;
            }
        }

        same = false;
        return index + 1;
    }

    private static int NextAlphanumeric(ReadOnlySpan<byte> value, int index)
    {
        while (index < value.Length && !HttpCharClasses.IsAsciiAlphanumeric(value[index]))
        {
            index++;
        }

        return index;
    }

    private static int NextAboveSpace(ReadOnlySpan<byte> value, int index)
    {
        while (index < value.Length && value[index] <= (byte)' ')
        {
            index++;
        }

        return index;
    }
}
