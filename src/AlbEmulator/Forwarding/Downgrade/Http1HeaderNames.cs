using System.Collections.Frozen;

namespace AlbEmulator.Forwarding.Downgrade;

/// <summary>
/// Header-name case on the HTTP/1.1 request ALB sends for an HTTP/2 client (TG-21): these names in mixed
/// case, every other name in lower case.
/// </summary>
internal static class Http1HeaderNames
{
    private static readonly FrozenDictionary<string, string> MixedCase = new[]
    {
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Port", "Host", "X-Amzn-Trace-Id", "Upgrade", "Connection",
    }.ToFrozenDictionary(n => n, StringComparer.OrdinalIgnoreCase);

    public static string OnTheWire(string name) => MixedCaseName(name) ?? name.ToLowerInvariant();

    /// <summary>The mixed-case spelling of one of the seven names, or null (the name goes in lower case).</summary>
    public static string? MixedCaseName(string name) => MixedCase.TryGetValue(name, out var mixed) ? mixed : null;
}
