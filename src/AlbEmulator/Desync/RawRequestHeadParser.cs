using System.Buffers;

namespace AlbEmulator.Desync;

/// <summary>
/// Splits a raw HTTP/1.x request head (request line, header lines, empty line) the way
/// http-desync-guardian's raw parser does, reporting the raw-only findings
/// (<c>NonCrLfLineTermination</c>, <c>MissingUri</c>, <c>MissingHeaderColon</c>, <c>MultilineHeader</c>,
/// <c>PartialHeaderLine</c>, <c>MissingLastEmptyLine</c>). Never throws; never copies bytes.
/// </summary>
public static class RawRequestHeadParser
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';
    private const byte Sp = (byte)' ';
    private const byte Colon = (byte)':';
    private const int InitialHeaderCapacity = 32;

    /// <summary>
    /// Parses <paramref name="head"/>. Returns false only for an empty input (nothing to parse); every
    /// other oddity is reported in <paramref name="parseVerdict"/>. Dispose <paramref name="parsed"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> head, out RawRequestHead parsed, out DesyncVerdict parseVerdict)
    {
        var findings = DesyncFindings.Compliant;
        parsed = Parse(head, ref findings);
        parseVerdict = findings.Tier == DesyncTier.Compliant
            ? default
            : new DesyncVerdict(findings.Tier, findings.Reason, DesyncMessages.Build(parsed, findings));
        return !head.IsEmpty;
    }

    /// <summary>Parses the head, upgrading <paramref name="findings"/> with raw-parser findings.</summary>
    internal static RawRequestHead Parse(ReadOnlySpan<byte> head, scoped ref DesyncFindings findings)
    {
        var all = new Window(0, head.Length);

        // A head that uses CRLF anywhere is CRLF-delimited: a bare LF inside a line is then an
        // ordinary (bad) byte of that line, as an engine that only splits on CRLF would see it.
        // A head without any CRLF is LF-delimited (NonCrLfLineTermination).
        var crlfOnly = head.IndexOf("\r\n"u8) >= 0;

        // request-line = method SP request-target SP HTTP-version CRLF
        var line = all.NextLine(head, crlfOnly);
        if (!line.TrimLastCr(head))
        {
            findings.UpgradeWithToken(DesyncTier.Acceptable, DesyncReason.NonCrLfLineTermination, 0, 0, variant: 0);
        }

        var lineToken = line.Token;
        var method = line.NextToken(head, Sp);
        Window version;
        Window uri;
        var versionAt = line.IsDone ? -1 : head[line.Pos..line.End].IndexOf(" HTTP/"u8);
        if (versionAt >= 0)
        {
            // The version starts at the first " HTTP/": "GET /a HTTP/1.1 HTTP/1.1" has the version
            // "HTTP/1.1 HTTP/1.1" (BadVersion), not a space in the URI.
            uri = new Window(line.Pos, line.Pos + versionAt);
            version = new Window(line.Pos + versionAt + 1, line.End);
        }
        else
        {
            version = line.LastToken(head, Sp);
            uri = line;
        }

        if ((uri.IsPartial && version.Slice(head).StartsWith("HTTP/1."u8)) || (version.IsDone && uri.IsDone))
        {
            findings.UpgradeWithToken(DesyncTier.Ambiguous, DesyncReason.MissingUri, lineToken.Start, lineToken.Length);
        }
        else if (uri.IsPartial)
        {
            // No version: an HTTP/0.9 style request line.
            uri = version;
            version = Window.Empty;
        }

        RawHeaderLine[]? headers = null;
        var count = 0;
        var foldTarget = (Start: 0, Length: 0);
        var hasFoldTarget = false;
        var foldingContentType = false;

        while (true)
        {
            var headerLine = all.NextLine(head, crlfOnly);
            if (!headerLine.TrimLastCr(head))
            {
                findings.UpgradeWithToken(DesyncTier.Acceptable, DesyncReason.NonCrLfLineTermination, 0, 0, variant: 1);
            }

            if (headerLine.IsDone)
            {
                // The empty line that ends the head.
                break;
            }

            var continuation = HttpCharClasses.IsWhitespace(head[headerLine.Pos]);
            var first = headerLine.NextToken(head, Colon).Token;
            var hasColon = !headerLine.IsPartial;

            // obs-fold needs a header to continue: a whitespace-led line right after the request line
            // (or after another whitespace-led line) is a header whose name starts with whitespace.
            var folded = continuation && hasFoldTarget;
            if (!continuation && hasColon)
            {
                foldingContentType = HttpCharClasses.EqualsIgnoreCase(head.Slice(first.Start, first.Length), "content-type"u8);
                foldTarget = first;
                hasFoldTarget = true;
            }

            RawHeaderLine header;
            if (folded && (foldingContentType || !hasColon))
            {
                // A folded continuation of the previous header (that does not mimic a header itself).
                header = new RawHeaderLine(foldTarget.Start, foldTarget.Length, first.Start, first.Length, true, hasColon);
            }
            else
            {
                // A regular header, or a folded line that looks like one (" Content-Length: 10").
                var rest = headerLine.Token;
                header = new RawHeaderLine(first.Start, first.Length, rest.Start, rest.Length, continuation, hasColon);
            }

            Add(ref headers, ref count, header);

            if (!hasColon && !folded)
            {
                findings.UpgradeWithHeader(DesyncTier.Ambiguous, DesyncReason.MissingHeaderColon, count - 1);
            }

            if (folded && !foldingContentType)
            {
                // obs-fold is deprecated except within message/http (RFC 7230 §3.2.4).
                findings.UpgradeWithHeader(DesyncTier.Ambiguous, DesyncReason.MultilineHeader, count - 1);
            }

            if (all.IsPartial)
            {
                findings.Upgrade(DesyncTier.Ambiguous, DesyncReason.PartialHeaderLine);
                break;
            }

            if (all.IsDone)
            {
                findings.Upgrade(DesyncTier.Ambiguous, DesyncReason.MissingLastEmptyLine);
                break;
            }
        }

        return new RawRequestHead(head, method.Token, uri.Token, version.Token, headers, count);
    }

    private static void Add(ref RawHeaderLine[]? headers, ref int count, in RawHeaderLine header)
    {
        if (headers is null)
        {
            headers = ArrayPool<RawHeaderLine>.Shared.Rent(InitialHeaderCapacity);
        }
        else if (count == headers.Length)
        {
            var larger = ArrayPool<RawHeaderLine>.Shared.Rent(headers.Length * 2);
            headers.AsSpan().CopyTo(larger);
            ArrayPool<RawHeaderLine>.Shared.Return(headers);
            headers = larger;
        }

        headers[count++] = header;
    }

    /// <summary>
    /// A window [Pos, End) over the head. Pos &gt; End marks a "partial" window: the delimiter that
    /// should have ended it was not found.
    /// </summary>
    private struct Window(int pos, int end)
    {
        public int Pos = pos;
        public int End = end;

        public static Window Empty => new(0, 0);

        public readonly bool IsDone => Pos >= End;

        public readonly bool IsPartial => Pos > End;

        public readonly (int Start, int Length) Token => Pos < End ? (Pos, End - Pos) : (0, 0);

        public readonly ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> head) => Pos < End ? head[Pos..End] : default;

        /// <summary>Takes the bytes up to <paramref name="delimiter"/> (excluded) and moves past it.</summary>
        public Window NextToken(ReadOnlySpan<byte> head, byte delimiter)
        {
            var current = End;
            if (Pos < End)
            {
                var found = head[Pos..End].IndexOf(delimiter);
                if (found >= 0)
                {
                    current = Pos + found;
                }
            }
            else
            {
                current = Pos;
            }

            var token = new Window(Pos, current);
            Pos = current + 1;
            return token;
        }

        /// <summary>
        /// Takes the next line (without its LF). With <paramref name="crlfOnly"/>, an LF ends the line
        /// only after a CR or at the very start of the line (an empty line ended by a bare LF).
        /// </summary>
        public Window NextLine(ReadOnlySpan<byte> head, bool crlfOnly)
        {
            if (!crlfOnly || Pos >= End)
            {
                return NextToken(head, Lf);
            }

            var start = Pos;
            var search = Pos;
            while (search < End)
            {
                var found = head[search..End].IndexOf(Lf);
                if (found < 0)
                {
                    break;
                }

                var lf = search + found;
                if (lf == start || head[lf - 1] == Cr)
                {
                    Pos = lf + 1;
                    return new Window(start, lf);
                }

                search = lf + 1;
            }

            Pos = End + 1;
            return new Window(start, End);
        }

        /// <summary>Drops a CR before the (already removed) LF; false when the line was not CRLF terminated.</summary>
        public bool TrimLastCr(ReadOnlySpan<byte> head)
        {
            if (End > Pos && head[End - 1] == Cr)
            {
                End--;
                return true;
            }

            return false;
        }

        /// <summary>
        /// Takes the last token after <paramref name="delimiter"/>. Trailing bytes are skipped until a
        /// tchar is seen, so "HTTP/1.1 \t " stays one token; the window shrinks to what precedes it.
        /// </summary>
        public Window LastToken(ReadOnlySpan<byte> head, byte delimiter)
        {
            var current = End > Pos ? End - 1 : Pos;
            var skipNonTchars = true;
            while (Pos < current && (head[current] != delimiter || skipNonTchars))
            {
                skipNonTchars &= !HttpCharClasses.IsTchar(head[current]);
                current--;
            }

            if (current >= Pos && current < End)
            {
                var begin = head[current] == delimiter ? current + 1 : current;
                var token = new Window(begin, End);
                End = begin - 1;
                return token;
            }

            return new Window(1, 0);
        }
    }
}
