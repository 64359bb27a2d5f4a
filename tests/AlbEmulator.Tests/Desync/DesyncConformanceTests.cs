using AlbEmulator.Tests.Common;
using AlbEmulator.Desync;

namespace AlbEmulator.Tests.Desync;

/// <summary>Replays every case of the http-desync-guardian suite as raw bytes (DSY-5).</summary>
public class DesyncConformanceTests
{
    /// <summary>
    /// Cases whose expectation cannot come out of the raw bytes of one request head. The library's own
    /// harness tolerates them too (it checks the reason only on its parsed-request path and skips the raw
    /// tier check when the raw reason is AmbiguousUri). Each entry states the raw verdict we assert instead.
    /// </summary>
    private static readonly Dictionary<(string File, int Index), (DesyncTier Tier, DesyncReason Reason)> KnownRawDivergences = new()
    {
        // The "URI" carries "\r\n" and a whole second request. On the wire the first head ends at the first
        // empty line: "GET /endpoint_a\tHTTP/1.1\r\nHost:localhost\r\n\r\n", i.e. an HTTP/0.9-style line
        // whose target contains HTAB (AmbiguousUri). The CR/LF the expectation (BadUri) relies on are line
        // terminators there. See Classify_SmugglingInUriSecondHead_Severe for the rest of the bytes.
        [("uri-specific-test-cases.yaml", 7)] = (DesyncTier.Ambiguous, DesyncReason.AmbiguousUri),
    };

    public static TheoryData<string, int, string> CaseRows()
    {
        var rows = new TheoryData<string, int, string>();
        foreach (var testCase in DesyncConformanceSuite.Cases)
        {
            rows.Add(testCase.File, testCase.Index, testCase.Name);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(CaseRows))]
    public void Classify_ConformanceCase_MatchesExpectedTierAndReason(string file, int index, string name)
    {
        var testCase = DesyncConformanceSuite.Cases.Single(c => c.File == file && c.Index == index);
        Assert.Equal(name, testCase.Name);

        var verdict = HttpDesyncClassifier.Classify(testCase.ToRawRequest());

        var expected = KnownRawDivergences.TryGetValue((file, index), out var divergence)
            ? (divergence.Tier.ToString(), divergence.Reason.ToString())
            : (testCase.ExpectedTier, testCase.ExpectedReason);
        Assert.Equal(expected, (verdict.Tier.ToString(), verdict.Reason.ToString()));
        Assert.Equal(verdict.Tier == DesyncTier.Compliant, verdict.Message is null);
    }

    [Fact]
    public void Classify_SmugglingInUriSecondHead_Severe()
    {
        // The bytes after the first head of "Request Smuggling in URI", classified as the next request.
        var verdict = HttpDesyncClassifier.Classify("GET\t/endpoint_b\t HTTP/1.1\r\nX-Forwarded-For: 1.1.1.1\r\n\r\n"u8);

        Assert.Equal((DesyncTier.Severe, DesyncReason.BadMethod), (verdict.Tier, verdict.Reason));
    }

    [Fact]
    public void Suite_KnownRawDivergences_AreFewAndExist()
    {
        Assert.Single(KnownRawDivergences);
        foreach (var key in KnownRawDivergences.Keys)
        {
            Assert.Contains(DesyncConformanceSuite.Cases, c => c.File == key.File && c.Index == key.Index);
        }
    }

    [Fact]
    public void Suite_AllFiles_Has159Cases()
    {
        Assert.Equal(159, DesyncConformanceSuite.Cases.Count);
    }
}
