using System.Text;
using AlbEmulator.Desync;

namespace AlbEmulator.Tests.Desync;

public class RawRequestHeadParserTests
{
    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    [Fact]
    public void TryParse_CompliantHead_SplitsRequestLineAndHeaders()
    {
        var head = Bytes("GET /foo/bar?x=1 HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n");

        Assert.True(RawRequestHeadParser.TryParse(head, out var parsed, out var verdict));
        using (parsed)
        {
            Assert.Equal(DesyncTier.Compliant, verdict.Tier);
            Assert.Null(verdict.Message);
            Assert.Equal("GET", Text(parsed.Method));
            Assert.Equal("/foo/bar?x=1", Text(parsed.Target));
            Assert.Equal("HTTP/1.1", Text(parsed.Version));
            Assert.Equal(2, parsed.HeaderCount);
            Assert.Equal("Host", Text(parsed.GetName(parsed.Headers[0])));
            Assert.Equal(" localhost", Text(parsed.GetValue(parsed.Headers[0])));
            Assert.Equal("Accept", Text(parsed.GetName(parsed.Headers[1])));
            Assert.False(parsed.Headers[1].IsContinuation);
            Assert.True(parsed.Headers[1].HasColon);
        }
    }

    [Fact]
    public void TryParse_BareLfEverywhere_NonCrLfLineTerminationAcceptable()
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes("GET / HTTP/1.1\nHost: a\n\n"), out var parsed, out var verdict));
        using (parsed)
        {
            Assert.Equal((DesyncTier.Acceptable, DesyncReason.NonCrLfLineTermination), (verdict.Tier, verdict.Reason));
            Assert.Equal("HTTP/1.1", Text(parsed.Version));
            Assert.Equal(1, parsed.HeaderCount);
            Assert.Contains("Request line", verdict.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryParse_BareLfInsideCrLfHead_StaysInsideTheLine()
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes("GET / HTTP/1.1\r\nX: a\nTransfer-Encoding: chunked\r\n\r\n"), out var parsed, out var verdict));
        using (parsed)
        {
            Assert.Equal(DesyncTier.Compliant, verdict.Tier);
            Assert.Equal(1, parsed.HeaderCount);
            Assert.Equal(" a\nTransfer-Encoding: chunked", Text(parsed.GetValue(parsed.Headers[0])));
        }
    }

    [Fact]
    public void TryParse_ObsFold_ContinuationKeepsPreviousNameAndIsMultilineHeader()
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes("GET / HTTP/1.1\r\nX-Long: a\r\n  b\r\n\r\n"), out var parsed, out var verdict));
        using (parsed)
        {
            Assert.Equal((DesyncTier.Ambiguous, DesyncReason.MultilineHeader), (verdict.Tier, verdict.Reason));
            Assert.Equal(2, parsed.HeaderCount);
            Assert.Equal("X-Long", Text(parsed.GetName(parsed.Headers[1])));
            Assert.Equal("  b", Text(parsed.GetValue(parsed.Headers[1])));
            Assert.True(parsed.Headers[1].IsContinuation);
            Assert.Contains("X-Long", verdict.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryParse_ObsFoldOfContentType_Compliant()
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes("POST / HTTP/1.1\r\nContent-Type: multipart/mixed;\r\n boundary=x\r\n\r\n"), out var parsed, out var verdict));
        using (parsed)
        {
            Assert.Equal(DesyncTier.Compliant, verdict.Tier);
            Assert.Equal("Content-Type", Text(parsed.GetName(parsed.Headers[1])));
        }
    }

    [Fact]
    public void TryParse_FoldedLineMimickingHeader_SeparateHeaderAndMultilineHeader()
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes("POST / HTTP/1.1\r\nX: a\r\n Transfer-Encoding: chunked\r\n\r\n"), out var parsed, out var verdict));
        using (parsed)
        {
            Assert.Equal(DesyncReason.MultilineHeader, verdict.Reason);
            Assert.Equal(" Transfer-Encoding", Text(parsed.GetName(parsed.Headers[1])));
            Assert.Equal(" chunked", Text(parsed.GetValue(parsed.Headers[1])));
        }
    }

    [Fact]
    public void TryParse_WhitespaceLedFirstHeader_IsAHeaderNotAFold()
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes("POST / HTTP/1.1\r\n Transfer-Encoding: chunked\r\n\r\n"), out var parsed, out var verdict));
        using (parsed)
        {
            Assert.Equal(DesyncTier.Compliant, verdict.Tier);
            Assert.Equal(" Transfer-Encoding", Text(parsed.GetName(parsed.Headers[0])));
        }
    }

    [Fact]
    public void TryParse_MissingColon_MissingHeaderColonAmbiguous()
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes("GET / HTTP/1.1\r\nNoColonHere\r\n\r\n"), out var parsed, out var verdict));
        using (parsed)
        {
            Assert.Equal((DesyncTier.Ambiguous, DesyncReason.MissingHeaderColon), (verdict.Tier, verdict.Reason));
            Assert.Equal("NoColonHere", Text(parsed.GetName(parsed.Headers[0])));
            Assert.False(parsed.Headers[0].HasColon);
            Assert.True(parsed.GetValue(parsed.Headers[0]).IsEmpty);
        }
    }

    [Fact]
    public void TryParse_NoFinalEmptyLine_MissingLastEmptyLine()
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes("GET / HTTP/1.1\r\nHost: a\r\n"), out var parsed, out var verdict));
        parsed.Dispose();

        Assert.Equal((DesyncTier.Ambiguous, DesyncReason.MissingLastEmptyLine), (verdict.Tier, verdict.Reason));
    }

    [Fact]
    public void TryParse_UnterminatedHeaderLine_PartialHeaderLine()
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes("GET / HTTP/1.1\r\nHost: a"), out var parsed, out var verdict));
        parsed.Dispose();

        Assert.Equal((DesyncTier.Ambiguous, DesyncReason.PartialHeaderLine), (verdict.Tier, verdict.Reason));
    }

    [Theory]
    [InlineData("GET HTTP/1.1\r\n\r\n")]
    [InlineData("GET\r\n\r\n")]
    public void TryParse_NoTarget_MissingUri(string head)
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes(head), out var parsed, out var verdict));
        parsed.Dispose();

        Assert.Equal((DesyncTier.Ambiguous, DesyncReason.MissingUri), (verdict.Tier, verdict.Reason));
    }

    [Fact]
    public void TryParse_NoVersion_Http09TargetAndEmptyVersion()
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes("GET /foo/bar\r\n\r\n"), out var parsed, out _));
        using (parsed)
        {
            Assert.Equal("/foo/bar", Text(parsed.Target));
            Assert.True(parsed.Version.IsEmpty);
        }
    }

    [Theory]
    [InlineData("GET /a HTTP/1.1 HTTP/1.1\r\n\r\n", "/a", "HTTP/1.1 HTTP/1.1")]
    [InlineData("GET /a b HTTP/1.1\r\n\r\n", "/a b", "HTTP/1.1")]
    [InlineData("GET /a HTTP/1.1 \t \r\n\r\n", "/a", "HTTP/1.1 \t ")]
    [InlineData("GET /a\tHTTP/1.1 HTTP/1.1\r\n\r\n", "/a\tHTTP/1.1", "HTTP/1.1")]
    public void TryParse_RequestLineVariants_SplitsTargetAndVersion(string head, string target, string version)
    {
        Assert.True(RawRequestHeadParser.TryParse(Bytes(head), out var parsed, out _));
        using (parsed)
        {
            Assert.Equal(target, Text(parsed.Target));
            Assert.Equal(version, Text(parsed.Version));
        }
    }

    [Fact]
    public void TryParse_EmptyInput_FalseAndAmbiguous()
    {
        Assert.False(RawRequestHeadParser.TryParse(default, out var parsed, out var verdict));
        parsed.Dispose();

        Assert.Equal(DesyncReason.MissingUri, verdict.Reason);
    }

    [Fact]
    public void TryParse_ManyHeaders_GrowsBeyondInitialCapacity()
    {
        var text = new StringBuilder("GET / HTTP/1.1\r\n");
        for (var i = 0; i < 300; i++)
        {
            text.Append("X-H").Append(i).Append(": v\r\n");
        }

        Assert.True(RawRequestHeadParser.TryParse(Bytes(text.Append("\r\n").ToString()), out var parsed, out var verdict));
        using (parsed)
        {
            Assert.Equal(DesyncTier.Compliant, verdict.Tier);
            Assert.Equal(300, parsed.HeaderCount);
            Assert.Equal("X-H299", Text(parsed.GetName(parsed.Headers[299])));
        }
    }

    [Fact]
    public void TryParse_RandomGarbage_NeverThrows()
    {
        var random = new Random(7230);
        var alphabet = Bytes("GET /:\r\n \tHTTP/1.1\0\x7f\xff-,;chunkedContent-LengthTransfer-Encoding");
        for (var round = 0; round < 5000; round++)
        {
            var buffer = new byte[random.Next(0, 80)];
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            RawRequestHeadParser.TryParse(buffer, out var parsed, out _);
            parsed.Dispose();
            _ = HttpDesyncClassifier.Classify(buffer);
        }
    }
}
