namespace AlbEmulator.Rules;

/// <summary>
/// Decodes a query key or value for <c>query-string</c> matching (RULE-24 [EMU]): <c>+</c> is a space,
/// then <c>%XX</c> sequences are decoded as UTF-8 (sequences that are not valid stay as they are).
/// </summary>
internal static class QueryComponentDecoder
{
    /// <summary>Longest component decoded on the stack; longer ones use a heap buffer.</summary>
    public const int StackLimit = 256;

    /// <summary>True when <paramref name="raw"/> has something to decode (<c>%</c> or <c>+</c>).</summary>
    public static bool NeedsDecoding(ReadOnlySpan<char> raw) => raw.IndexOfAny('%', '+') >= 0;

    /// <summary>
    /// Decodes <paramref name="raw"/> into <paramref name="destination"/>, which must be at least as
    /// long as <paramref name="raw"/> (decoding never makes it longer). Returns the decoded length.
    /// </summary>
    public static int Decode(ReadOnlySpan<char> raw, Span<char> destination)
    {
        var plusDecoded = raw.Length <= StackLimit ? stackalloc char[raw.Length] : new char[raw.Length];
        raw.CopyTo(plusDecoded);
        plusDecoded.Replace('+', ' ');
        if (Uri.TryUnescapeDataString(plusDecoded, destination, out var written))
        {
            return written;
        }

        plusDecoded.CopyTo(destination);
        return plusDecoded.Length;
    }
}
