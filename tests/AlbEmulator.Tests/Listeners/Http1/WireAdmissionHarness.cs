using System.Buffers;
using System.Text;
using AlbEmulator.Errors;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Model;

namespace AlbEmulator.Tests.Listeners.Http1;

/// <summary>
/// Runs bytes through wire admission without a socket, the way <c>Http1InputReader</c> does: the scanner finds the
/// first head (or stops it at a preface or a size limit), the head is parsed once, and the pure admission function
/// decides.
/// </summary>
internal static class WireAdmissionHarness
{
    /// <summary>The outcome of admitting the first head of some bytes: the decision, what was consumed, the described request.</summary>
    public sealed record Result(AdmissionDecision Decision, long HeadLength, HeadVerdict Request, string? RawTarget)
    {
        public AlbError Error => Decision.Error;

        public string? NormalisedHead => Decision.NormalisedHead is { } bytes ? Encoding.Latin1.GetString(bytes) : null;
    }

    public static Result Admit(string bytes, DesyncMitigationMode mode = DesyncMitigationMode.Defensive) =>
        Admit(Encoding.Latin1.GetBytes(bytes), mode);

    public static Result Admit(byte[] bytes, DesyncMitigationMode mode = DesyncMitigationMode.Defensive)
    {
        var settings = new WireAdmissionSettings(mode);
        var status = RequestHeadScanner.Scan(new ReadOnlySequence<byte>(bytes), out var headLength, out var limitError);
        switch (status)
        {
            case HeadScanStatus.NeedMoreData:
                throw new InvalidOperationException("No complete head in the bytes: the reader would wait for more.");
            case HeadScanStatus.Http2Preface or HeadScanStatus.LimitExceeded:
                return new Result(WireAdmission.Admit(WireHead.Incomplete(WireHead.StageOf(status, limitError)), settings), 0, HeadVerdict.Unparsed, null);
        }

        using var head = WireHead.Parse(bytes.AsSpan(0, (int)headLength));
        var decision = WireAdmission.Admit(head, settings);
        return new Result(decision, headLength, head.Describe(), head.RawTargetString());
    }

    /// <summary>A head that received part of its bytes, then nothing for the idle timeout.</summary>
    public static AdmissionDecision TimedOut(DesyncMitigationMode mode = DesyncMitigationMode.Defensive) =>
        WireAdmission.Admit(WireHead.Incomplete(WireHeadStage.TimedOut), new WireAdmissionSettings(mode));
}
