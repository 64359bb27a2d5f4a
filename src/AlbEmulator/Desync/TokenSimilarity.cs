namespace AlbEmulator.Desync;

/// <summary>How close a header name is to an essential header name (Transfer-Encoding, Content-Length).</summary>
internal enum TokenSimilarity
{
    /// <summary>Equal ignoring ASCII case.</summary>
    Identical = 0,

    /// <summary>Same letters, but differs in delimiters, padding or look-alike characters.</summary>
    SameLetters = 1,

    /// <summary>Anything else.</summary>
    Distant = 2,
}
