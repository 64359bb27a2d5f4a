using System.Text;
using AlbEmulator.Desync;

namespace AlbEmulator.Tests.Desync;

public class HttpDesyncClassifierTests
{
    private static DesyncVerdict Classify(string head) => HttpDesyncClassifier.Classify(Encoding.Latin1.GetBytes(head));

    private static (string Tier, string Reason) TierAndReason(string head)
    {
        var verdict = Classify(head);
        return (verdict.Tier.ToString(), verdict.Reason.ToString());
    }

    [Fact]
    public void Classify_BrowserGet_CompliantWithoutMessage()
    {
        var verdict = HttpDesyncClassifier.Classify(DesyncSamples.BrowserGet);

        Assert.Equal((DesyncTier.Compliant, DesyncReason.Compliant), (verdict.Tier, verdict.Reason));
        Assert.Null(verdict.Message);
        Assert.Null(verdict.ClassificationLogValue);
        Assert.Null(verdict.ClassificationReasonLogValue);
        Assert.True(verdict.HasHost);
        Assert.False(verdict.IsHttp10OrLower);
        Assert.Equal(BodyFraming.None, verdict.Framing);
    }

    [Theory]
    [InlineData("42", true, 42UL)]
    [InlineData(" \t42\t ", true, 42UL)]
    [InlineData("", true, 0UL)]
    [InlineData("18446744073709551615", true, ulong.MaxValue)]
    [InlineData("18446744073709551616", false, 0UL)]
    [InlineData("42, 42", false, 0UL)]
    [InlineData("+42", false, 0UL)]
    [InlineData("0x2A", false, 0UL)]
    [InlineData("4 2", false, 0UL)]
    public void ParseContentLength_Value_DigitsThatFitU64(string value, bool valid, ulong expected)
    {
        var result = HttpDesyncClassifier.ParseContentLength(Encoding.Latin1.GetBytes(value), out var length);

        Assert.Equal(valid, result == ContentLengthParse.Valid);
        Assert.Equal(expected, length);
    }

    [Theory]
    [InlineData("chunked", "Chunked")]
    [InlineData(" CHUNKED ", "Chunked")]
    [InlineData("chunked; foo=bar", "Chunked")]
    [InlineData("gzip", "Other")]
    [InlineData("identity", "Other")]
    [InlineData("compress", "Other")]
    [InlineData("deflate", "Other")]
    [InlineData("xchunked", "Unknown")]
    [InlineData("", "Unknown")]
    [InlineData("br", "Unknown")]
    public void ClassifyCoding_Item_KnownCodingsOnly(string item, string expected)
    {
        Assert.Equal(expected, HttpDesyncClassifier.ClassifyCoding(Encoding.Latin1.GetBytes(item)).ToString());
    }

    [Theory]
    [InlineData("HTTP/1.1", "Compliant", "Compliant")]
    [InlineData("HTTP/1.0", "Compliant", "Compliant")]
    [InlineData("HTTP/1.2", "Acceptable", "NonCompliantVersion")]
    [InlineData("HTTP/1.9", "Acceptable", "NonCompliantVersion")]
    [InlineData("HTTP/0.9", "Acceptable", "NonCompliantVersion")]
    [InlineData("HTTP/1.1 ", "Acceptable", "NonCompliantVersion")]
    [InlineData("HTTP/1.x", "Severe", "BadVersion")]
    [InlineData("HTTP/1.11", "Severe", "BadVersion")]
    [InlineData("HTTP/1.1 HTTP/1.1", "Severe", "BadVersion")]
    [InlineData("HTTP/2", "Compliant", "Compliant")]
    [InlineData("HTTP/3.0", "Compliant", "Compliant")]
    public void Classify_Version_FollowsLibraryRules(string version, string tier, string reason)
    {
        Assert.Equal((tier, reason), TierAndReason($"GET /a {version}\r\nHost: a\r\n\r\n"));
    }

    [Fact]
    public void Classify_LowerCaseVersion_ComparesAboveHttp2AndIsSkipped()
    {
        // "http/1.1" >= "HTTP/2" bytewise, so the library does not analyse it (DSY-5 note in docs).
        Assert.Equal(("Compliant", "Compliant"), TierAndReason("GET /a http/1.1\r\nHost: a\r\n\r\n"));
    }

