namespace AlbEmulator.Desync;

/// <summary>
/// Outcome of classifying one HTTP/1.x request head (DSY-5), plus the framing facts the wire layer
/// needs. <see cref="Message"/> is only allocated for non-compliant verdicts.
/// </summary>
public readonly struct DesyncVerdict
{
    internal DesyncVerdict(
        DesyncTier tier,
        DesyncReason reason,
        string? message,
        BodyFraming framing = default,
        bool hasHost = false,
        bool isHttp10OrLower = false)
    {
        Tier = tier;
        Reason = reason;
        Message = message;
        Framing = framing;
        HasHost = hasHost;
        IsHttp10OrLower = isHttp10OrLower;
    }

    public DesyncTier Tier { get; }

    public DesyncReason Reason { get; }

    /// <summary>Human explanation naming the offending element; null when compliant.</summary>
    public string? Message { get; }

    /// <summary>How the emulator should frame the body when forwarding.</summary>
    public BodyFraming Framing { get; }

    /// <summary>Whether a header named exactly <c>Host</c> (any case) is present.</summary>
    public bool HasHost { get; }

    /// <summary>Whether the version compares (bytewise) at or below <c>HTTP/1.0</c>, or is missing (HTTP/0.9).</summary>
    public bool IsHttp10OrLower { get; }

    public bool IsCompliant => Tier == DesyncTier.Compliant;

    /// <summary>Access-log <c>classification</c> value: null when compliant (logged as <c>-</c>).</summary>
    public string? ClassificationLogValue => Tier switch
    {
        DesyncTier.Acceptable => "Acceptable",
        DesyncTier.Ambiguous => "Ambiguous",
        DesyncTier.Severe => "Severe",
        _ => null,
    };

    /// <summary>Access-log <c>classification_reason</c> value: null when compliant (logged as <c>-</c>).</summary>
    public string? ClassificationReasonLogValue => Tier == DesyncTier.Compliant ? null : Reason.ToString();

    public override string ToString() => Message is null ? Tier.ToString() : $"{Tier} {Reason}: {Message}";
}
