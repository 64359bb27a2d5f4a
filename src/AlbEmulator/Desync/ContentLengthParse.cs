namespace AlbEmulator.Desync;

/// <summary>Outcome of parsing one Content-Length value.</summary>
internal enum ContentLengthParse
{
    Valid = 0,

    /// <summary>A byte other than a digit after trimming SP/HTAB (e.g. <c>42, 42</c>).</summary>
    NotAnInteger = 1,

    /// <summary>More than 64 bits.</summary>
    Overflow = 2,
}
