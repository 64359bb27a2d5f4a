using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlbEmulator.Authentication;

namespace AlbEmulator.Tests.Authentication;

public sealed class ClaimsTokenTests
{
    private static readonly AuthenticationKeys Keys = new();
    private const string Arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/local-alb/50dc6c495c0c9188";

    [Fact]
    public void HeaderMembersComeInAlbsOrderAndThePayloadEndsWithExpAndIss()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var token = ClaimsToken.Create(Keys, "https://idp.test", "client-1", Arn, """{"sub":"u1","exp":1,"email":"a@b.c","iss":"x"}"""u8, now);
        var parts = token.Split('.');
        Assert.Equal(
            $$"""{"typ":"JWT","kid":"{{Keys.SigningKeyId}}","alg":"ES256","iss":"https://idp.test","client":"client-1","signer":"{{Arn}}","exp":1800000120}""",
            Encoding.UTF8.GetString(Decode(parts[0])));
        Assert.Equal("""{"sub":"u1","email":"a@b.c","exp":1800000120,"iss":"https://idp.test"}""", Encoding.UTF8.GetString(Decode(parts[1])));
    }

    [Fact]
    public void SegmentsArePaddedBase64UrlAndTheSignatureIsRawRAndS()
    {
        var token = ClaimsToken.Create(Keys, "https://idp.test", "c", Arn, """{"sub":"u"}"""u8, DateTimeOffset.UtcNow);
        var parts = token.Split('.');
        Assert.All(parts, p => Assert.Equal(0, p.Length % 4));
        Assert.EndsWith("=", parts[2], StringComparison.Ordinal);
        var signature = Decode(parts[2]);
        Assert.Equal(64, signature.Length);
        using var key = ECDsa.Create();
        key.ImportFromPem(Keys.PublicKeyPem(Keys.SigningKeyId)!);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void NonAsciiClaimsStayReadable()
    {
        var token = ClaimsToken.Create(Keys, "i", "c", Arn, Encoding.UTF8.GetBytes("""{"name":"Zoë <admin>"}"""), DateTimeOffset.UtcNow);
        using var payload = JsonDocument.Parse(Decode(token.Split('.')[1]));
        Assert.Equal("Zoë <admin>", payload.RootElement.GetProperty("name").GetString());
    }

    private static byte[] Decode(string segment)
    {
        Assert.True(Base64Url.TryDecode(segment, out var bytes));
        return bytes;
    }
}
