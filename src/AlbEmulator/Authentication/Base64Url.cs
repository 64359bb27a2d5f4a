
namespace AlbEmulator.Authentication;

/// <summary>base64url (RFC 4648 §5) with and without the <c>=</c> padding ALB keeps in <c>x-amzn-oidc-data</c>.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>base64url that keeps the trailing <c>=</c> padding, as ALB writes the segments of <c>x-amzn-oidc-data</c>.</summary>
    public static string EncodePadded(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes base64url with or without padding; false for anything else.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        var trimmed = text.TrimEnd('=');
        if (text.Length - trimmed.Length > 2)
        {
            bytes = [];
            return false;
        }

        bytes = new byte[System.Buffers.Text.Base64Url.GetMaxDecodedLength(trimmed.Length)];
        int written;
        bool decoded;
        try
        {
            // Throws (rather than answering false) for some malformed input, e.g. non-zero trailing bits.
            decoded = System.Buffers.Text.Base64Url.TryDecodeFromChars(trimmed, bytes, out written);
        }
        catch (FormatException)
        {
            decoded = false;
            written = 0;
        }

        if (decoded)
        {
            if (written != bytes.Length)
            {
                Array.Resize(ref bytes, written);
            }

            return true;
        }

        bytes = [];
        return false;
    }
}
