using System.Text;
using AlbEmulator.Desync;
using AlbEmulator.Errors;

namespace AlbEmulator.Listeners.Http1;

/// <summary>How far the wire front end got with a request head when it was admitted or rejected.</summary>
internal enum WireHeadStage
{
    /// <summary>A complete head (request line, header lines, empty line) was received and parsed.</summary>
    Complete,

    /// <summary>The bytes start an HTTP/2 connection preface (LST-4, TG-12).</summary>
    Http2Preface,

    /// <summary>The request line grew past 16 K before it ended (§7.1).</summary>
    RequestLineTooLong,

    /// <summary>A header line grew past 16 K, or the head past 64 K, before it ended (§7.1).</summary>
    HeaderTooLarge,

    /// <summary>Part of a head was received, then nothing for the idle timeout (ERR-408).</summary>
    TimedOut,
}

/// <summary>
/// THE one parse of an HTTP/1.x request head as it arrived on the wire, which every wire check, the desync
/// classifier and the normaliser read. <see cref="RequestHeadScanner"/> only finds where the head ends (and stops
/// it at ALB's size limits while it grows); <see cref="Parse"/> then splits the complete head once
/// (<see cref="RawRequestHeadParser"/>: request line and header lines as offsets into the received bytes) and
/// records, in one pass over those lines, everything the checks ask: the desync verdict and framing
/// (<see cref="HttpDesyncClassifier"/>, obs-fold, bare LF, duplicate Content-Length/Transfer-Encoding…), the request
/// line as ALB reads it (method, target, version: first and last space of the first non-empty line), the
/// Host/User-Agent headers, the Transfer-Encoding codings, and whether Kestrel's stricter parser would refuse the
/// head. Nothing is copied: strings are made only for a rejection's log (<see cref="Describe"/>) and the raw
/// target. Dispose to return the pooled header ranges.
/// </summary>
internal ref struct WireHead
{
    private RawRequestHead _raw;
    private int _methodStart;
    private int _methodLength;
    private int _targetStart;
    private int _targetLength;
    private int _versionStart;
    private int _versionLength;
    private int _hostStart;
    private int _hostLength;
    private int _userAgentStart;
    private int _userAgentLength;
    private bool _hasUserAgent;

    /// <summary>The received bytes of the complete head (empty before the head is complete).</summary>
    public ReadOnlySpan<byte> Bytes { get; private set; }

    public WireHeadStage Stage { get; private init; }

    /// <summary>The split head (request line and header lines as ranges of <see cref="Bytes"/>).</summary>
    public readonly RawRequestHead Raw => _raw;

    /// <summary>The desync classification (DSY-5) and the body framing it determined.</summary>
    public DesyncVerdict Desync { get; private set; }

    /// <summary>The request line has a method, a target and a version separated by spaces.</summary>
    public bool RequestLineParsed { get; private set; }

    /// <summary>The version is HTTP/1.x or HTTP/0.x (anything else is a malformed request line).</summary>
    public bool VersionIsHttp1 { get; private set; }

    public readonly ReadOnlySpan<byte> Method => Bytes.Slice(_methodStart, _methodLength);

    public readonly ReadOnlySpan<byte> Target => Bytes.Slice(_targetStart, _targetLength);

    public readonly ReadOnlySpan<byte> Version => Bytes.Slice(_versionStart, _versionLength);

    /// <summary>Header lines named exactly <c>Host</c> (any case).</summary>
    public int HostCount { get; private set; }

    /// <summary>A Transfer-Encoding coding other than chunked or identity (ERR-501).</summary>
    public bool UnsupportedTransferCoding { get; private set; }

    /// <summary>
    /// Kestrel's stricter parser would answer the head itself although ALB forwards it: a folded or colon-less line,
    /// a name that is not a token, several Host headers, Transfer-Encoding other than plain chunked, request-target
    /// bytes outside visible ASCII, a version other than HTTP/1.0 and HTTP/1.1. Such a head is normalised.
    /// </summary>
    public bool NeedsNormalising { get; private set; }

    /// <summary>A head that never completed: the stage says why it ended.</summary>
    public static WireHead Incomplete(WireHeadStage stage) => new() { Stage = stage };

    /// <summary>The stage of a head <see cref="RequestHeadScanner"/> stopped before it completed (a preface, a size limit).</summary>
    public static WireHeadStage StageOf(HeadScanStatus status, AlbError limitError) => status switch
    {
        HeadScanStatus.Http2Preface => WireHeadStage.Http2Preface,
        HeadScanStatus.LimitExceeded when limitError == AlbError.UriTooLong => WireHeadStage.RequestLineTooLong,
        HeadScanStatus.LimitExceeded => WireHeadStage.HeaderTooLarge,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only a head the scanner stopped has a stage of its own."),
    };

    /// <summary>Parses a complete head (as delimited by <see cref="RequestHeadScanner"/>) once.</summary>
    public static WireHead Parse(ReadOnlySpan<byte> head)
    {
        var findings = DesyncFindings.Compliant;
        var wire = new WireHead { Stage = WireHeadStage.Complete, Bytes = head };
        wire._raw = RawRequestHeadParser.Parse(head, ref findings);
        wire.Desync = HttpDesyncClassifier.Classify(wire._raw, ref findings);
        wire.ReadRequestLine();
        wire.ReadHeaders();
        return wire;
    }

    /// <summary>The request line as ALB reads it: the first non-empty line, split at its first and last space.</summary>
    private void ReadRequestLine()
    {
        var head = Bytes;
        var start = 0;
        while (start < head.Length && head[start] is (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        var rest = head[start..];
        var lineEnd = rest.IndexOf((byte)'\n');
        var line = TrimCr(lineEnd < 0 ? rest : rest[..lineEnd]);
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            return;
        }

        RequestLineParsed = true;
        (_methodStart, _methodLength) = (start, firstSpace);
        (_targetStart, _targetLength) = (start + firstSpace + 1, lastSpace - firstSpace - 1);
        (_versionStart, _versionLength) = (start + lastSpace + 1, line.Length - lastSpace - 1);
        var version = Version;
        VersionIsHttp1 = version.StartsWith("HTTP/1."u8) || version.StartsWith("HTTP/0."u8);
    }

    /// <summary>The facts the wire checks need from the header lines of the one split.</summary>
    private void ReadHeaders()
    {
        var kestrelWouldReject = false;
        var teNotPlainChunked = false;
        var headers = _raw.Headers;
        for (var i = 0; i < headers.Length; i++)
        {
            var header = headers[i];
            if (header.IsContinuation || !header.HasColon || header.NameLength == 0)
            {
                // obs-fold (HDR-52), a line without a colon, an empty name: Kestrel would answer 400 itself,
                // so the head is rewritten (HeadNormalizer) after classification.
                kestrelWouldReject = true;
                continue;
            }

            var name = _raw.GetName(header);
            if (!HttpCharClasses.AllTchars(name))
            {
                kestrelWouldReject = true;
            }

            var value = _raw.GetValue(header).Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "host"u8))
            {
                if (HostCount++ == 0)
                {
                    (_hostStart, _hostLength) = (ValueOffset(header), value.Length);
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "user-agent"u8))
            {
                if (!_hasUserAgent)
                {
                    _hasUserAgent = true;
                    (_userAgentStart, _userAgentLength) = (ValueOffset(header), value.Length);
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                // Kestrel only frames "Transfer-Encoding: chunked" itself; anything else is rewritten.
                teNotPlainChunked |= !Ascii.EqualsIgnoreCase(value, "chunked"u8);
                foreach (var range in value.Split((byte)','))
                {
                    var coding = value[range].Trim(" \t"u8);
                    var semicolon = coding.IndexOf((byte)';');
                    if (semicolon >= 0)
                    {
                        coding = coding[..semicolon].Trim(" \t"u8);
                    }

                    UnsupportedTransferCoding |= coding.Length > 0 && !Ascii.EqualsIgnoreCase(coding, "chunked"u8) && !Ascii.EqualsIgnoreCase(coding, "identity"u8);
                }
            }
        }

        var version = Version;
        NeedsNormalising = kestrelWouldReject || HostCount > 1 || teNotPlainChunked || Target.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0
            || !(version.SequenceEqual("HTTP/1.1"u8) || version.SequenceEqual("HTTP/1.0"u8));
    }

    /// <summary>Whether a Host header is present (HDR-21 reads this).</summary>
    public readonly bool HasHost => HostCount > 0;

    /// <summary>The request as the access log and the diagnostic line of a rejection show it.</summary>
    public readonly HeadVerdict Describe()
    {
        if (Stage != WireHeadStage.Complete || !RequestLineParsed)
        {
            return HeadVerdict.Unparsed;
        }

        return new HeadVerdict(
            true,
            Encoding.Latin1.GetString(Method),
            Encoding.Latin1.GetString(Target),
            Encoding.Latin1.GetString(Version),
            HostCount > 0 ? Encoding.Latin1.GetString(Bytes.Slice(_hostStart, _hostLength)) : null,
            _hasUserAgent ? Encoding.Latin1.GetString(Bytes.Slice(_userAgentStart, _userAgentLength)) : null);
    }

    /// <summary>The request target exactly as received (the access log's request URL of a forwarded request).</summary>
    public readonly string RawTargetString() => RequestLineParsed ? Encoding.Latin1.GetString(Target) : "-";

    /// <summary>Returns the pooled header ranges.</summary>
    public void Dispose() => _raw.Dispose();

    /// <summary>Where a header's value starts once its leading SP/HTAB are trimmed.</summary>
    private readonly int ValueOffset(in RawHeaderLine header)
    {
        var value = _raw.GetValue(header);
        return header.ValueStart + value.Length - value.TrimStart(" \t"u8).Length;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}

/// <summary>The request line and headers of a wire-rejected request as logged (strings made only on rejection).</summary>
internal readonly record struct HeadVerdict(
    bool RequestLineParsed,
    string Method,
    string RawTarget,
    string Version,
    string? Host,
    string? UserAgent = null)
{
    /// <summary>Nothing of the request line could be read: logged as <c>"- http://host:port- -"</c>.</summary>
    public static HeadVerdict Unparsed { get; } = new(false, "-", "-", "-", null);
}
