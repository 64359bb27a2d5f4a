using AlbEmulator.Tests.Common;
using AlbEmulator.Desync;

namespace AlbEmulator.Tests.Desync;

/// <summary>Replays every case of the http-desync-guardian suite as raw bytes (DSY-5).</summary>
public class DesyncConformanceTests
{
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

        var expected = DesyncConformanceSuite.ExpectedOnTheWire(testCase);
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
        Assert.Single(DesyncConformanceSuite.KnownRawDivergences);
        foreach (var key in DesyncConformanceSuite.KnownRawDivergences.Keys)
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
