using System.Text;
using AlbEmulator.Desync;

namespace AlbEmulator.Tests.Desync;

public class HeaderNameSimilarityTests
{
    [Theory]
    [InlineData("Transfer-Encoding", "Identical")]
    [InlineData("TRANSFER-ENCODING", "Identical")]
    [InlineData("transfer-encoding", "Identical")]
    [InlineData("Transfer-Encoding ", "SameLetters")]
    [InlineData("Transfer-Encoding\t", "SameLetters")]
    [InlineData(" Transfer-Encoding", "SameLetters")]
    [InlineData("\u0001Transfer-Encoding", "SameLetters")]
    [InlineData("Transfer_Encoding", "SameLetters")]
    [InlineData("Transfer_ Encoding", "SameLetters")]
    [InlineData("Transfer Encoding", "Distant")] // like the library: SP is skipped as padding after 'r', then 'E' is taken as the delimiter
    [InlineData("Transfer-\u0001Encoding", "SameLetters")]
    [InlineData("TransferEncoding", "Distant")]
    [InlineData("Transfer-Encodings", "Distant")]
    [InlineData("X-Transfer-Encoding", "Distant")]
    [InlineData("Content-Length", "Distant")]
    [InlineData("Host", "Distant")]
    public void Determine_TransferEncodingLookAlikes_Classified(string name, string expected)
    {
        Assert.Equal(expected, HeaderNameSimilarity.Determine(HeaderNameSimilarity.TransferEncoding, Encoding.Latin1.GetBytes(name)).ToString());
    }

    [Theory]
    [InlineData("Tran\u017Ffer-Encoding")]
    [InlineData("Tran\u017Ffer-Encod\u0131ng")]
    public void Determine_UnicodeUppercasesToAscii_SameLetters(string name)
    {
        // U+017F upper-cases to 'S' and U+0131 to 'I'; they arrive as UTF-8.
        Assert.Equal("SameLetters", HeaderNameSimilarity.Determine(HeaderNameSimilarity.TransferEncoding, Encoding.UTF8.GetBytes(name)).ToString());
    }

    [Theory]
    [InlineData("Content-Length", "Identical")]
    [InlineData("content-length", "Identical")]
    [InlineData("Content_Length", "SameLetters")]
    [InlineData("Content-Length:", "SameLetters")]
    [InlineData("Content-Lengths", "Distant")]
    [InlineData("Content-Type", "Distant")]
    public void Determine_ContentLengthLookAlikes_Classified(string name, string expected)
    {
        Assert.Equal(expected, HeaderNameSimilarity.Determine(HeaderNameSimilarity.ContentLength, Encoding.Latin1.GetBytes(name)).ToString());
    }
}
