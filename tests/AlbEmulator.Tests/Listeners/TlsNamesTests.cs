using System.Net.Security;
using System.Security.Authentication;
using AlbEmulator.Listeners;

namespace AlbEmulator.Tests.Listeners;

public sealed class TlsNamesTests
{
    [Theory]
    [InlineData(TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "ECDHE-RSA-AES128-GCM-SHA256")]
    [InlineData(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "ECDHE-ECDSA-AES256-GCM-SHA384")]
    [InlineData(TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, "ECDHE-RSA-AES128-SHA")]
    [InlineData(TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, "AES128-GCM-SHA256")]
    [InlineData(TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "ECDHE-RSA-CHACHA20-POLY1305")]
    [InlineData(TlsCipherSuite.TLS_AES_256_GCM_SHA384, "TLS_AES_256_GCM_SHA384")]
    public void CipherSuite_OpenSslNames(TlsCipherSuite suite, string expected)
    {
        Assert.Equal(expected, TlsNames.CipherSuite(suite));
    }

    [Theory]
    [InlineData(SslProtocols.Tls12, "TLSv1.2")]
    [InlineData(SslProtocols.Tls13, "TLSv1.3")]
    public void Protocol_OpenSslNames(SslProtocols protocol, string expected)
    {
        Assert.Equal(expected, TlsNames.Protocol(protocol));
    }
}
