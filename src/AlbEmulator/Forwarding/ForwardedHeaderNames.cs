using System.Collections.Frozen;

namespace AlbEmulator.Forwarding;

/// <summary>Which received request headers are copied to the target as they are.</summary>
internal static class ForwardedHeaderNames
{
    // Hop-by-hop headers (RFC 9110 §7.6.1, HDR-55), headers ALB itself sets (Host, X-Forwarded-*,
    // X-Amzn-Trace-Id) and Expect, which ALB answers itself and never forwards (HDR-54).
    private static readonly FrozenSet<string> NotCopied = new[]
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect", "Host",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Amzn-Trace-Id",
        "Alt-Svc", "Close", "ALPN",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool ShouldCopy(string name) => name.Length > 0 && name[0] != ':' && !NotCopied.Contains(name);
}
