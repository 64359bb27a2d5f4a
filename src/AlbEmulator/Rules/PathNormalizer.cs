namespace AlbEmulator.Rules;

/// <summary>
/// Dot-segment removal (RFC 3986 §5.2.4) for <c>path-pattern</c> matching (RULE-21 [EMU]).
/// No percent-decoding: <c>%2E</c> is not a dot.
/// </summary>
internal static class PathNormalizer
{
    /// <summary>
    /// Returns <paramref name="path"/> with <c>.</c> and <c>..</c> segments removed. Returns the same
    /// instance, without allocating, when the path has no dot segment.
    /// </summary>
    public static string RemoveDotSegments(string path)
    {
        if (!HasDotSegment(path))
        {
            return path;
        }

        var output = path.Length <= 512 ? stackalloc char[path.Length] : new char[path.Length];
        var written = RemoveDotSegments(path, output);
        return new string(output[..written]);
    }

    /// <summary>True when some <c>/</c>-separated segment of <paramref name="path"/> is <c>.</c> or <c>..</c>.</summary>
    public static bool HasDotSegment(ReadOnlySpan<char> path)
    {
        var start = 0;
        while (start <= path.Length)
        {
            var rest = path[start..];
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (segment is "." or "..")
            {
                return true;
            }

            if (slash < 0)
            {
                return false;
            }

            start += slash + 1;
        }

        return false;
    }

    // RFC 3986 §5.2.4, working on an index into the input instead of rewriting it. The output is
    // never longer than the input.
    private static int RemoveDotSegments(ReadOnlySpan<char> input, Span<char> output)
    {
        var o = 0;
        var i = 0;
        while (i < input.Length)
        {
            var rest = input[i..];
            if (rest.StartsWith("../"))
            {
                // A: drop a leading "../".
                i += 3;
            }
            else if (rest.StartsWith("./"))
            {
                // A: drop a leading "./".
                i += 2;
            }
            else if (rest.StartsWith("/./"))
            {
                // B: "/./" becomes "/" (skip "/.", keep the next "/").
                i += 2;
            }
            else if (rest is "/.")
            {
                // B: a trailing "/." becomes "/".
                output[o++] = '/';
                i = input.Length;
            }
            else if (rest.StartsWith("/../"))
            {
                // C: "/../" becomes "/" and the last output segment goes.
                o = PopLastSegment(output, o);
                i += 3;
            }
            else if (rest is "/..")
            {
                // C: a trailing "/.." becomes "/" and the last output segment goes.
                o = PopLastSegment(output, o);
                output[o++] = '/';
                i = input.Length;
            }
            else if (rest is "." or "..")
            {
                // D: a lone "." or "..".
                i = input.Length;
            }
            else
            {
                // E: move the first segment (with its leading "/", if any) to the output.
                var next = rest.Length > 1 ? rest[1..].IndexOf('/') : -1;
                var length = next < 0 ? rest.Length : next + 1;
                rest[..length].CopyTo(output[o..]);
                o += length;
                i += length;
            }
        }

        return o;
    }

    private static int PopLastSegment(ReadOnlySpan<char> output, int length)
    {
        var lastSlash = output[..length].LastIndexOf('/');
        return lastSlash < 0 ? 0 : lastSlash;
    }
}
