using System.Net.Security;
using System.Security.Authentication;

namespace AlbEmulator.Listeners;

/// <summary>OpenSSL names of TLS protocols and cipher suites, as ALB writes them in logs and headers (HDR-40).</summary>
public static class TlsNames
{
    public static string Protocol(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 are part of older ELB security policies.
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1",
#pragma warning restore SYSLIB0039
        _ => "-",
    };

    /// <summary>
    /// <c>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</c> → <c>ECDHE-RSA-AES128-GCM-SHA256</c>; TLS 1.3 suites keep
    /// their IANA names, as OpenSSL does.
    /// </summary>
    public static string CipherSuite(TlsCipherSuite suite) => CipherSuiteNames.GetOrAdd(suite, static s => OpenSslName(s));

    // Every HTTPS request's log line names its suite: each name is worked out once (a few hundred suites exist).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TlsCipherSuite, string> CipherSuiteNames = new();

    private static string OpenSslName(TlsCipherSuite suite)
    {
        var iana = suite.ToString();
        var with = iana.IndexOf("_WITH_", StringComparison.Ordinal);
        if (with < 0)
        {
            return iana;
        }

        var exchange = iana[4..with] switch
        {
            "RSA" => "",
            var kx => kx.Replace('_', '-') + "-",
        };
        var cipher = iana[(with + 6)..]
            .Replace("AES_128_", "AES128-", StringComparison.Ordinal)
            .Replace("AES_256_", "AES256-", StringComparison.Ordinal)
            .Replace("CHACHA20_POLY1305_SHA256", "CHACHA20-POLY1305", StringComparison.Ordinal)
            .Replace("CBC_", "", StringComparison.Ordinal)
            .Replace('_', '-');
        return exchange + cipher;
    }
}
