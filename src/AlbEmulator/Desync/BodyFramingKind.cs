namespace AlbEmulator.Desync;

/// <summary>How the request body is delimited when the emulator forwards it.</summary>
public enum BodyFramingKind
{
    /// <summary>No body.</summary>
    None = 0,

    /// <summary>A body of exactly <see cref="BodyFraming.Length"/> bytes.</summary>
    ContentLength = 1,

    /// <summary>A chunked body (Transfer-Encoding with <c>chunked</c> as the final coding).</summary>
    Chunked = 2,
}