    [Fact]
    public void Classify_EmptyVersion_Http09NonCompliantVersion()
    {
        var verdict = Classify("GET /a\r\n\r\n");

        Assert.Equal((DesyncTier.Acceptable, DesyncReason.NonCompliantVersion), (verdict.Tier, verdict.Reason));
        Assert.True(verdict.IsHttp10OrLower);
        Assert.Equal("Acceptable", verdict.ClassificationLogValue);
    }

    [Theory]
    [InlineData("/a%20b", "Compliant", "Compliant")]
    [InlineData("/a\u00e9", "Compliant", "Compliant")]
    [InlineData("/a\tb", "Ambiguous", "AmbiguousUri")]
    [InlineData("/a\u007fb", "Ambiguous", "AmbiguousUri")]
    [InlineData("/a\u0001b", "Ambiguous", "AmbiguousUri")]
    [InlineData("/a b", "Acceptable", "SpaceInUri")]
    [InlineData("/a\0b", "Severe", "BadUri")]
    [InlineData("/a\rb", "Severe", "BadUri")]
    public void Classify_Target_ByteClasses(string target, string tier, string reason)
    {
        Assert.Equal((tier, reason), TierAndReason($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n"));
    }

    [Theory]
    [InlineData("X-Custom: a\u0001b", "Acceptable", "NonCompliantHeader")]
    [InlineData("X-Custom: caf\u00e9", "Compliant", "Compliant")]
    [InlineData("X.Custom: a", "Compliant", "Compliant")]
    [InlineData("X(Custom): a", "Acceptable", "NonCompliantHeader")]
    [InlineData("X-Custom: a\0b", "Severe", "BadHeader")]
    [InlineData("X-Custom: a\rb", "Severe", "BadHeader")]
    [InlineData(": a", "Ambiguous", "EmptyHeader")]
    [InlineData("::a: b", "Ambiguous", "EmptyHeader")]
    [InlineData("Transfer_Encoding: chunked", "Ambiguous", "SuspiciousHeader")]
    [InlineData("Content-Length : 5", "Ambiguous", "SuspiciousHeader")]
    public void Classify_HeaderCharacters_Tiered(string header, string tier, string reason)
    {
        Assert.Equal((tier, reason), TierAndReason($"POST /a HTTP/1.1\r\nHost: a\r\n{header}\r\n\r\n"));
    }

    [Theory]
    [InlineData("POST", "Content-Length: 5", "Compliant", "Compliant")]
    [InlineData("POST", "Content-Length: 5\r\nContent-Length: 5", "Ambiguous", "DuplicateContentLength")]
    [InlineData("POST", "Content-Length: 5\r\nContent-Length: 6", "Severe", "MultipleContentLength")]
    [InlineData("POST", "Content-Length: 5, 5", "Severe", "BadContentLength")]
    [InlineData("POST", "Content-Length: -1", "Severe", "BadContentLength")]
    [InlineData("POST", "Transfer-Encoding: chunked", "Compliant", "Compliant")]
    [InlineData("POST", "Transfer-Encoding: gzip, chunked", "Compliant", "Compliant")]
    [InlineData("POST", "Transfer-Encoding: chunked, chunked", "Severe", "MultipleTransferEncodingChunked")]
    [InlineData("POST", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", "Severe", "MultipleTransferEncodingChunked")]
    [InlineData("POST", "Transfer-Encoding: xchunked", "Severe", "BadTransferEncoding")]
    [InlineData("POST", "Transfer-Encoding: chunked\r\nContent-Length: 5", "Ambiguous", "BothTeClPresent")]
    [InlineData("GET", "Content-Length: 0", "Acceptable", "GetHeadZeroContentLength")]
    [InlineData("HEAD", "Content-Length: 7", "Ambiguous", "UndefinedContentLengthSemantics")]
    [InlineData("GET", "Transfer-Encoding: chunked", "Ambiguous", "UndefinedTransferEncodingSemantics")]
    [InlineData("get", "Content-Length: 7", "Compliant", "Compliant")]
    public void Classify_BodyHeaders_Tiered(string method, string headers, string tier, string reason)
    {
        Assert.Equal((tier, reason), TierAndReason($"{method} /a HTTP/1.1\r\nHost: a\r\n{headers}\r\n\r\n"));
    }

    [Fact]
    public void Classify_Http10WithTransferEncoding_UndefinedTransferEncodingSemantics()
    {
        Assert.Equal(("Ambiguous", "UndefinedTransferEncodingSemantics"), TierAndReason("POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"));
    }

    [Fact]
    public void Classify_Http09WithContentLength_UndefinedContentLengthSemantics()
    {
        Assert.Equal(("Ambiguous", "UndefinedContentLengthSemantics"), TierAndReason("POST /a HTTP/0.9\r\nContent-Length: 5\r\n\r\n"));
    }

    [Fact]
    public void Classify_BadMethod_Severe()
    {
        Assert.Equal(("Severe", "BadMethod"), TierAndReason("GE(T /a HTTP/1.1\r\n\r\n"));
    }

    [Fact]
    public void Classify_SevereAfterAmbiguous_FirstSevereReasonWins()
    {
        var verdict = Classify("POST /a HTTP/1.1\r\nTransfer_Encoding: chunked\r\nContent-Length: 1\r\nContent-Length: 2\r\nX: \0\r\n\r\n");

        Assert.Equal((DesyncTier.Severe, DesyncReason.BadHeader), (verdict.Tier, verdict.Reason));
    }

    [Fact]
    public void Classify_MultipleContentLength_MessageNamesHeaderAndValue()
    {
        var verdict = Classify("POST /a HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");

        Assert.NotNull(verdict.Message);
        Assert.Contains("\"Content-Length\"", verdict.Message, StringComparison.Ordinal);
        Assert.Contains("6", verdict.Message, StringComparison.Ordinal);
        Assert.Equal("Severe", verdict.ClassificationLogValue);
        Assert.Equal("MultipleContentLength", verdict.ClassificationReasonLogValue);
    }

    [Fact]
    public void Classify_NonBodyHeaderValue_ObfuscatedInMessage()
    {
        var verdict = Classify("GET /a HTTP/1.1\r\nCookie: secret\u0001token\r\n\r\n");

        Assert.Equal(DesyncReason.NonCompliantHeader, verdict.Reason);
        Assert.DoesNotContain("secret", verdict.Message, StringComparison.Ordinal);
        Assert.Contains("\\0x01", verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Length: 12", "ContentLength(12)")]
    [InlineData("Content-Length: 12\r\nContent-Length: 12", "ContentLength(12)")]
    [InlineData("Content-Length: 12\r\nContent-Length: 13", "None")]
    [InlineData("Content-Length: x", "None")]
    [InlineData("Transfer-Encoding: chunked", "Chunked")]
    [InlineData("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked", "Chunked")]
    [InlineData("Transfer-Encoding: chunked, gzip", "None")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 4", "Chunked")]
    [InlineData("Transfer-Encoding: gzip\r\nContent-Length: 4", "ContentLength(4)")]
    [InlineData("Transfer_Encoding: chunked", "None")]
    [InlineData("X-Other: 1", "None")]
    public void Classify_FramingFacts_DerivedFromBodyHeaders(string headers, string framing)
    {
        Assert.Equal(framing, Classify($"POST /a HTTP/1.1\r\nHost: a\r\n{headers}\r\n\r\n").Framing.ToString());
    }

    [Theory]
    [InlineData("GET /a HTTP/1.1\r\nhOsT: a\r\n\r\n", true)]
    [InlineData("GET /a HTTP/1.1\r\nHost : a\r\n\r\n", false)]
    [InlineData("GET /a HTTP/1.1\r\nX-Host: a\r\n\r\n", false)]
    public void Classify_HostHeader_HasHostExactNameOnly(string head, bool hasHost)
    {
        Assert.Equal(hasHost, Classify(head).HasHost);
    }

    [Theory]
    [InlineData("HTTP/1.0", true)]
    [InlineData("HTTP/0.9", true)]
    [InlineData("HTTP/1.1", false)]
    public void Classify_Version_IsHttp10OrLower(string version, bool expected)
    {
        Assert.Equal(expected, Classify($"GET /a {version}\r\n\r\n").IsHttp10OrLower);
    }
}
