namespace AlbEmulator.Desync;

/// <summary>
/// Request classification of ALB desync mitigation (DSY-2), ordered from harmless to high risk.
/// </summary>
public enum DesyncTier
{
    /// <summary>RFC 7230 compliant, no known risk.</summary>
    Compliant = 0,

    /// <summary>Not RFC compliant, but no known security risk.</summary>
    Acceptable = 1,

    /// <summary>Not RFC compliant; servers and proxies may disagree on its meaning.</summary>
    Ambiguous = 2,

    /// <summary>High security risk.</summary>
    Severe = 3,
}
