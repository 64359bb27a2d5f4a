namespace AlbEmulator.Configuration;

/// <summary>What values an attribute accepts.</summary>
public enum AttributeKind
{
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>An integer within <see cref="AttributeDefinition.Min"/>..<see cref="AttributeDefinition.Max"/>.</summary>
    Integer,

    /// <summary>0, or an integer within Min..Max (slow start: 0 or 30–900).</summary>
    ZeroOrInteger,

    /// <summary><c>off</c>, or an integer within Min..Max.</summary>
    OffOrInteger,

    /// <summary>One of <see cref="AttributeDefinition.AllowedValues"/>.</summary>
    Enumeration,

    /// <summary>Free text (bucket names, prefixes, cookie names).</summary>
    Text,

    /// <summary>A request header name (LST-50 renames); empty restores the default name.</summary>
    HeaderName,

    /// <summary>A response header value (LST-51): ≤ 1 KB of the documented characters; empty means do nothing.</summary>
    HeaderValue,
}

/// <summary>One attribute key of the ELBv2 attribute tables, with its AWS default and range.</summary>
public sealed record AttributeDefinition(
    string Key,
    string Default,
    AttributeKind Kind,
    long Min = 0,
    long Max = 0,
    string[]? AllowedValues = null,
    bool LambdaOnly = false,
    bool NotForLambda = false);
