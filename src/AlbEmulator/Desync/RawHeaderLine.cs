namespace AlbEmulator.Desync;

/// <summary>
/// One header line of a raw request head, as byte ranges into the head. The name is everything before
/// the first colon (possibly with leading whitespace for a folded line that mimics a header); the value
/// is everything after it, including the optional whitespace, without the line terminator.
/// </summary>
/// <param name="NameStart">Offset of the name in the head.</param>
/// <param name="NameLength">Length of the name.</param>
/// <param name="ValueStart">Offset of the value in the head.</param>
/// <param name="ValueLength">Length of the value.</param>
/// <param name="IsContinuation">The line started with SP/HTAB (obs-fold).</param>
/// <param name="HasColon">The line contained a colon.</param>
public readonly record struct RawHeaderLine(
    int NameStart,
    int NameLength,
    int ValueStart,
    int ValueLength,
    bool IsContinuation,
    bool HasColon);
