using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AlbEmulator.Waf;

/// <summary>
/// Every WAFv2 <c>TextTransformationType</c>, applied as AWS WAF describes it ("Text transformations" in
/// the AWS WAF Developer Guide). Values are byte strings held as Latin-1 (one char per byte), so a
/// transformation that works on bytes (MD5, base64, hex) and one that works on characters agree, and sizes
/// are byte counts as WAF counts them. docs/waf.md lists each transformation.
/// </summary>
public static class TextTransformations
{
    public static readonly IReadOnlyList<string> Types =
    [
        "NONE", "COMPRESS_WHITE_SPACE", "HTML_ENTITY_DECODE", "LOWERCASE", "CMD_LINE", "URL_DECODE",
        "BASE64_DECODE", "HEX_DECODE", "MD5", "REPLACE_COMMENTS", "ESCAPE_SEQ_DECODE", "SQL_HEX_DECODE",
        "CSS_DECODE", "JS_DECODE", "NORMALIZE_PATH", "NORMALIZE_PATH_WIN", "REMOVE_NULLS", "REPLACE_NULLS",
        "BASE64_DECODE_EXT", "URL_DECODE_UNI", "UTF8_TO_UNICODE",
    ];

    public static bool IsKnown(string type) => Types.Contains(type, StringComparer.Ordinal);

    /// <summary>Applies the transformations in order (the caller sorts them by <c>Priority</c>).</summary>
    public static string ApplyAll(IReadOnlyList<string> types, string value)
    {
        for (var i = 0; i < types.Count; i++)
        {
            value = Apply(types[i], value);
        }

        return value;
    }

    public static string Apply(string type, string input) => type switch
    {
        "NONE" => input,
        "COMPRESS_WHITE_SPACE" => CompressWhiteSpace(input),
        "HTML_ENTITY_DECODE" => HtmlEntityDecode(input),
        "LOWERCASE" => Lowercase(input),
        "CMD_LINE" => CommandLine(input),
        "URL_DECODE" => UrlDecode(input, unicode: false),
        "URL_DECODE_UNI" => UrlDecode(input, unicode: true),
        "BASE64_DECODE" => Base64Decode(input, forgiving: false),
        "BASE64_DECODE_EXT" => Base64Decode(input, forgiving: true),
        "HEX_DECODE" => HexDecode(input),
        "MD5" => Encoding.Latin1.GetString(MD5.HashData(Encoding.Latin1.GetBytes(input))),
        "REPLACE_COMMENTS" => ReplaceComments(input),
        "ESCAPE_SEQ_DECODE" => EscapeSequenceDecode(input),
        "SQL_HEX_DECODE" => SqlHexDecode(input),
        "CSS_DECODE" => CssDecode(input),
        "JS_DECODE" => JsDecode(input),
        "NORMALIZE_PATH" => NormalizePath(input),
        "NORMALIZE_PATH_WIN" => NormalizePath(input.Replace('\\', '/')),
        "REMOVE_NULLS" => input.Replace("\0", "", StringComparison.Ordinal),
        "REPLACE_NULLS" => input.Replace('\0', ' '),
        "UTF8_TO_UNICODE" => Utf8ToUnicode(input),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown text transformation."),
    };

    private static bool IsWafWhiteSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' or '\u00A0';

    /// <summary>\f \t \n \r \v and non-breaking space (160) become a space; runs of spaces become one.</summary>
    private static string CompressWhiteSpace(string input)
    {
        var sb = new StringBuilder(input.Length);
        var inSpace = false;
        foreach (var c in input)
        {
            if (IsWafWhiteSpace(c))
            {
                if (!inSpace)
                {
                    sb.Append(' ');
                }

                inSpace = true;
            }
            else
            {
                sb.Append(c);
                inSpace = false;
            }
        }

        return sb.ToString();
    }

