namespace AlbEmulator.Desync;

/// <summary>Character-level safety of one header (name and value), ordered.</summary>
internal enum HeaderCharTier
{
    Compliant = 0,

    /// <summary>Non-tchar in the name, or a control/DEL byte in the value.</summary>
    NonCompliant = 1,

    /// <summary>CR, LF or NUL in the name or value.</summary>
    Bad = 2,
}
