using System.Text;
using AlbEmulator.Desync;
using AlbEmulator.Listeners.Http1;

namespace AlbEmulator.Tests.Listeners.Http1;

/// <summary>The one parse of a request head: the facts every wire check, the classifier and the normaliser read.</summary>
public sealed class WireHeadTests
{
    private delegate void Inspect(in WireHead head);

    private static void Parse(string text, Inspect inspect)
    {
        using var head = WireHead.Parse(Encoding.Latin1.GetBytes(text));
        inspect(head);
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    [Fact]
    public void Parse_BrowserRequest_RequestLineHeadersAndVerdictFromOnePass()
    {
        using var head = WireHead.Parse(Desync.DesyncSamples.BrowserGet);

        Assert.Equal(WireHeadStage.Complete, head.Stage);
        Assert.True(head.RequestLineParsed);
        Assert.True(head.VersionIsHttp1);
        Assert.Equal("GET", Text(head.Method));
        Assert.Equal("/products/shoes?color=red&size=42", Text(head.Target));
        Assert.Equal("HTTP/1.1", Text(head.Version));
        Assert.Equal(1, head.HostCount);
        Assert.False(head.NeedsNormalising);
        Assert.False(head.UnsupportedTransferCoding);
        Assert.True(head.Desync.IsCompliant);
        Assert.Equal(11, head.Raw.HeaderCount);
        var described = head.Describe();
        Assert.Equal("shop.example.com", described.Host);
        Assert.StartsWith("Mozilla/5.0 (X11", described.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LeadingEmptyLines_RequestLineIsTheFirstNonEmptyLine()
    {
        Parse("\r\n\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n", (in WireHead h) =>
        {
            Assert.Equal("GET", Text(h.Method));
            Assert.Equal("/x", Text(h.Target));
        });
    }

    [Fact]
    public void Parse_TargetWithSpace_SplitAtFirstAndLastSpace()
    {
        Parse("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", (in WireHead h) =>
        {
            Assert.Equal("/a b", Text(h.Target));
            Assert.True(h.NeedsNormalising);
            Assert.Equal((DesyncTier.Acceptable, DesyncReason.SpaceInUri), (h.Desync.Tier, h.Desync.Reason));
        });
    }

    [Fact]
    public void Parse_ObsFold_RecordedAsContinuationNeedingNormalising()
    {
        Parse("GET / HTTP/1.1\r\nX-A: one\r\n two\r\nHost: a\r\n\r\n", (in WireHead h) =>
        {
            Assert.True(h.Raw.Headers[1].IsContinuation);
            Assert.True(h.NeedsNormalising);
            Assert.Equal(1, h.HostCount);
            Assert.Equal(DesyncReason.MultilineHeader, h.Desync.Reason);
        });
    }

    [Fact]
    public void Parse_BareLfHead_Acceptable()
    {
        Parse("GET / HTTP/1.1\nHost: a\n\n", (in WireHead h) =>
        {
            Assert.Equal((DesyncTier.Acceptable, DesyncReason.NonCrLfLineTermination), (h.Desync.Tier, h.Desync.Reason));
            Assert.Equal(1, h.HostCount);
            Assert.Equal("HTTP/1.1", Text(h.Version));
        });
    }

    [Theory]
    [InlineData("Content-Length: 3\r\nContent-Length: 3", "Ambiguous", "DuplicateContentLength", "ContentLength")]
    [InlineData("Content-Length: 3\r\nContent-Length: 4", "Severe", "MultipleContentLength", "None")]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", "Severe", "MultipleTransferEncodingChunked", "Chunked")]
    [InlineData("Content-Length: 3\r\nTransfer-Encoding: chunked", "Ambiguous", "BothTeClPresent", "Chunked")]
    public void Parse_DuplicateFramingHeaders_RecordedAsFacts(string headers, string tier, string reason, string framing)
    {
        Parse($"POST / HTTP/1.1\r\nHost: a\r\n{headers}\r\n\r\n", (in WireHead h) =>
        {
            Assert.Equal((tier, reason), (h.Desync.Tier.ToString(), h.Desync.Reason.ToString()));
            Assert.Equal(framing, h.Desync.Framing.Kind.ToString());
        });
    }

    [Theory]
    [InlineData("chunked", false, false)]
    [InlineData("identity, chunked", false, true)]
    [InlineData("gzip, chunked", true, true)]
    [InlineData("chunked;q=1", false, true)]
    [InlineData("x-custom", true, true)]
    public void Parse_TransferEncoding_UnsupportedCodingAndKestrelRewrite(string value, bool unsupported, bool normalise)
    {
        Parse($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: {value}\r\n\r\n", (in WireHead h) =>
        {
            Assert.Equal(unsupported, h.UnsupportedTransferCoding);
            Assert.Equal(normalise, h.NeedsNormalising);
        });
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", true)]
    [InlineData("GET /\x80 HTTP/1.1\r\nHost: a\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.2\r\nHost: a\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nBad Name: x\r\nHost: a\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nNoColon\r\nHost: a\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.0\r\n\r\n", false)]
    public void Parse_HeadsKestrelWouldRefuse_NeedNormalising(string text, bool expected)
    {
        Parse(text, (in WireHead h) => Assert.Equal(expected, h.NeedsNormalising));
    }

    [Fact]
    public void Parse_SeveralHosts_FirstIsDescribed()
    {
        Parse("GET / HTTP/1.1\r\nHost:  first.example \r\nHost: second.example\r\n\r\n", (in WireHead h) =>
        {
            Assert.Equal(2, h.HostCount);
            Assert.Equal("first.example", h.Describe().Host);
        });
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("GET /\r\n\r\n")]
    public void Parse_RequestLineWithoutThreeParts_DescribedAsUnparsed(string text)
    {
        Parse(text, (in WireHead h) =>
        {
            Assert.False(h.RequestLineParsed);
            Assert.Equal(HeadVerdict.Unparsed, h.Describe());
            Assert.Equal("-", h.RawTargetString());
        });
    }

    [Fact]
    public void Incomplete_NoHeadBytes_DescribedAsUnparsed()
    {
        var head = WireHead.Incomplete(WireHeadStage.TimedOut);

        Assert.Equal(WireHeadStage.TimedOut, head.Stage);
        Assert.True(head.Bytes.IsEmpty);
        Assert.Equal(HeadVerdict.Unparsed, head.Describe());
    }
}
