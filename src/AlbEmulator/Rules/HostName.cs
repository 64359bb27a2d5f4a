namespace AlbEmulator.Rules;

/// <summary>Helpers for a Host / <c>:authority</c> value as received (RULE-20, HDR-20).</summary>
internal static class HostName
{
    /// <summary>
    /// The host without any <c>:port</c>: <c>example.com:8080</c> → <c>example.com</c>,
    /// <c>[::1]:8080</c> → <c>[::1]</c> (brackets kept), <c>example.com</c> unchanged.
    /// </summary>
    public static ReadOnlySpan<char> WithoutPort(ReadOnlySpan<char> host)
    {
        if (host.Length > 0 && host[0] == '[')
        {
            var end = host.IndexOf(']');
            return end < 0 ? host : host[..(end + 1)];
        }

        var colon = host.IndexOf(':');
        return colon < 0 ? host : host[..colon];
    }
}
