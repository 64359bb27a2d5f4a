using Microsoft.Extensions.Primitives;

namespace AlbEmulator.Headers;

/// <summary>
/// X-Amzn-Trace-Id as ALB writes it (HDR-30..HDR-32): <c>Root=1-&lt;8 hex epoch seconds&gt;-&lt;24 hex&gt;</c>;
/// an incoming Root is kept and a new Self field put in front; an incoming Self is replaced; other
/// fields are preserved; fields are separated by <c>;</c> without spaces; hex is lower case.
/// </summary>
public static class TraceIdHeader
{
    public const string HeaderName = "X-Amzn-Trace-Id";

    /// <summary>Above this request-header size ALB rewrites the header to only a new Root (HDR-31).</summary>
    public const int MaxRequestHeaderBytesForPropagation = 7 * 1024;

    /// <summary>True when the request header fields, counted as on the HTTP/1.1 wire (<c>name: value</c> + CRLF), exceed 7 KB (HDR-31).</summary>
    public static bool ExceedsPropagationLimit(IEnumerable<KeyValuePair<string, StringValues>> headers)
    {
        var total = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                total += name.Length + 4 + (value?.Length ?? 0);
                if (total > MaxRequestHeaderBytesForPropagation)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A new trace id value <c>1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx</c>.</summary>
    public static string NewId(long epochSeconds) => string.Create(35, epochSeconds, static (span, seconds) => WriteId(span, seconds));

    /// <summary>Writes <c>1-&lt;8 hex epoch&gt;-&lt;24 hex random&gt;</c> (35 characters) into <paramref name="span"/>.</summary>
    private static void WriteId(Span<char> span, long seconds)
    {
        span[0] = '1';
        span[1] = '-';
        ((uint)seconds).TryFormat(span.Slice(2, 8), out _, "x8");
        span[10] = '-';
        Span<byte> random = stackalloc byte[12];
        Random.Shared.NextBytes(random);
        Convert.TryToHexStringLower(random, span[11..], out _);
    }

    /// <summary>
    /// The value to send to the target, given the value received (null when absent).
    /// </summary>
    public static string Process(string? incoming, long epochSeconds, bool requestHeadersTooLarge)
    {
        if (string.IsNullOrEmpty(incoming) || requestHeadersTooLarge)
        {
            // "Root=" and the id written into one string (not two).
            return string.Create(40, epochSeconds, static (span, seconds) =>
            {
                "Root=".CopyTo(span);
                WriteId(span[5..], seconds);
            });
        }

        var hasRoot = false;
        var selfStart = -1;
        var selfEnd = -1;
        var position = 0;
        while (position <= incoming.Length)
        {
            var end = incoming.IndexOf(';', position);
            if (end < 0)
            {
                end = incoming.Length;
            }

            var field = incoming.AsSpan(position, end - position).Trim();
            if (field.StartsWith("Root=", StringComparison.Ordinal))
            {
                hasRoot = true;
            }
            else if (field.StartsWith("Self=", StringComparison.Ordinal))
            {
                selfStart = position;
                selfEnd = end;
            }

            position = end + 1;
        }

        if (selfStart >= 0)
        {
            // Replace the Self value in place (HDR-31).
            return string.Concat(incoming.AsSpan(0, selfStart), "Self=", NewId(epochSeconds), incoming.AsSpan(selfEnd));
        }

        // With a Root: a new Self in front. [EMU] Without a Root (custom fields only) a new Root in front.
        return string.Concat(hasRoot ? "Self=" : "Root=", NewId(epochSeconds), ";", incoming);
    }
}
