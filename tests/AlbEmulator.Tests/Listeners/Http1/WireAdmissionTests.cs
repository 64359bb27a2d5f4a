using System.Buffers;
using AlbEmulator.Desync;
using AlbEmulator.Errors;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.Tests.Common;
using static AlbEmulator.Tests.Listeners.Http1.WireAdmissionHarness;

namespace AlbEmulator.Tests.Listeners.Http1;

/// <summary>Wire admission as a pure function: each check of <see cref="AlbCheckOrder.Wire"/>, their order, pipelined heads.</summary>
public sealed class WireAdmissionTests
{
    private const DesyncMitigationMode Monitor = DesyncMitigationMode.Monitor;
    private const DesyncMitigationMode Defensive = DesyncMitigationMode.Defensive;
    private const DesyncMitigationMode Strictest = DesyncMitigationMode.Strictest;

    private static readonly string LongLine = new('a', 16 * 1024);

    /// <summary>One head per check that fails that check only, with the mode it needs.</summary>
    public static TheoryData<string, string, DesyncMitigationMode, AlbError> EachCheck() => new()
    {
        { nameof(Http2PrefaceCheck), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Defensive, AlbError.HttpVersionNotSupported },
        { nameof(RequestLineLengthCheck), $"GET /{LongLine} HTTP/1.1\r\nHost: a\r\n\r\n", Defensive, AlbError.UriTooLong },
        { nameof(HeaderSizeCheck), $"GET / HTTP/1.1\r\nHost: a\r\nX-Big: {LongLine}\r\n\r\n", Defensive, AlbError.RequestHeaderTooLarge },
        { nameof(DesyncModeCheck), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", Defensive, AlbError.DesyncBlocked },
        { nameof(RequestLineCheck), "GET / FOO/1.1\r\nHost: a\r\n\r\n", Monitor, AlbError.BadRequest },
        { nameof(HostHeaderCheck), "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", Defensive, AlbError.MissingHostHeader },
        { nameof(TransferEncodingCheck), "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", Defensive, AlbError.UnsupportedTransferEncoding },
        { nameof(ForwardableCheck), "G@T / HTTP/1.1\r\nHost: a\r\n\r\n", Monitor, AlbError.BadRequest },
    };

    [Theory]
    [MemberData(nameof(EachCheck))]
    public void Admit_HeadFailingOneCheck_RejectedByThatCheckOfTheDeclaredOrder(string check, string bytes, DesyncMitigationMode mode, AlbError expected)
    {
        var result = Admit(bytes, mode);

        Assert.False(result.Decision.Admitted);
        Assert.Equal(check, result.Decision.RejectedBy!.GetType().Name);
        Assert.Equal(expected, result.Error);
        // The decision names the very instance of the order the function iterated (the trail).
        Assert.Contains(AlbCheckOrder.Wire, c => ReferenceEquals(c, result.Decision.RejectedBy));
        Assert.Equal(result.Decision.RejectedBy.Name, result.Decision.Rejection.Check);
        Assert.False(string.IsNullOrEmpty(result.Decision.Rejection.Reason));
    }

    [Fact]
    public void Admit_TimedOutHead_RequestTimeout()
    {
        var decision = TimedOut();

        Assert.Equal(AlbError.RequestTimeout, decision.Error);
        Assert.IsType<IdleTimeoutCheck>(decision.RejectedBy);
        Assert.Equal(default, decision.Classification);
    }

    [Fact]
    public void Admit_EveryCheckOfTheOrder_HasAHeadThatFailsOnlyIt()
    {
        var covered = EachCheck().Select(row => (string)row[0]).Append(nameof(IdleTimeoutCheck)).Order();

        Assert.Equal(AlbCheckOrder.Wire.Select(c => c.GetType().Name).Order(), covered);
    }

    [Fact]
    public void Admit_CompliantHead_AdmittedAsReceived()
    {
        var result = Admit("POST /upload?a=1 HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 5\r\n\r\nhello");

        Assert.True(result.Decision.Admitted);
        Assert.Equal(AlbError.None, result.Error);
        Assert.Equal(DesyncAction.Forward, result.Decision.Action);
        Assert.Equal(BodyFramingKind.ContentLength, result.Decision.Framing.Kind);
        Assert.Equal(5ul, result.Decision.Framing.Length);
        Assert.Null(result.Decision.NormalisedHead);
        Assert.Equal(default, result.Decision.Classification);
        Assert.Equal("/upload?a=1", result.RawTarget);
        Assert.Equal(68, result.HeadLength);
    }

    [Fact]
    public void Admit_ObsFoldInMonitorMode_ForwardedWithTheFoldAsAHeaderOfItsOwn()
    {
        var result = Admit("GET / HTTP/1.1\r\nX-A: one\r\n two\r\nHost: a\r\n\r\n", Monitor);

        Assert.True(result.Decision.Admitted);
        Assert.Equal(new WireClassification("Ambiguous", "MultilineHeader"), result.Decision.Classification);
        Assert.Equal("GET / HTTP/1.1\r\nX-A: one\r\ntwo: \r\nHost: a\r\n\r\n", result.NormalisedHead);
    }

    [Fact]
    public void Admit_AmbiguousInDefensiveMode_ForwardedThenClosed()
    {
        var result = Admit("GET / HTTP/1.1\r\nX-A: one\r\n two\r\nHost: a\r\n\r\n", Defensive);

        Assert.True(result.Decision.Admitted);
        Assert.Equal(DesyncAction.ForwardThenClose, result.Decision.Action);
    }

    [Fact]
    public void Admit_AcceptableInStrictestMode_BlockedWithTheClassifiersExplanation()
    {
        var result = Admit("GET / HTTP/1.1\nHost: a\n\n", Strictest);

        Assert.Equal(AlbError.DesyncBlocked, result.Error);
        Assert.Equal(new WireClassification("Acceptable", "NonCrLfLineTermination"), result.Decision.Classification);
        Assert.Equal(result.Decision.DesyncMessage, result.Decision.Rejection.Reason);
        Assert.Equal(result.Decision.Classification, result.Decision.Rejection.Classification);
    }

    [Theory]
    [InlineData("PRI / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET * HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /\r\nHost: a\r\n\r\n")]
    [InlineData("GET HTTP/1.1\r\nHost: a\r\n\r\n")]
    public void Admit_RequestLineAlbCannotRoute_BadRequest(string bytes)
    {
        Assert.IsType<RequestLineCheck>(Admit(bytes, Monitor).Decision.RejectedBy);
    }

    [Theory]
    [InlineData("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET / HTTP/1.0\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity, chunked\r\n\r\n")]
    public void Admit_HeadsAlbAccepts_Admitted(string bytes)
    {
        Assert.True(Admit(bytes, Monitor).Decision.Admitted);
    }

    // A head failing two checks gets the earlier one's answer.
    public static TheoryData<string, DesyncMitigationMode, string, string> TwoFailures() => new()
    {
        // desync mode (blocks LF-only lines in strictest) before the request line (PRI)
        { "PRI / HTTP/1.1\nHost: a\n\n", Strictest, nameof(DesyncModeCheck), nameof(RequestLineCheck) },
        // request line (PRI) before Host
        { "PRI / HTTP/1.1\r\n\r\n", Monitor, nameof(RequestLineCheck), nameof(HostHeaderCheck) },
        // Host before Transfer-Encoding
        { "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", Monitor, nameof(HostHeaderCheck), nameof(TransferEncodingCheck) },
        // Transfer-Encoding before forwardable (a method that is not a token)
        { "P@ST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", Monitor, nameof(TransferEncodingCheck), nameof(ForwardableCheck) },
        // desync mode (Severe: a method that is not a token) before Host
        { "G@T / HTTP/1.1\r\n\r\n", Defensive, nameof(DesyncModeCheck), nameof(HostHeaderCheck) },
        // the request line's size limit before the header limits and everything on the complete head
        { $"G@T /{LongLine} FOO\r\n\r\n", Defensive, nameof(RequestLineLengthCheck), nameof(RequestLineCheck) },
        // the HTTP/2 preface before anything else
        { "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Monitor, nameof(Http2PrefaceCheck), nameof(RequestLineCheck) },
    };

    [Theory]
    [MemberData(nameof(TwoFailures))]
    public void Admit_HeadFailingTwoChecks_TheEarlierAnswers(string bytes, DesyncMitigationMode mode, string earlier, string later)
    {
        var names = AlbCheckOrder.Wire.Select(c => c.GetType().Name).ToList();
        Assert.True(names.IndexOf(earlier) < names.IndexOf(later), $"{earlier} is declared before {later}");

        Assert.Equal(earlier, Admit(bytes, mode).Decision.RejectedBy!.GetType().Name);
    }

    [Fact]
    public void Admit_LaterCheckAlone_AnswersWhenTheEarlierPasses()
    {
        // The same heads as above with the earlier failure mended: the later check answers.
        Assert.IsType<RequestLineCheck>(Admit("PRI / HTTP/1.1\r\nHost: a\r\n\r\n", Strictest).Decision.RejectedBy);
        Assert.IsType<HostHeaderCheck>(Admit("GET / HTTP/1.1\r\n\r\n", Monitor).Decision.RejectedBy);
        Assert.IsType<TransferEncodingCheck>(Admit("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", Monitor).Decision.RejectedBy);
        Assert.IsType<HostHeaderCheck>(Admit("G@T / HTTP/1.1\r\n\r\n", Monitor).Decision.RejectedBy);
    }

    [Fact]
    public void Admit_PipelinedHeads_EachAdmittedOnItsOwnBytes()
    {
        var bytes = "GET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /c HTTP/1.1\r\nHo"u8.ToArray();

        var first = Admit(bytes);
        Assert.True(first.Decision.Admitted);
        Assert.Equal("/a", first.RawTarget);

        // The second head lacks Host although the first had one: nothing of a head carries over to the next.
        var rest = bytes[(int)first.HeadLength..];
        var second = Admit(rest);
        Assert.Equal(AlbError.MissingHostHeader, second.Error);
        Assert.Equal(new HeadVerdict(true, "POST", "/b", "HTTP/1.1", null), second.Request);

        // The third head is not complete yet: the reader waits for more bytes.
        var third = rest[(int)second.HeadLength..];
        Assert.Equal(HeadScanStatus.NeedMoreData, RequestHeadScanner.Scan(new ReadOnlySequence<byte>(third), out _, out _));
    }

    [Fact]
    public void Admit_PipelinedHeadAfterSmuggledBody_IsItsOwnRequest()
    {
        // CL.TE: the emulator frames by Transfer-Encoding; the bytes after the chunked body are the next head.
        var result = Admit("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n", Monitor);

        Assert.Equal(BodyFramingKind.Chunked, result.Decision.Framing.Kind);
        Assert.Equal(new WireClassification("Ambiguous", "BothTeClPresent"), result.Decision.Classification);
        Assert.Equal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", result.NormalisedHead);
    }

    [Fact]
    public void Admit_RejectedHead_DescribedForTheLog()
    {
        var result = Admit("HEAD /x HTTP/1.1\r\nUser-Agent: curl/8\r\nTransfer-Encoding: br\r\nHost: h.example\r\n\r\n", Monitor);

        Assert.Equal(AlbError.UnsupportedTransferEncoding, result.Error);
        Assert.Equal(new HeadVerdict(true, "HEAD", "/x", "HTTP/1.1", "h.example", "curl/8"), result.Request);
    }

    [Fact]
    public void Admit_CompliantHead_AllocatesNothing()
    {
        var bytes = Desync.DesyncSamples.BrowserGet.ToArray();
        var settings = new WireAdmissionSettings(Defensive);

        var allocated = Allocations.PerRound(() =>
        {
            using var head = WireHead.Parse(bytes);
            _ = WireAdmission.Admit(head, settings);
        });

        Assert.Equal(0, allocated);
    }
}
