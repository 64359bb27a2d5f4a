namespace AlbEmulator.Desync;

/// <summary>
/// Body framing derived from the raw request head: Transfer-Encoding whose final coding is
/// <c>chunked</c> wins; otherwise one valid Content-Length value (repeats must agree); otherwise none.
/// </summary>
public readonly record struct BodyFraming
{
    private BodyFraming(BodyFramingKind kind, ulong length)
    {
        Kind = kind;
        Length = length;
    }

    public BodyFramingKind Kind { get; }

    /// <summary>Body length in bytes; only meaningful for <see cref="BodyFramingKind.ContentLength"/>.</summary>
    public ulong Length { get; }

    public static BodyFraming None => default;

    public static BodyFraming Chunked => new(BodyFramingKind.Chunked, 0);

    public static BodyFraming ContentLength(ulong length) => new(BodyFramingKind.ContentLength, length);

    public override string ToString() => Kind switch
    {
        BodyFramingKind.ContentLength => $"ContentLength({Length})",
        _ => Kind.ToString(),
    };
}
