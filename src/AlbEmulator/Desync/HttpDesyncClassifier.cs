namespace AlbEmulator.Desync;

/// <summary>
/// Classifies a raw HTTP/1.x request head into a desync tier and reason (DSY-5), a port of the rules
/// of AWS's http-desync-guardian as used by ALB. Works on the bytes exactly as they arrived (request
/// line, header lines and the final empty line) and does not allocate for compliant requests.
/// </summary>
public static class HttpDesyncClassifier
{
    private const byte NotBodyHeader = 0;
    private const byte TransferEncodingHeader = 1;
    private const byte ContentLengthHeader = 2;
    private const byte SuspiciousTransferEncodingHeader = 3;
    private const byte SuspiciousContentLengthHeader = 4;
    private const int StackHeaderKinds = 128;

    private static ReadOnlySpan<byte> Http09 => "HTTP/0.9"u8;

    private static ReadOnlySpan<byte> Http10 => "HTTP/1.0"u8;

    private static ReadOnlySpan<byte> Http1Prefix => "HTTP/1."u8;

    private static ReadOnlySpan<byte> Http2 => "HTTP/2"u8;

    /// <summary>Classifies one request head and computes the framing facts in the same pass.</summary>
    public static DesyncVerdict Classify(ReadOnlySpan<byte> head)
    {
        var findings = DesyncFindings.Compliant;
        var parsed = RawRequestHeadParser.Parse(head, ref findings);
        try
        {
            return Analyze(parsed, ref findings);
        }
        finally
        {
            parsed.Dispose();
        }
    }

    /// <summary>Classifies a head already split by <see cref="RawRequestHeadParser.Parse"/> (the wire's one parse).</summary>
    internal static DesyncVerdict Classify(in RawRequestHead parsed, ref DesyncFindings findings) => Analyze(parsed, ref findings);

    private static DesyncVerdict Analyze(in RawRequestHead parsed, ref DesyncFindings findings)
    {
        var headers = parsed.Headers;
        var rawVersion = parsed.Version;

        // An empty version means HTTP/0.9.
        var version = HttpCharClasses.TrimWhitespace(rawVersion).IsEmpty ? Http09 : rawVersion;
        var isHttp10OrLower = version.SequenceCompareTo(Http10) <= 0;

        var kinds = headers.Length <= StackHeaderKinds ? stackalloc byte[StackHeaderKinds] : new byte[headers.Length];
        var hasHost = false;
        var hasTe = false;
        var hasCl = false;

        for (var i = 0; i < headers.Length; i++)
        {
            var name = parsed.GetName(headers[i]);
            var value = parsed.GetValue(headers[i]);
            hasHost |= HttpCharClasses.EqualsIgnoreCase(name, "host"u8);

            var teSimilarity = HeaderNameSimilarity.Determine(HeaderNameSimilarity.TransferEncoding, name);
            var clSimilarity = teSimilarity == TokenSimilarity.Distant
                ? HeaderNameSimilarity.Determine(HeaderNameSimilarity.ContentLength, name)
                : TokenSimilarity.Distant;
            var essential = teSimilarity == TokenSimilarity.Identical || clSimilarity == TokenSimilarity.Identical;

            var tier = HeaderTier(name, value);
            if (tier == HeaderCharTier.Bad)
            {
                findings.UpgradeWithHeader(DesyncTier.Severe, DesyncReason.BadHeader, i);
            }
            else if (tier == HeaderCharTier.NonCompliant)
            {
                findings.UpgradeWithHeader(DesyncTier.Acceptable, DesyncReason.NonCompliantHeader, i);
            }

            var trimmedName = HttpCharClasses.TrimWhitespace(name);
            if (trimmedName.IsEmpty || trimmedName[0] == (byte)':')
            {
                findings.UpgradeWithHeader(DesyncTier.Ambiguous, DesyncReason.EmptyHeader, i);
            }
            else if (!essential && tier != HeaderCharTier.Bad)
            {
                // A look-alike of Transfer-Encoding/Content-Length still counts as one below.
                if (teSimilarity == TokenSimilarity.SameLetters)
                {
                    kinds[i] = SuspiciousTransferEncodingHeader;
                    hasTe = true;
                    findings.UpgradeWithHeader(DesyncTier.Ambiguous, DesyncReason.SuspiciousHeader, i, variant: 0);
                }
                else if (clSimilarity == TokenSimilarity.SameLetters)
                {
                    kinds[i] = SuspiciousContentLengthHeader;
                    hasCl = true;
                    findings.UpgradeWithHeader(DesyncTier.Ambiguous, DesyncReason.SuspiciousHeader, i, variant: 1);
                }
            }
            else if (teSimilarity == TokenSimilarity.Identical)
            {
                kinds[i] = TransferEncodingHeader;
                hasTe = true;
            }
            else if (clSimilarity == TokenSimilarity.Identical)
            {
                kinds[i] = ContentLengthHeader;
                hasCl = true;
            }
        }

        if (hasTe || hasCl)
        {
            VerifyBodyHeaders(parsed, kinds, version, hasTe, hasCl, ref findings);
        }

        CheckMethod(parsed, ref findings);
        CheckVersion(parsed, version, ref findings);
        CheckTarget(parsed, ref findings);

        var framing = hasTe || hasCl ? DetermineFraming(parsed, kinds) : BodyFraming.None;

        // HTTP/2 and later are not analysed (DSY-1); "HTTP/2" compares bytewise.
        if (rawVersion.SequenceCompareTo(Http2) >= 0 || findings.Tier == DesyncTier.Compliant)
        {
            return new DesyncVerdict(DesyncTier.Compliant, DesyncReason.Compliant, null, framing, hasHost, isHttp10OrLower);
        }

        var message = DesyncMessages.Build(parsed, findings);
        return new DesyncVerdict(findings.Tier, findings.Reason, message, framing, hasHost, isHttp10OrLower);
    }

