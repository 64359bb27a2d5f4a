using Microsoft.Extensions.Primitives;

namespace AlbEmulator.Headers;

/// <summary>
/// The Cookie header sent to targets (TG-23, [UNCONFIRMED], emulator choice): several <c>cookie</c> fields of a request
/// (an HTTP/2 client may split its cookies into one field each, RFC 9113 §8.2.3) reach the target as one field, joined
/// with <c>"; "</c>, whatever the target's protocol version and whichever forwarder sends it. The one place that decides
/// it: <c>Forwarding/ForwardedRequestHeaders</c> calls it before any header sink sees the value.
/// </summary>
public static class CookieHeader
{
    /// <summary>What goes between two cookie fields once they are one (RFC 9113 §8.2.3).</summary>
    public const string Separator = "; ";

    /// <summary>True when the received header <paramref name="name"/> with <paramref name="values"/> is several cookie fields to join.</summary>
    public static bool IsSeveralFields(string name, StringValues values) =>
        values.Count > 1 && string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase);

    /// <summary>The fields as one value joined with <see cref="Separator"/> (one string; a null field counts as empty).</summary>
    public static string Join(StringValues values)
    {
        var length = (values.Count - 1) * Separator.Length;
        foreach (var value in values)
        {
            length += value?.Length ?? 0;
        }

        return string.Create(length, values, static (span, fields) =>
        {
            var written = 0;
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0)
                {
                    Separator.AsSpan().CopyTo(span[written..]);
                    written += Separator.Length;
                }

                var field = fields[i].AsSpan();
                field.CopyTo(span[written..]);
                written += field.Length;
            }
        });
    }
}
