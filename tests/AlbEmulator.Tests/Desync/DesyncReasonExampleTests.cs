using System.Text;
using AlbEmulator.Desync;

namespace AlbEmulator.Tests.Desync;

/// <summary>One raw request per reason code; the same examples are listed in docs/desync-mitigation.md.</summary>
public class DesyncReasonExampleTests
{
    public static TheoryData<string, string, string> Examples() => new()
    {
        { "Compliant", "Compliant", "GET / HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "Acceptable", "NonCompliantHeader", "GET / HTTP/1.1\r\nHost: a\r\nX-Note: a\u0001b\r\n\r\n" },
        { "Acceptable", "SpaceInUri", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "Acceptable", "NonCompliantVersion", "GET / HTTP/1.2\r\nHost: a\r\n\r\n" },
        { "Acceptable", "GetHeadZeroContentLength", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n" },
        { "Acceptable", "NonCrLfLineTermination", "GET / HTTP/1.1\nHost: a\n\n" },
        { "Ambiguous", "EmptyHeader", "GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n" },
        { "Ambiguous", "SuspiciousHeader", "POST / HTTP/1.1\r\nHost: a\r\nTransfer_Encoding: chunked\r\n\r\n" },
        { "Ambiguous", "AmbiguousUri", "GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "Ambiguous", "DuplicateContentLength", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n" },
        { "Ambiguous", "UndefinedContentLengthSemantics", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n" },
        { "Ambiguous", "UndefinedTransferEncodingSemantics", "POST / HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" },
        { "Ambiguous", "BothTeClPresent", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n" },
        { "Ambiguous", "MultilineHeader", "GET / HTTP/1.1\r\nHost: a\r\nX-Note: a\r\n b\r\n\r\n" },
        { "Ambiguous", "PartialHeaderLine", "GET / HTTP/1.1\r\nHost: a" },
        { "Ambiguous", "MissingLastEmptyLine", "GET / HTTP/1.1\r\nHost: a\r\n" },
        { "Ambiguous", "MissingHeaderColon", "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n" },
        { "Ambiguous", "MissingUri", "GET HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "Severe", "BadHeader", "GET / HTTP/1.1\r\nHost: a\r\nX-Note: a\0b\r\n\r\n" },
        { "Severe", "BadUri", "GET /a\0b HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "Severe", "BadVersion", "GET / HTTP/1.x\r\nHost: a\r\n\r\n" },
        { "Severe", "BadMethod", "G(ET / HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "Severe", "MultipleContentLength", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n" },
        { "Severe", "BadContentLength", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 42, 42\r\n\r\n" },
        { "Severe", "MultipleTransferEncodingChunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n" },
        { "Severe", "BadTransferEncoding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Classify_ReasonExample_ProducesThatReason(string tier, string reason, string head)
    {
        var verdict = HttpDesyncClassifier.Classify(Encoding.Latin1.GetBytes(head));

        Assert.Equal((tier, reason), (verdict.Tier.ToString(), verdict.Reason.ToString()));
    }

    [Fact]
    public void Examples_EveryReasonCode_Covered()
    {
        var covered = Examples().Select(row => (string)row[1]).ToHashSet();

        Assert.Equal(Enum.GetNames<DesyncReason>().Order(), covered.Order());
    }
}