    private static void VerifyBodyHeaders(
        in RawRequestHead parsed,
        ReadOnlySpan<byte> kinds,
        ReadOnlySpan<byte> version,
        bool hasTe,
        bool hasCl,
        ref DesyncFindings findings)
    {
        // Message-body headers have no defined meaning before HTTP/1.1 (TE) or HTTP/1.0 (CL).
        if (hasTe && version.SequenceCompareTo(Http10) <= 0)
        {
            findings.UpgradeWithToken(DesyncTier.Ambiguous, DesyncReason.UndefinedTransferEncodingSemantics, VersionStart(parsed), parsed.Version.Length);
            return;
        }

        if (hasCl && version.SequenceCompareTo(Http10) < 0)
        {
            findings.UpgradeWithToken(DesyncTier.Ambiguous, DesyncReason.UndefinedContentLengthSemantics, VersionStart(parsed), parsed.Version.Length);
            return;
        }

        var headers = parsed.Headers;
        if (hasTe)
        {
            CheckTransferEncodings(parsed, kinds, ref findings);
        }

        var hasContentLength = false;
        ulong contentLength = 0;
        for (var i = 0; i < headers.Length; i++)
        {
            if (!IsContentLength(kinds[i]))
            {
                continue;
            }

            switch (ParseContentLength(parsed.GetValue(headers[i]), out var value))
            {
                case ContentLengthParse.Valid when !hasContentLength:
                    hasContentLength = true;
                    contentLength = value;
                    break;
                case ContentLengthParse.Valid when value != contentLength:
                    findings.UpgradeWithHeader(DesyncTier.Severe, DesyncReason.MultipleContentLength, i);
                    break;
                case ContentLengthParse.Valid:
                    findings.UpgradeWithHeader(DesyncTier.Ambiguous, DesyncReason.DuplicateContentLength, i);
                    break;
                case ContentLengthParse.NotAnInteger:
                    findings.UpgradeWithHeader(DesyncTier.Severe, DesyncReason.BadContentLength, i, variant: 0);
                    break;
                default:
                    findings.UpgradeWithHeader(DesyncTier.Severe, DesyncReason.BadContentLength, i, variant: 1);
                    break;
            }
        }

        // A payload within a GET/HEAD request has no defined semantics (RFC 7231 §4.3).
        var method = parsed.Method;
        if (method.SequenceEqual("GET"u8) || method.SequenceEqual("HEAD"u8))
        {
            if (hasTe && findings.Upgrade(DesyncTier.Ambiguous, DesyncReason.UndefinedTransferEncodingSemantics))
            {
                findings.Variant = 1;
            }

            if (hasContentLength && contentLength == 0)
            {
                findings.Upgrade(DesyncTier.Acceptable, DesyncReason.GetHeadZeroContentLength);
            }
            else if (hasContentLength && findings.Upgrade(DesyncTier.Ambiguous, DesyncReason.UndefinedContentLengthSemantics))
            {
                findings.Variant = 1;
                findings.Detail = contentLength;
            }
        }

        if (hasContentLength && hasTe)
        {
            findings.UpgradeWithHeader(DesyncTier.Ambiguous, DesyncReason.BothTeClPresent, FirstContentLength(kinds, parsed.HeaderCount));
        }
    }

