using System.Buffers;

namespace AlbEmulator.Desync;

/// <summary>
/// A request head split into request-line parts and header lines without copying: every part is a
/// range of the original bytes. Header ranges live in a pooled array; dispose to return it.
/// </summary>
public ref struct RawRequestHead
{
    private readonly ReadOnlySpan<byte> _head;
    private readonly int _methodStart;
    private readonly int _methodLength;
    private readonly int _targetStart;
    private readonly int _targetLength;
    private readonly int _versionStart;
    private readonly int _versionLength;
    private RawHeaderLine[]? _headers;
    private readonly int _headerCount;

    internal RawRequestHead(
        ReadOnlySpan<byte> head,
        (int Start, int Length) method,
        (int Start, int Length) target,
        (int Start, int Length) version,
        RawHeaderLine[]? headers,
        int headerCount)
    {
        _head = head;
        (_methodStart, _methodLength) = method;
        (_targetStart, _targetLength) = target;
        (_versionStart, _versionLength) = version;
        _headers = headers;
        _headerCount = headerCount;
    }

    /// <summary>The whole head as given to the parser.</summary>
    public readonly ReadOnlySpan<byte> Head => _head;

    public readonly ReadOnlySpan<byte> Method => _head.Slice(_methodStart, _methodLength);

    /// <summary>The request target (URI); may contain spaces when the request line had more than two.</summary>
    public readonly ReadOnlySpan<byte> Target => _head.Slice(_targetStart, _targetLength);

    /// <summary>The protocol version including any trailing whitespace; empty for HTTP/0.9 style lines.</summary>
    public readonly ReadOnlySpan<byte> Version => _head.Slice(_versionStart, _versionLength);

    /// <summary>Offset of <see cref="Version"/> in the head.</summary>
    internal readonly int VersionStart => _versionStart;

    public readonly int HeaderCount => _headerCount;

    public readonly ReadOnlySpan<RawHeaderLine> Headers =>
        _headers is null ? default : new ReadOnlySpan<RawHeaderLine>(_headers, 0, _headerCount);

    public readonly ReadOnlySpan<byte> GetName(in RawHeaderLine header) => _head.Slice(header.NameStart, header.NameLength);

    public readonly ReadOnlySpan<byte> GetValue(in RawHeaderLine header) => _head.Slice(header.ValueStart, header.ValueLength);

    /// <summary>Returns the pooled header array.</summary>
    public void Dispose()
    {
        if (_headers is not null)
        {
            ArrayPool<RawHeaderLine>.Shared.Return(_headers);
            _headers = null;
        }
    }
}
