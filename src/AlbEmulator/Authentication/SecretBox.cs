using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace AlbEmulator.Authentication;

/// <summary>
/// Seals small values for the browser to carry (the session cookie, the <c>state</c> parameter):
/// deflate, then AES-256-GCM with the purpose as associated data, then base64url. Anything altered,
/// truncated or sealed for another purpose fails to open.
/// </summary>
public sealed class SecretBox
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SecretBox(AuthenticationKeys keys)
    {
        _key = keys.EncryptionKey;
    }

    public string Seal(ReadOnlySpan<byte> plaintext, string purpose)
    {
        using var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(plaintext);
        }

        var data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        var sealedBytes = new byte[NonceSize + TagSize + data.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, data, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.ASCII.GetBytes(purpose));
        return Base64Url.Encode(sealedBytes);
    }

    /// <summary>The sealed bytes, or null when the value was not sealed by this emulator for <paramref name="purpose"/>.</summary>
    public byte[]? Open(string sealedText, string purpose)
    {
        if (sealedText.Length > 64 * 1024 || !Base64Url.TryDecode(sealedText, out var sealedBytes) || sealedBytes.Length < NonceSize + TagSize)
        {
            return null;
        }

        var ciphertext = sealedBytes.AsSpan(NonceSize + TagSize);
        var compressed = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), ciphertext, sealedBytes.AsSpan(NonceSize, TagSize), compressed, Encoding.ASCII.GetBytes(purpose));
            using var input = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is CryptographicException or InvalidDataException)
        {
            return null;
        }
    }
}
