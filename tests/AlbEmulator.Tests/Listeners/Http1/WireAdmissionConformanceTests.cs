using AlbEmulator.Desync;
using AlbEmulator.Errors;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Model;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Listeners.Http1;

/// <summary>
/// The 159 http-desync-guardian cases (tests/conformance/desync) through the pure admission function, in each mode
/// (DSY-3, DSY-5): the classification the access log gets, and the decision — blocked by the mode, forwarded (then
/// closed), or answered by a later wire check that no mode changes. The raw-socket replay of the same cases is
/// FunctionalTests' DesyncMitigationTests.
/// </summary>
public sealed class WireAdmissionConformanceTests
{
    public static TheoryData<DesyncMitigationMode, string, int, string> Cases()
    {
        var data = new TheoryData<DesyncMitigationMode, string, int, string>();
        foreach (var mode in new[] { DesyncMitigationMode.Monitor, DesyncMitigationMode.Defensive, DesyncMitigationMode.Strictest })
        {
            foreach (var c in DesyncConformanceSuite.Cases)
            {
                data.Add(mode, c.File, c.Index, c.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Admit_GuardianCase_ClassifiedAndDecidedPerMode(DesyncMitigationMode mode, string file, int index, string name)
    {
        var testCase = DesyncConformanceSuite.Cases.Single(c => c.File == file && c.Index == index);
        Assert.Equal(name, testCase.Name);
        var raw = testCase.ToRawRequestWithHost();
        var (tier, reason) = DesyncConformanceSuite.ExpectedOnTheWire(testCase);

        var decision = WireAdmissionHarness.Admit(raw[..DesyncConformanceCase.HeadLength(raw)], mode).Decision;
        var monitored = WireAdmissionHarness.Admit(raw[..DesyncConformanceCase.HeadLength(raw)], DesyncMitigationMode.Monitor).Decision;

        Assert.Equal(tier == "Compliant" ? default : new WireClassification(tier, reason), decision.Classification);
        var action = DesyncMitigationPolicy.Decide(mode, Enum.Parse<DesyncTier>(tier));
        if (action == DesyncAction.Block)
        {
            Assert.IsType<DesyncModeCheck>(decision.RejectedBy);
            Assert.Equal(AlbError.DesyncBlocked, decision.Error);
            Assert.Equal(decision.DesyncMessage, decision.Rejection.Reason);
        }
        else
        {
            // Not blocked: the rest of the checks decide exactly as in monitor mode, which never blocks.
            Assert.Equal(monitored.Error, decision.Error);
            Assert.Equal(action, decision.Action);
            Assert.True(decision.Error is AlbError.None or AlbError.BadRequest or AlbError.MissingHostHeader or AlbError.UnsupportedTransferEncoding, decision.Error.ToString());
            if (decision.Admitted && tier != "Compliant")
            {
                // A non-compliant head the mode lets through is never handed to Kestrel as received.
                Assert.NotNull(decision.NormalisedHead);
            }
        }
    }
}
