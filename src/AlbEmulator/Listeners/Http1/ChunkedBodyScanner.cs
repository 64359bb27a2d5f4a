namespace AlbEmulator.Listeners.Http1;

/// <summary>
/// Follows a chunked request body byte by byte (RFC 9112 §7.1) to find where the message ends, so the
/// next request head on the connection can be classified before Kestrel sees it. It only observes:
/// the bytes themselves are passed on unchanged.
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
        FinalLf,
        Done,
        Invalid,
    }

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
                        if (++_sizeDigits > 15)
                        {
                            _phase = Phase.Invalid;
                            break;
                        }

                        _chunkRemaining = (_chunkRemaining << 4) | (uint)digit;
                    }
                    else if (_sizeDigits > 0 && (b == (byte)';' || b == (byte)' ' || b == (byte)'\t'))
                    {
                        _phase = Phase.Extension;
                    }
                    else if (_sizeDigits > 0 && b == (byte)'\r')
                    {
                        _phase = Phase.SizeLf;
                    }
                    else if (_sizeDigits > 0 && b == (byte)'\n')
                    {
                        EndOfSizeLine();
                    }
                    else
                    {
                        _phase = Phase.Invalid;
                        break;
                    }

                    i++;
                    break;
                case Phase.Extension:
                    if (b == (byte)'\n')
                    {
                        EndOfSizeLine();
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
                    _phase = b == (byte)'\r' ? Phase.DataLf : b == (byte)'\n' ? Phase.Size : Phase.Invalid;
                    i++;
                    break;
                case Phase.DataLf:
                    _phase = b == (byte)'\n' ? Phase.Size : Phase.Invalid;
                    i++;
                    break;
                case Phase.TrailerLineStart:
                    if (b == (byte)'\r')
                    {
                        _phase = Phase.FinalLf;
                    }
                    else if (b == (byte)'\n')
                    {
                        _phase = Phase.Done;
                    }
                    else
                    {
                        _phase = Phase.TrailerLine;
                    }

                    i++;
                    break;
                case Phase.TrailerLine:
                    if (b == (byte)'\n')
                    {
                        _phase = Phase.TrailerLineStart;
                    }

                    i++;
                    break;
                case Phase.FinalLf:
                    _phase = b == (byte)'\n' ? Phase.Done : Phase.Invalid;
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