    private static void CheckTransferEncodings(in RawRequestHead parsed, ReadOnlySpan<byte> kinds, ref DesyncFindings findings)
    {
        var headers = parsed.Headers;
        var previousChunked = false;
        for (var i = 0; i < headers.Length; i++)
        {
            if (!IsTransferEncoding(kinds[i]))
            {
                continue;
            }

            var remaining = parsed.GetValue(headers[i]);
            while (true)
            {
                var comma = remaining.IndexOf((byte)',');
                var item = comma < 0 ? remaining : remaining[..comma];
                switch (ClassifyCoding(item))
                {
                    case TransferCoding.Chunked:
                        if (previousChunked)
                        {
                            findings.UpgradeWithHeader(DesyncTier.Severe, DesyncReason.MultipleTransferEncodingChunked, i);
                        }

                        previousChunked = true;
                        break;
                    case TransferCoding.Other:
                        previousChunked = false;
                        break;
                    default:
                        findings.UpgradeWithHeader(DesyncTier.Severe, DesyncReason.BadTransferEncoding, i);
                        break;
                }

                if (comma < 0)
                {
                    break;
                }

                remaining = remaining[(comma + 1)..];
            }
        }
    }

    private static void CheckMethod(in RawRequestHead parsed, ref DesyncFindings findings)
    {
        if (!HttpCharClasses.AllTchars(parsed.Method))
        {
            findings.Upgrade(DesyncTier.Severe, DesyncReason.BadMethod);
        }
    }

    private static void CheckVersion(in RawRequestHead parsed, ReadOnlySpan<byte> version, ref DesyncFindings findings)
    {
        var start = VersionStart(parsed);
        var length = parsed.Version.Length;
        var trimmed = HttpCharClasses.TrimWhitespace(version);
        if (trimmed.SequenceEqual(Http09))
        {
            // HTTP/0.9 has no RFC.
            findings.UpgradeWithToken(DesyncTier.Acceptable, DesyncReason.NonCompliantVersion, start, length);
            return;
        }

        var valid = trimmed.Length == Http09.Length
            && trimmed.StartsWith(Http1Prefix)
            && HttpCharClasses.IsAsciiDigit(trimmed[Http1Prefix.Length]);
        if (!valid)
        {
            findings.UpgradeWithToken(DesyncTier.Severe, DesyncReason.BadVersion, start, length);
        }
        else if (trimmed.Length != version.Length || trimmed[Http1Prefix.Length] > (byte)'1')
        {
            // HTTP/1.2-1.9 and whitespace around the version are harmless but not compliant.
            findings.UpgradeWithToken(DesyncTier.Acceptable, DesyncReason.NonCompliantVersion, start, length);
        }
    }

    private static void CheckTarget(in RawRequestHead parsed, ref DesyncFindings findings)
    {
        if (HttpCharClasses.AllUriChars(parsed.Target))
        {
            return;
        }

        foreach (var b in parsed.Target)
        {
            if (HttpCharClasses.IsValidUriChar(b))
            {
                continue;
            }

            if (HttpCharClasses.IsBad(b))
            {
                findings.Upgrade(DesyncTier.Severe, DesyncReason.BadUri);
                return;
            }

            if (b == (byte)' ')
            {
                // Some servers accept spaces; it did not break the request line, so it is acceptable.
                findings.Upgrade(DesyncTier.Acceptable, DesyncReason.SpaceInUri);
            }
            else
            {
                findings.Upgrade(DesyncTier.Ambiguous, DesyncReason.AmbiguousUri);
            }
        }
    }

