using AlbEmulator.Desync;
using AlbEmulator.Errors;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;

namespace AlbEmulator.Listeners.Http1;

/// <summary>What the admission of a head depends on besides the head: the load balancer's desync mode (DSY-1).</summary>
internal readonly record struct WireAdmissionSettings(DesyncMitigationMode DesyncMode);

/// <summary>What the checks hand on to the decision while they run (the mode's action, the normalised head).</summary>
internal struct WireAdmissionState
{
    public DesyncAction Action;
    public byte[]? NormalisedHead;
}

/// <summary>
/// One wire check of <see cref="AlbCheckOrder.Wire"/>: a pure predicate over the parsed head (no socket, no
/// HttpContext). The first check that rejects answers with its <see cref="Error"/>.
/// </summary>
internal interface IWireCheck
{
    /// <summary>The catalogue error a rejection answers with.</summary>
    AlbError Error { get; }

    /// <summary>Short name of the check for the decision trail (e.g. "request line").</summary>
    string Name { get; }

    /// <summary>Why the check rejects, in one sentence (the trail's reason).</summary>
    string Reason { get; }

    bool Rejects(in WireHead head, in WireAdmissionSettings settings, ref WireAdmissionState state);
}

/// <summary>A wire rejection: the answer, the check that gave it and why, the desync classification logged with it.</summary>
internal readonly record struct WireRejection(AlbError Error, string Check, string Reason, WireClassification Classification);

/// <summary>The outcome of <see cref="WireAdmission.Admit"/>: the head is admitted (how to forward it) or rejected (why).</summary>
internal readonly struct AdmissionDecision
{
    public AdmissionDecision(IWireCheck? rejectedBy, in WireHead head, in WireAdmissionState state)
    {
        RejectedBy = rejectedBy;
        Classification = head.Stage == WireHeadStage.Complete
            ? new WireClassification(head.Desync.ClassificationLogValue, head.Desync.ClassificationReasonLogValue)
            : default;
        Action = state.Action;
        Framing = head.Desync.Framing;
        NormalisedHead = state.NormalisedHead;
        DesyncMessage = head.Desync.Message;
    }

    /// <summary>The check that rejected the head, or null when it is admitted.</summary>
    public IWireCheck? RejectedBy { get; }

    public bool Admitted => RejectedBy is null;

    /// <summary>The catalogue error to answer; <see cref="AlbError.None"/> when admitted.</summary>
    public AlbError Error => RejectedBy?.Error ?? AlbError.None;

    /// <summary>The desync classification for the access log (null values when compliant or incomplete).</summary>
    public WireClassification Classification { get; }

    /// <summary>What the desync mode does with the head (DSY-3): forward, forward then close, block.</summary>
    public DesyncAction Action { get; }

    /// <summary>How the body is delimited when the head is admitted.</summary>
    public BodyFraming Framing { get; }

    /// <summary>The head Kestrel is given instead of the received one, or null when the received head is forwarded as is.</summary>
    public byte[]? NormalisedHead { get; }

    /// <summary>The desync classifier's explanation (null when compliant).</summary>
    public string? DesyncMessage { get; }

    /// <summary>The rejection for the reject path and the recorder (check name and reason: the decision trail).</summary>
    public WireRejection Rejection => RejectedBy is { } check
        ? new WireRejection(check.Error, check.Name, check.Error == AlbError.DesyncBlocked && DesyncMessage is not null ? DesyncMessage : check.Reason, Classification)
        : default;
}

/// <summary>
/// Wire admission: runs the checks of <see cref="AlbCheckOrder.Wire"/> over one parsed head in their declared order and
/// decides. Pure: no socket, no HttpContext, no clock; <see cref="Http1InputReader"/> performs the decision (hands
/// Kestrel the head, or answers the rejection through <see cref="Http1FrontEnd.RejectAsync"/> and closes).
/// </summary>
internal static class WireAdmission
{
    public static AdmissionDecision Admit(in WireHead head, in WireAdmissionSettings settings)
    {
        var state = new WireAdmissionState { Action = DesyncAction.Forward };
        var checks = AlbCheckOrder.Wire;
        for (var i = 0; i < checks.Length; i++)
        {
            if (checks[i].Rejects(head, settings, ref state))
            {
                return new AdmissionDecision(checks[i], head, state);
            }
        }

        return new AdmissionDecision(null, head, state);
    }
}
