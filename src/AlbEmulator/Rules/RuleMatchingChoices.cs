namespace AlbEmulator.Rules;

/// <summary>
/// Every place where AWS does not document how a listener-rule condition matches, and the choice
/// AlbEmulator makes instead ([EMU] / [UNCONFIRMED] in spec §2.2 and §13 item 4). Change a choice
/// here and only here; docs/listener-rules.md describes each one.
/// </summary>
/// <remarks>
/// The fields are <c>static readonly</c> rather than <c>const</c> so that both branches of the code
/// that reads them stay compiled and tested-by-build whichever value is chosen.
/// </remarks>
internal static class RuleMatchingChoices
{
    /// <summary>
    /// RULE-20 [UNCONFIRMED]: a <c>host-header</c> condition compares the first Host value with any
    /// <c>:port</c> removed (<c>example.com:8080</c> matches <c>example.com</c>; <c>[::1]:8080</c> is
    /// compared as <c>[::1]</c>). AWS does not say; the spec's [EMU] default is to strip it.
    /// </summary>
    public static readonly bool HostHeaderIgnoresPort = true;

    /// <summary>
    /// RULE-21 [UNCONFIRMED]: "rule evaluation is performed only after URI normalization". AlbEmulator
    /// removes dot segments (RFC 3986 §5.2.4) from the path before <c>path-pattern</c> matching.
    /// </summary>
    public static readonly bool PathPatternRemovesDotSegments = true;

    /// <summary>
    /// RULE-21 [UNCONFIRMED]: the path is matched as received, without percent-decoding
    /// (<c>/a%2Fb</c> does not match <c>/a/b</c>; <c>%2E</c> is not a dot).
    /// </summary>
    public static readonly bool PathPatternPercentDecodes = false;

    /// <summary>
    /// RULE-24 [UNCONFIRMED]: a <c>query-string</c> pair is compared with the raw key and value and,
    /// when either contains <c>%</c> or <c>+</c>, also with their decoded form
    /// (<c>+</c> as space, then percent-decoding as UTF-8).
    /// </summary>
    public static readonly bool QueryStringAlsoMatchesDecoded = true;

    /// <summary>
    /// RULE-12: matching only applies to visible ASCII; control characters (0x00–0x1F, 0x7F) are
    /// excluded. AlbEmulator reads this as: neither a literal nor a wildcard ever matches a control
    /// character, so a Host, header value, path or query value containing one never matches a
    /// wildcard-capable condition (not even <c>*</c>). Characters above 0x7F are matched by wildcards.
    /// </summary>
    public static readonly bool ControlCharactersNeverMatch = true;
}