    private static BodyFraming DetermineFraming(in RawRequestHead parsed, ReadOnlySpan<byte> kinds)
    {
        var headers = parsed.Headers;
        var sawTransferEncoding = false;
        var lastCodingChunked = false;
        var contentLengthCount = 0;
        ulong contentLength = 0;
        var contentLengthValid = true;
        for (var i = 0; i < headers.Length; i++)
        {
            if (kinds[i] == TransferEncodingHeader)
            {
                sawTransferEncoding = true;
                var value = parsed.GetValue(headers[i]);
                var lastComma = value.LastIndexOf((byte)',');
                lastCodingChunked = ClassifyCoding(lastComma < 0 ? value : value[(lastComma + 1)..]) == TransferCoding.Chunked;
            }
            else if (kinds[i] == ContentLengthHeader)
            {
                var parse = ParseContentLength(parsed.GetValue(headers[i]), out var value);
                contentLengthValid &= parse == ContentLengthParse.Valid && (contentLengthCount == 0 || value == contentLength);
                contentLength = value;
                contentLengthCount++;
            }
        }

        if (sawTransferEncoding && lastCodingChunked)
        {
            return BodyFraming.Chunked;
        }

        return contentLengthCount > 0 && contentLengthValid ? BodyFraming.ContentLength(contentLength) : BodyFraming.None;
    }

    /// <summary>Worst character class of a header: name must be tchars, value VCHAR/obs-text/SP/HTAB.</summary>
    private static HeaderCharTier HeaderTier(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (HttpCharClasses.AllTchars(name) && HttpCharClasses.AllHeaderValueChars(value))
        {
            return HeaderCharTier.Compliant;
        }

        var tier = HeaderCharTier.Compliant;
        foreach (var b in name)
        {
            if (!HttpCharClasses.IsTchar(b))
            {
                if (HttpCharClasses.IsBad(b))
                {
                    return HeaderCharTier.Bad;
                }

                tier = HeaderCharTier.NonCompliant;
            }
        }

        foreach (var b in value)
        {
            if (!HttpCharClasses.IsHeaderValueChar(b))
            {
                if (HttpCharClasses.IsBad(b))
                {
                    return HeaderCharTier.Bad;
                }

                tier = HeaderCharTier.NonCompliant;
            }
        }

        return tier;
    }

    /// <summary>One comma-separated Transfer-Encoding item: trimmed, parameters after <c>;</c> ignored.</summary>
    internal static TransferCoding ClassifyCoding(ReadOnlySpan<byte> item)
    {
        var trimmed = HttpCharClasses.TrimWhitespace(item);
        var semicolon = trimmed.IndexOf((byte)';');
        var coding = HttpCharClasses.TrimWhitespace(semicolon < 0 ? trimmed : trimmed[..semicolon]);
        if (HttpCharClasses.EqualsIgnoreCase(coding, "chunked"u8))
        {
            return TransferCoding.Chunked;
        }

        return HttpCharClasses.EqualsIgnoreCase(coding, "compress"u8)
            || HttpCharClasses.EqualsIgnoreCase(coding, "deflate"u8)
            || HttpCharClasses.EqualsIgnoreCase(coding, "gzip"u8)
            || HttpCharClasses.EqualsIgnoreCase(coding, "identity"u8)
            ? TransferCoding.Other
            : TransferCoding.Unknown;
    }

    /// <summary>Content-Length: optional SP/HTAB around ASCII digits that fit in 64 bits (empty reads as 0).</summary>
    internal static ContentLengthParse ParseContentLength(ReadOnlySpan<byte> value, out ulong result)
    {
        result = 0;
        foreach (var b in HttpCharClasses.TrimWhitespace(value))
        {
            if (!HttpCharClasses.IsAsciiDigit(b))
            {
                result = 0;
                return ContentLengthParse.NotAnInteger;
            }

            var digit = (ulong)(b - '0');
            if (result > (ulong.MaxValue - digit) / 10)
            {
                result = 0;
                return ContentLengthParse.Overflow;
            }

            result = (result * 10) + digit;
        }

        return ContentLengthParse.Valid;
    }

    private static bool IsTransferEncoding(byte kind) => kind is TransferEncodingHeader or SuspiciousTransferEncodingHeader;

    private static bool IsContentLength(byte kind) => kind is ContentLengthHeader or SuspiciousContentLengthHeader;

    private static int FirstContentLength(ReadOnlySpan<byte> kinds, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (IsContentLength(kinds[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int VersionStart(in RawRequestHead parsed) => parsed.VersionStart;
}
