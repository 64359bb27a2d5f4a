namespace AlbEmulator.Desync;

/// <summary>
/// Classification reason codes (DSY-4, observability §1.6). Member names are exactly the access-log
/// <c>classification_reason</c> strings; the raw-parser-only ones come from http-desync-guardian.
/// </summary>
public enum DesyncReason
{
    Compliant = 0,
    EmptyHeader,
    SuspiciousHeader,
    NonCompliantHeader,
    BadHeader,
    AmbiguousUri,
    BadUri,
    SpaceInUri,
    NonCompliantVersion,
    BadVersion,
    BadMethod,
    MultipleContentLength,
    DuplicateContentLength,
    BadContentLength,
    GetHeadZeroContentLength,
    UndefinedContentLengthSemantics,
    UndefinedTransferEncodingSemantics,
    MultipleTransferEncodingChunked,
    BadTransferEncoding,
    BothTeClPresent,
    NonCrLfLineTermination,
    MultilineHeader,
    PartialHeaderLine,
    MissingLastEmptyLine,
    MissingHeaderColon,
    MissingUri,
}
