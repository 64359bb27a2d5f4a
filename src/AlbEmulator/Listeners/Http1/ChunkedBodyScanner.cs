namespace AlbEmulator.Listeners.Http1;

/// <summary>
/// Follows a chunked request body byte by byte (RFC 9112 §7.1) to find where the message ends, so the
/// next request head on the connection can be classified before Kestrel sees it. It only observes:
/// the bytes themselves are passed on unchanged. Any malformed framing (a size that is not hex or has
/// a value over 2^31-1, a line not ended by CRLF, data not followed by CRLF, a control character in an
/// extension or a trailer) makes it
/// <see cref="IsInvalid"/> without consuming the offending byte: the wire front end then answers 400
/// and closes the connection (ALB), Kestrel never sees the bad byte.
/// </summary>
internal struct ChunkedBodyScanner
{
    private enum Phase
    {
        Size,
        Extension,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        TrailerLineStart,
        TrailerLine,
        TrailerLf,
        FinalLf,
        Done,
        Invalid,
    }

    /// <summary>Longest chunk-size accepted (hex digits, leading zeros included).</summary>
    private const int MaxSizeDigits = 16;

    /// <summary>Largest chunk accepted (Kestrel's parser refuses larger sizes; ALB answers 400).</summary>
    private const long MaxChunkSize = int.MaxValue;

    private Phase _phase;
    private long _chunkRemaining;
    private int _sizeDigits;

    public readonly bool IsDone => _phase == Phase.Done;

    public readonly bool IsInvalid => _phase == Phase.Invalid;

    /// <summary>Feeds bytes; returns how many belong to the body (all of them unless the body ends inside).</summary>
    public int Scan(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && _phase is not (Phase.Done or Phase.Invalid))
        {
            var b = data[i];
            switch (_phase)
            {
                case Phase.Size:
                    var digit = HexValue(b);
                    if (digit >= 0)
                    {
                        _chunkRemaining = (_chunkRemaining << 4) | (uint)digit;
                        if (++_sizeDigits > MaxSizeDigits || _chunkRemaining > MaxChunkSize)
                        {
                            // "ffffffffffffffffffff": a size no parser can hold is malformed (400), not a stall.
                            _phase = Phase.Invalid;
                            break;
                        }
                    }
                    else if (_sizeDigits > 0 && (b == (byte)';' || b == (byte)' ' || b == (byte)'\t'))
                    {
                        _phase = Phase.Extension;
                    }
                    else if (_sizeDigits > 0 && b == (byte)'\r')
                    {
                        _phase = Phase.SizeLf;
                    }
                    else
                    {
                        _phase = Phase.Invalid;
                        break;
                    }

                    i++;
                    break;
                case Phase.Extension:
                    if (b == (byte)'\r')
                    {
                        _phase = Phase.SizeLf;
                    }
                    else if (b == (byte)'\n')
                    {
                        EndOfSizeLine();
                    }
                    else if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
                    {
                        // A control character in a chunk extension (e.g. "1;ext=\0") is malformed framing.
                        _phase = Phase.Invalid;
                        break;
                    }

                    i++;
                    break;
                case Phase.SizeLf:
                    if (b != (byte)'\n')
                    {
                        _phase = Phase.Invalid;
                        break;
                    }

                    EndOfSizeLine();
                    i++;
                    break;
                case Phase.Data:
                    var take = (int)Math.Min(_chunkRemaining, data.Length - i);
                    _chunkRemaining -= take;
                    i += take;
                    if (_chunkRemaining == 0)
                    {
                        _phase = Phase.DataCr;
                    }

                    break;
                case Phase.DataCr:
                    if (b != (byte)'\r')
                    {
                        _phase = Phase.Invalid;
                        break;
                    }

                    _phase = Phase.DataLf;
                    i++;
                    break;
                case Phase.DataLf:
                    if (b != (byte)'\n')
                    {
                        _phase = Phase.Invalid;
                        break;
                    }

                    _phase = Phase.Size;
                    i++;
                    break;
                case Phase.TrailerLineStart:
                    if (b == (byte)'\r')
                    {
                        _phase = Phase.FinalLf;
                    }
                    else if (b < 0x20 || b == 0x7F)
                    {
                        _phase = Phase.Invalid;
                        break;
                    }
                    else
                    {
                        _phase = Phase.TrailerLine;
                    }

                    i++;
                    break;
                case Phase.TrailerLine:
                    if (b == (byte)'\r')
                    {
                        _phase = Phase.TrailerLf;
                    }
                    else if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
                    {
                        _phase = Phase.Invalid;
                        break;
                    }

                    i++;
                    break;
                case Phase.TrailerLf:
                    if (b != (byte)'\n')
                    {
                        _phase = Phase.Invalid;
                        break;
                    }

                    _phase = Phase.TrailerLineStart;
                    i++;
                    break;
                case Phase.FinalLf:
                    if (b != (byte)'\n')
                    {
                        _phase = Phase.Invalid;
                        break;
                    }

                    _phase = Phase.Done;
                    i++;
                    break;
            }
        }

        return i;
    }

    private void EndOfSizeLine()
    {
        _sizeDigits = 0;
        _phase = _chunkRemaining == 0 ? Phase.TrailerLineStart : Phase.Data;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
