using AlbEmulator.Desync;
using AlbEmulator.Errors;

namespace AlbEmulator.Listeners.Http1;

// The wire checks, one class each. Their order is AlbCheckOrder.Wire, the list WireAdmission.Admit iterates.
// The first four judge a head that never completed (WireHead.Stage); the rest judge a complete, parsed head.

/// <summary>505: an HTTP/2 connection preface on an HTTP/1.x connection (LST-4, TG-12).</summary>
internal sealed class Http2PrefaceCheck() : StageCheck(
    WireHeadStage.Http2Preface, AlbError.HttpVersionNotSupported, "HTTP/2 preface", "The connection starts with the HTTP/2 preface on an HTTP/1.x listener connection.");

/// <summary>414: the request line is longer than 16 K (§7.1).</summary>
internal sealed class RequestLineLengthCheck() : StageCheck(
    WireHeadStage.RequestLineTooLong, AlbError.UriTooLong, "request line length", "The request line is longer than 16 K.");

/// <summary>400: a header line longer than 16 K or a head larger than 64 K (§7.1).</summary>
internal sealed class HeaderSizeCheck() : StageCheck(
    WireHeadStage.HeaderTooLarge, AlbError.RequestHeaderTooLarge, "header size", "A header line is longer than 16 K or the headers are larger than 64 K.");

/// <summary>408: part of a head, then nothing for the idle timeout (ERR-408; each byte restarts the timer).</summary>
internal sealed class IdleTimeoutCheck() : StageCheck(
    WireHeadStage.TimedOut, AlbError.RequestTimeout, "idle timeout", "The head was not complete when the idle timeout expired.");

/// <summary>A check that rejects a head which stopped at one <see cref="WireHeadStage"/> (it never completed).</summary>
internal abstract class StageCheck(WireHeadStage stage, AlbError error, string name, string reason) : IWireCheck
{
    public AlbError Error => error;

    public string Name => name;

    public string Reason => reason;

    public bool Rejects(in WireHead head, in WireAdmissionSettings settings, ref WireAdmissionState state) => head.Stage == stage;
}

/// <summary>400: the desync mode blocks the head's classification (DSY-3); otherwise records forward / forward then close.</summary>
internal sealed class DesyncModeCheck : IWireCheck
{
    public AlbError Error => AlbError.DesyncBlocked;

    public string Name => "desync mitigation mode";

    public string Reason => "The desync mitigation mode blocks requests of this classification.";

    public bool Rejects(in WireHead head, in WireAdmissionSettings settings, ref WireAdmissionState state)
    {
        state.Action = DesyncMitigationPolicy.Decide(settings.DesyncMode, head.Desync.Tier);
        return state.Action == DesyncAction.Block;
    }
}

/// <summary>400: no method, target and HTTP/1.x version; [EMU] the HTTP/2 method <c>PRI</c>; <c>*</c> for a method other than OPTIONS.</summary>
internal sealed class RequestLineCheck : IWireCheck
{
    public AlbError Error => AlbError.BadRequest;

    public string Name => "request line";

    public string Reason => "The request line is not METHOD SP target SP HTTP/1.x, or is a PRI or '*' request ALB cannot route.";

    public bool Rejects(in WireHead head, in WireAdmissionSettings settings, ref WireAdmissionState state)
    {
        if (!head.RequestLineParsed || !head.VersionIsHttp1)
        {
            return true;
        }

        var method = head.Method;
        return method.SequenceEqual("PRI"u8) || (head.Target.SequenceEqual("*"u8) && !method.SequenceEqual("OPTIONS"u8));
    }
}

/// <summary>400: a request forwarded as HTTP/1.1 without a Host header (HDR-21).</summary>
internal sealed class HostHeaderCheck : IWireCheck
{
    public AlbError Error => AlbError.MissingHostHeader;

    public string Name => "Host header";

    public string Reason => "An HTTP/1.1 request has no Host header.";

    public bool Rejects(in WireHead head, in WireAdmissionSettings settings, ref WireAdmissionState state) =>
        !head.HasHost && HeadNormalizer.ForwardedVersion(head.Version) == HeadNormalizer.Http11;
}

/// <summary>501: a Transfer-Encoding coding other than chunked or identity (ERR-501).</summary>
internal sealed class TransferEncodingCheck : IWireCheck
{
    public AlbError Error => AlbError.UnsupportedTransferEncoding;

    public string Name => "Transfer-Encoding";

    public string Reason => "Transfer-Encoding names a coding other than chunked or identity.";

    public bool Rejects(in WireHead head, in WireAdmissionSettings settings, ref WireAdmissionState state) => head.UnsupportedTransferCoding;
}

/// <summary>
/// 400: a head the mode lets through but that cannot be forwarded (a method that is not a token, no target). Every
/// non-compliant head, and every head Kestrel's stricter parser would refuse, is normalised here (HeadNormalizer).
/// </summary>
internal sealed class ForwardableCheck : IWireCheck
{
    public AlbError Error => AlbError.BadRequest;

    public string Name => "forwardable";

    public string Reason => "The mode lets the request through, but it cannot be forwarded (the method is not a token or the target is empty).";

    public bool Rejects(in WireHead head, in WireAdmissionSettings settings, ref WireAdmissionState state)
    {
        if (head.Desync.IsCompliant && !head.NeedsNormalising)
        {
            return false;
        }

        state.NormalisedHead = HeadNormalizer.Normalize(head.Raw, head.Desync.Framing);
        return state.NormalisedHead is null;
    }
}
