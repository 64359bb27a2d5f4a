using System.Text;
using AlbEmulator.Authentication;

namespace AlbEmulator.Tests.Authentication;

public sealed class SecretBoxTests
{
    private static readonly AuthenticationKeys Keys = new();

    [Fact]
    public void SealedValuesOpenOnlyForTheirPurposeAndUnaltered()
    {
        var box = new SecretBox(Keys);
        var sealedText = box.Seal(Encoding.UTF8.GetBytes("{\"a\":1}"), "session");
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(box.Open(sealedText, "session")!));
        Assert.Null(box.Open(sealedText, "state"));
        Assert.Null(new SecretBox(new AuthenticationKeys()).Open(sealedText, "session"));
        var altered = sealedText[..^2] + (sealedText[^2] == 'A' ? "B" : "A") + sealedText[^1];
        Assert.Null(box.Open(altered, "session"));
        Assert.DoesNotContain('=', sealedText);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("")]
    [InlineData("!!!!")]
    [InlineData("a")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void GarbageNeverOpensAndNeverThrows(string text) => Assert.Null(new SecretBox(Keys).Open(text, "state"));
}