    private static string Lowercase(string input)
    {
        var chars = input.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= 'A' and <= 'Z')
            {
                chars[i] = (char)(chars[i] + 32);
            }
        }

        return new string(chars);
    }

    /// <summary>
    /// CMD_LINE: delete <c>\ " ' ^</c>; delete spaces before <c>/</c> and <c>(</c>; replace <c>,</c> and
    /// <c>;</c> with a space; replace runs of white space with one space; lowercase.
    /// </summary>
    private static string CommandLine(string input)
    {
        var sb = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            switch (c)
            {
                case '\\' or '"' or '\'' or '^':
                    continue;
                case '/' or '(':
                    while (sb.Length > 0 && sb[^1] == ' ')
                    {
                        sb.Length--;
                    }

                    sb.Append(c);
                    break;
                case ',' or ';' or ' ' or '\t' or '\n' or '\r' or '\f' or '\v':
                    if (sb.Length == 0 || sb[^1] != ' ')
                    {
                        sb.Append(' ');
                    }

                    break;
                default:
                    sb.Append(c is >= 'A' and <= 'Z' ? (char)(c + 32) : c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static int Hex(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsHex(char c) => Hex(c) >= 0;

    /// <summary>A code point as WAF reduces it to one byte: full-width ASCII (U+FF01–U+FF5E) maps to ASCII, else the low byte.</summary>
    private static char ToByteChar(int codePoint) =>
        codePoint is >= 0xFF01 and <= 0xFF5E ? (char)(codePoint - 0xFEE0) : (char)(codePoint & 0xFF);

    /// <summary>URL_DECODE: <c>%HH</c> and <c>+</c> (a space); URL_DECODE_UNI also <c>%uHHHH</c>. Invalid escapes stay as they are.</summary>
    private static string UrlDecode(string input, bool unicode)
    {
        if (input.IndexOf('%') < 0 && input.IndexOf('+') < 0)
        {
            return input;
        }

        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c == '+')
            {
                sb.Append(' ');
            }
            else if (c == '%' && unicode && i + 5 < input.Length && (input[i + 1] is 'u' or 'U')
                && IsHex(input[i + 2]) && IsHex(input[i + 3]) && IsHex(input[i + 4]) && IsHex(input[i + 5]))
            {
                sb.Append(ToByteChar(int.Parse(input.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                i += 5;
            }
            else if (c == '%' && i + 2 < input.Length && IsHex(input[i + 1]) && IsHex(input[i + 2]))
            {
                sb.Append((char)((Hex(input[i + 1]) << 4) | Hex(input[i + 2])));
                i += 2;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>BASE64_DECODE: the value as base64 (input that is not base64 stays as it is). _EXT ignores characters that are not base64.</summary>
    private static string Base64Decode(string input, bool forgiving)
    {
        var sb = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/')
            {
                sb.Append(c);
            }
            else if (c is '-' or '_' && forgiving)
            {
                sb.Append(c == '-' ? '+' : '/');
            }
            else if (c == '=')
            {
                break;
            }
            else if (!forgiving)
            {
                return input;
            }
        }

        var length = sb.Length - (sb.Length % 4 == 1 ? 1 : 0);
        sb.Length = length;
        while (sb.Length % 4 != 0)
        {
            sb.Append('=');
        }

        try
        {
            return Encoding.Latin1.GetString(Convert.FromBase64String(sb.ToString()));
        }
        catch (FormatException)
        {
            return input;
        }
    }

    /// <summary>HEX_DECODE: pairs of hex digits become bytes; a value that is not all hex pairs stays as it is.</summary>
    private static string HexDecode(string input)
    {
        if (input.Length % 2 != 0 || !input.All(IsHex))
        {
            return input;
        }

        var chars = new char[input.Length / 2];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)((Hex(input[2 * i]) << 4) | Hex(input[(2 * i) + 1]));
        }

        return new string(chars);
    }

    /// <summary>REPLACE_COMMENTS: each <c>/* ... */</c> (an unterminated one at the end included) becomes one space.</summary>
    private static string ReplaceComments(string input)
    {
        var start = input.IndexOf("/*", StringComparison.Ordinal);
        if (start < 0)
        {
            return input;
        }

        var sb = new StringBuilder(input.Length);
        var i = 0;
        while (start >= 0)
        {
            sb.Append(input, i, start - i).Append(' ');
            var end = input.IndexOf("*/", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                return sb.ToString();
            }

            i = end + 2;
            start = input.IndexOf("/*", i, StringComparison.Ordinal);
        }

        return sb.Append(input, i, input.Length - i).ToString();
    }

    /// <summary>ESCAPE_SEQ_DECODE: ANSI C escapes \a \b \f \n \r \t \v \\ \? \' \" \xHH \0OO.</summary>
    private static string EscapeSequenceDecode(string input)
    {
        if (input.IndexOf('\\') < 0)
        {
            return input;
        }

        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c != '\\' || i + 1 >= input.Length)
            {
                sb.Append(c);
                continue;
            }

            var n = input[i + 1];
            char? simple = n switch
            {
                'a' => '\a', 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', 'v' => '\v',
                '\\' => '\\', '?' => '?', '\'' => '\'', '"' => '"',
                _ => null,
            };
            if (simple is { } s)
            {
                sb.Append(s);
                i++;
            }
            else if ((n is 'x' or 'X') && i + 3 < input.Length && IsHex(input[i + 2]) && IsHex(input[i + 3]))
            {
                sb.Append((char)((Hex(input[i + 2]) << 4) | Hex(input[i + 3])));
                i += 3;
            }
            else if (n is >= '0' and <= '7')
            {
                var value = 0;
                var j = i + 1;
                while (j < input.Length && j < i + 4 && input[j] is >= '0' and <= '7')
                {
                    value = (value * 8) + (input[j] - '0');
                    j++;
                }

                sb.Append((char)(value & 0xFF));
                i = j - 1;
            }
            else
            {
                sb.Append(n);
                i++;
            }
        }

        return sb.ToString();
    }

    /// <summary>SQL_HEX_DECODE: <c>0x414243</c> becomes <c>ABC</c>.</summary>
    private static string SqlHexDecode(string input)
    {
        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == '0' && i + 3 < input.Length && (input[i + 1] is 'x' or 'X') && IsHex(input[i + 2]) && IsHex(input[i + 3]))
            {
                var j = i + 2;
                while (j + 1 < input.Length && IsHex(input[j]) && IsHex(input[j + 1]))
                {
                    sb.Append((char)((Hex(input[j]) << 4) | Hex(input[j + 1])));
                    j += 2;
                }

                i = j - 1;
            }
            else
            {
                sb.Append(input[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// CSS_DECODE (CSS 2.x escapes): <c>\</c> + 1–6 hex digits (and one following white space) is that
    /// character reduced to a byte; <c>\</c> + newline is removed; <c>\</c> + any other character is that character.
    /// </summary>
    private static string CssDecode(string input)
    {
        if (input.IndexOf('\\') < 0)
        {
            return input;
        }

        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '\\')
            {
                sb.Append(input[i]);
                continue;
            }

            if (i + 1 >= input.Length)
            {
                break;
            }

            var j = i + 1;
            var value = 0;
            while (j < input.Length && j < i + 7 && IsHex(input[j]))
            {
                value = (value << 4) | Hex(input[j]);
                j++;
            }

            if (j > i + 1)
            {
                sb.Append(ToByteChar(value));
                if (j < input.Length && input[j] is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    j++;
                }

                i = j - 1;
            }
            else if (input[i + 1] == '\n')
            {
                i++;
            }
            else
            {
                sb.Append(input[i + 1]);
                i++;
            }
        }

        return sb.ToString();
    }

    /// <summary>JS_DECODE: <c>\uHHHH</c> (reduced to a byte, full-width ASCII to ASCII), <c>\xHH</c>, octal <c>\OOO</c> and the C escapes.</summary>
    private static string JsDecode(string input)
    {
        if (input.IndexOf('\\') < 0)
        {
            return input;
        }

        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == '\\' && i + 5 < input.Length && input[i + 1] == 'u' && IsHex(input[i + 2]) && IsHex(input[i + 3]) && IsHex(input[i + 4]) && IsHex(input[i + 5]))
            {
                sb.Append(ToByteChar(int.Parse(input.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                i += 5;
            }
            else if (input[i] == '\\')
            {
                var consumed = ConsumedByEscape(input, i);
                sb.Append(EscapeSequenceDecode(input.Substring(i, consumed)));
                i += consumed - 1;
            }
            else
            {
                sb.Append(input[i]);
            }
        }

        return sb.ToString();
    }

    private static int ConsumedByEscape(string input, int i)
    {
        if (i + 1 >= input.Length)
        {
            return 1;
        }

        var n = input[i + 1];
        if ((n is 'x' or 'X') && i + 3 < input.Length && IsHex(input[i + 2]) && IsHex(input[i + 3]))
        {
            return 4;
        }

        if (n is >= '0' and <= '7')
        {
            var j = i + 1;
            while (j < input.Length && j < i + 4 && input[j] is >= '0' and <= '7')
            {
                j++;
            }

            return j - i;
        }

        return 2;
    }

    /// <summary>NORMALIZE_PATH: collapse repeated slashes, remove <c>./</c> self-references and resolve <c>../</c> back-references (no decoding).</summary>
    private static string NormalizePath(string input)
    {
        if (input.Length == 0)
        {
            return input;
        }

        var absolute = input[0] == '/';
        var trailing = input.Length > 1 && input[^1] == '/';
        var output = new List<string>();
        foreach (var segment in input.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (output.Count > 0 && output[^1] != "..")
                {
                    output.RemoveAt(output.Count - 1);
                }
                else if (!absolute)
                {
                    output.Add(segment);
                }

                continue;
            }

            output.Add(segment);
        }

        var result = (absolute ? "/" : "") + string.Join('/', output);
        if (trailing && output.Count > 0)
        {
            result += "/";
        }

        return result;
    }

    /// <summary>UTF8_TO_UNICODE: each UTF-8 multi-byte sequence becomes <c>%uHHHH</c>.</summary>
    private static string Utf8ToUnicode(string input)
    {
        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            var length = b switch
            {
                >= (char)0xC2 and <= (char)0xDF => 2,
                >= (char)0xE0 and <= (char)0xEF => 3,
                >= (char)0xF0 and <= (char)0xF4 => 4,
                _ => 1,
            };
            if (length > 1 && i + length <= input.Length && Enumerable.Range(i + 1, length - 1).All(k => input[k] is >= (char)0x80 and <= (char)0xBF))
            {
                var codePoint = length switch
                {
                    2 => ((b & 0x1F) << 6) | (input[i + 1] & 0x3F),
                    3 => ((b & 0x0F) << 12) | ((input[i + 1] & 0x3F) << 6) | (input[i + 2] & 0x3F),
                    _ => ((b & 0x07) << 18) | ((input[i + 1] & 0x3F) << 12) | ((input[i + 2] & 0x3F) << 6) | (input[i + 3] & 0x3F),
                };
                sb.Append("%u").Append(codePoint.ToString(codePoint > 0xFFFF ? "X5" : "x4", CultureInfo.InvariantCulture));
                i += length - 1;
            }
            else
            {
                sb.Append(b);
            }
        }

        return sb.ToString();
    }

    /// <summary>HTML_ENTITY_DECODE: <c>&amp;quot; &amp;amp; &amp;lt; &amp;gt; &amp;nbsp; &amp;#NNN; &amp;#xHH;</c> (the semicolon optional for numeric forms).</summary>
    private static string HtmlEntityDecode(string input)
    {
        if (input.IndexOf('&') < 0)
        {
            return input;
        }

        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '&')
            {
                sb.Append(input[i]);
                continue;
            }

            var rest = input.AsSpan(i + 1);
            if (rest.Length > 1 && rest[0] == '#')
            {
                var hex = rest.Length > 2 && rest[1] is 'x' or 'X';
                var j = hex ? 2 : 1;
                var value = 0;
                var digits = 0;
                while (j < rest.Length && digits < 8 && (hex ? IsHex(rest[j]) : char.IsAsciiDigit(rest[j])))
                {
                    value = hex ? (value << 4) | Hex(rest[j]) : (value * 10) + (rest[j] - '0');
                    j++;
                    digits++;
                }

                if (digits > 0)
                {
                    sb.Append(ToByteChar(value));
                    if (j < rest.Length && rest[j] == ';')
                    {
                        j++;
                    }

                    i += j;
                    continue;
                }
            }

            var named = NamedEntity(rest, out var consumed);
            if (named is { } n)
            {
                sb.Append(n);
                i += consumed;
                continue;
            }

            sb.Append('&');
        }

        return sb.ToString();
    }

    private static char? NamedEntity(ReadOnlySpan<char> rest, out int consumed)
    {
        foreach (var (name, value) in new[] { ("quot", '"'), ("amp", '&'), ("lt", '<'), ("gt", '>'), ("nbsp", '\u00A0') })
        {
            if (rest.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                consumed = name.Length + (rest.Length > name.Length && rest[name.Length] == ';' ? 1 : 0);
                return value;
            }
        }

        consumed = 0;
        return null;
    }
}
