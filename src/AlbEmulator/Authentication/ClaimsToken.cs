using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AlbEmulator.Authentication;

/// <summary>
/// <c>x-amzn-oidc-data</c> as ALB writes it (AUTH-4): a JWT signed ES256 (P-256, SHA-256) whose header
/// members come in ALB's order <c>typ</c>, <c>kid</c>, <c>alg</c>, <c>iss</c>, <c>client</c>,
/// <c>signer</c>, <c>exp</c>; the payload is the userinfo claims followed by <c>exp</c> and <c>iss</c>;
/// every segment is base64url <b>with</b> <c>=</c> padding; the signature is the 64-byte JOSE
/// <c>r||s</c>.
/// </summary>
public static class ClaimsToken
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Create(AuthenticationKeys keys, string issuer, string clientId, string signerArn, ReadOnlySpan<byte> userInfoJson, DateTimeOffset now)
    {
        var exp = (now + AuthenticationDefaults.ClaimsTokenLifetime).ToUnixTimeSeconds();
        var header = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(header, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("typ", "JWT");
            writer.WriteString("kid", keys.SigningKeyId);
            writer.WriteString("alg", "ES256");
            writer.WriteString("iss", issuer);
            writer.WriteString("client", clientId);
            writer.WriteString("signer", signerArn);
            writer.WriteNumber("exp", exp);
            writer.WriteEndObject();
        }

        var payload = new ArrayBufferWriter<byte>(userInfoJson.Length + 128);
        using (var writer = new Utf8JsonWriter(payload, WriterOptions))
        {
            writer.WriteStartObject();
            using var claims = JsonDocument.Parse(userInfoJson.ToArray());
            foreach (var claim in claims.RootElement.EnumerateObject())
            {
                if (claim.NameEquals("exp") || claim.NameEquals("iss"))
                {
                    continue;
                }

                claim.WriteTo(writer);
            }

            writer.WriteNumber("exp", exp);
            writer.WriteString("iss", issuer);
            writer.WriteEndObject();
        }

        var signingInput = Base64Url.EncodePadded(header.WrittenSpan) + "." + Base64Url.EncodePadded(payload.WrittenSpan);
        var signature = keys.SigningKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodePadded(signature);
    }
}
