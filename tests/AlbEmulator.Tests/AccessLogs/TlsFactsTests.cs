using System.Net.Security;
using System.Security.Authentication;
using AlbEmulator.AccessLogs;
using Microsoft.AspNetCore.Connections.Features;

namespace AlbEmulator.Tests.AccessLogs;

public class TlsFactsTests
{
    [Fact]
    public void Of_Handshake_CopiesCipherAndProtocol()
    {
        var facts = TlsFacts.Of(new Handshake(disposed: false));

        Assert.Equal(new TlsFacts(TlsCipherSuite.TLS_AES_128_GCM_SHA256, SslProtocols.Tls13), facts);
    }

    [Fact]
    public void Of_NoHandshake_Null() => Assert.Null(TlsFacts.Of(null));

    [Fact]
    public void Of_TlsStreamAlreadyDisposed_NullInsteadOfThrowing()
    {
        // An entry built after the client closed (an HTTP/2 line finished at connection end, a GOAWAY 000 line):
        // the line is written with "- -" rather than lost to an exception.
        Assert.Null(TlsFacts.Of(new Handshake(disposed: true)));
    }

    private sealed class Handshake(bool disposed) : ITlsHandshakeFeature
    {
        public SslProtocols Protocol => disposed ? throw new ObjectDisposedException("SslStream") : SslProtocols.Tls13;

        public TlsCipherSuite? NegotiatedCipherSuite => disposed ? throw new ObjectDisposedException("SslStream") : TlsCipherSuite.TLS_AES_128_GCM_SHA256;

#pragma warning disable SYSLIB0058 // the obsolete members of the interface still need an implementation
        public CipherAlgorithmType CipherAlgorithm => CipherAlgorithmType.Aes128;

        public int CipherStrength => 128;

        public HashAlgorithmType HashAlgorithm => HashAlgorithmType.Sha256;

        public int HashStrength => 256;

        public ExchangeAlgorithmType KeyExchangeAlgorithm => ExchangeAlgorithmType.None;

        public int KeyExchangeStrength => 0;
#pragma warning restore SYSLIB0058
    }
}
