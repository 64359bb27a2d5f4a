namespace AlbEmulator.Desync;

/// <summary>
/// Mutable classification state: the highest tier so far, the first reason that reached it and
/// what is needed to explain it later (so the message is built only for non-compliant requests).
/// </summary>
internal struct DesyncFindings
{
    public DesyncTier Tier;
    public DesyncReason Reason;

    /// <summary>Index of the offending header, or -1.</summary>
    public int HeaderIndex;

    /// <summary>Offset and length of an offending token of the head (method, target, version, line).</summary>
    public int TokenStart;
    public int TokenLength;

    /// <summary>Reason-specific detail (a number or a variant selector).</summary>
    public ulong Detail;

    /// <summary>Selects between messages of the same reason (e.g. request line vs header line).</summary>
    public byte Variant;

    public static DesyncFindings Compliant => new() { HeaderIndex = -1 };

    /// <summary>Raises the tier if <paramref name="tier"/> is strictly higher; returns whether it did.</summary>
    public bool Upgrade(DesyncTier tier, DesyncReason reason)
    {
        if (Tier >= tier)
        {
            return false;
        }

        Tier = tier;
        Reason = reason;
        HeaderIndex = -1;
        TokenStart = 0;
        TokenLength = 0;
        Detail = 0;
        Variant = 0;
        return true;
    }

    public void UpgradeWithHeader(DesyncTier tier, DesyncReason reason, int headerIndex, byte variant = 0)
    {
        if (Upgrade(tier, reason))
        {
            HeaderIndex = headerIndex;
            Variant = variant;
        }
    }

    public void UpgradeWithToken(DesyncTier tier, DesyncReason reason, int start, int length, byte variant = 0)
    {
        if (Upgrade(tier, reason))
        {
            TokenStart = start;
            TokenLength = length;
            Variant = variant;
        }
    }
}
