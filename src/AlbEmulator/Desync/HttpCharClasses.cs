using System.Buffers;

namespace AlbEmulator.Desync;

/// <summary>
/// Byte classes used by the desync classifier (DSY-5), as lookup tables over all 256 byte values.
/// They follow http-desync-guardian: VCHAR includes SP, obs-text is 0x80-0xFF, "bad" bytes are
/// CR, LF and NUL, and a valid URI byte is anything above SP except DEL.
/// </summary>
internal static class HttpCharClasses
{
    private const byte Tchar = 1;
    private const byte Vchar = 2;
    private const byte Bad = 4;
    private const byte Whitespace = 8;
    private const byte UriChar = 16;
    private const byte HeaderValueChar = 32;

    private static readonly byte[] Table = BuildTable();
    private static readonly SearchValues<byte> TcharValues = Select(Tchar);
    private static readonly SearchValues<byte> UriValues = Select(UriChar);
    private static readonly SearchValues<byte> HeaderValueValues = Select(HeaderValueChar);

    /// <summary>Vectorised: every byte is a tchar.</summary>
    public static bool AllTchars(ReadOnlySpan<byte> value) => value.IndexOfAnyExcept(TcharValues) < 0;

    /// <summary>Vectorised: every byte is a valid URI byte.</summary>
    public static bool AllUriChars(ReadOnlySpan<byte> value) => value.IndexOfAnyExcept(UriValues) < 0;

    /// <summary>Vectorised: every byte is VCHAR, obs-text, SP or HTAB.</summary>
    public static bool AllHeaderValueChars(ReadOnlySpan<byte> value) => value.IndexOfAnyExcept(HeaderValueValues) < 0;

    public static bool IsTchar(byte b) => (Table[b] & Tchar) != 0;

    /// <summary>0x20-0x7E: the library's VCHAR table includes SP.</summary>
    public static bool IsVchar(byte b) => (Table[b] & Vchar) != 0;

    public static bool IsObsText(byte b) => b >= 0x80;

    /// <summary>CR, LF or NUL: never acceptable in a header name or value.</summary>
    public static bool IsBad(byte b) => (Table[b] & Bad) != 0;

    /// <summary>SP or HTAB.</summary>
    public static bool IsWhitespace(byte b) => (Table[b] & Whitespace) != 0;

    public static bool IsValidUriChar(byte b) => (Table[b] & UriChar) != 0;

    /// <summary>VCHAR, obs-text, SP or HTAB.</summary>
    public static bool IsHeaderValueChar(byte b) => (Table[b] & HeaderValueChar) != 0;

    public static bool IsAsciiAlphanumeric(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsAsciiDigit(byte b) => (uint)(b - '0') <= 9;

    public static byte ToAsciiLower(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;

    /// <summary>Trims SP and HTAB on both sides.</summary>
    public static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && IsWhitespace(value[start]))
        {
            start++;
        }

        while (end > start && IsWhitespace(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }

    /// <summary>ASCII case-insensitive equality; <paramref name="lower"/> must be lower case.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> lower)
    {
        if (value.Length != lower.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (ToAsciiLower(value[i]) != lower[i])
            {
                return false;
            }
        }

        return true;
    }

    private static SearchValues<byte> Select(byte flag)
    {
        var members = new List<byte>();
        for (var i = 0; i < 256; i++)
        {
            if ((Table[i] & flag) != 0)
            {
                members.Add((byte)i);
            }
        }

        return SearchValues.Create(members.ToArray());
    }

    private static byte[] BuildTable()
    {
        var table = new byte[256];
        ReadOnlySpan<byte> tcharSymbols = "-_.!#$%&'*+^`|~"u8;
        for (var i = 0; i < 256; i++)
        {
            var b = (byte)i;
            byte flags = 0;
            if (IsAsciiAlphanumeric(b) || tcharSymbols.Contains(b))
            {
                flags |= Tchar;
            }

            if (b is >= 0x20 and < 0x7F)
            {
                flags |= Vchar;
            }

            if (b is (byte)'\r' or (byte)'\n' or 0)
            {
                flags |= Bad;
            }

            var whitespace = b is (byte)' ' or (byte)'\t';
            if (whitespace)
            {
                flags |= Whitespace;
            }

            if (b > 0x20 && b != 0x7F)
            {
                flags |= UriChar;
            }

            if ((b is >= 0x20 and < 0x7F) || b >= 0x80 || whitespace)
            {
                flags |= HeaderValueChar;
            }

            table[i] = flags;
        }

        return table;
    }
}
