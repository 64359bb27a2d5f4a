using AlbEmulator.Listeners;
using AlbEmulator.Model;
using Microsoft.AspNetCore.Connections.Features;

namespace AlbEmulator.MutualTls;

/// <summary>
/// The request headers an HTTPS listener adds about the client's TLS connection, under the names the
/// listener attributes give them (LST-46, LST-50): <c>X-Amzn-Tls-Version</c> and
/// <c>X-Amzn-Tls-Cipher-Suite</c> when <c>routing.http.x_amzn_tls_version_and_cipher_suite.enabled</c>
/// (HDR-40); the chain in <c>X-Amzn-Mtls-Clientcert</c> in passthrough mode (LST-41); the five
/// <c>X-Amzn-Mtls-Clientcert-*</c> headers in verify mode (LST-42). A client cannot supply these
/// headers itself: whatever it sent under those names is replaced or removed [EMU].
/// </summary>
public static class TlsRequestHeaders
{
    /// <summary>True when a request on <paramref name="listener"/> gets any of these headers.</summary>
    public static bool Applies(ListenerModel listener, LoadBalancerSettings settings) =>
        listener.IsHttps && (settings.TlsVersionAndCipherHeaders || listener.MutualTls.Mode != MutualTlsMode.Off);

    /// <summary>Adds the headers through <paramref name="set"/> (name, value or null to remove).</summary>
    public static void Apply(AlbConnection connection, ListenerModel listener, LoadBalancerSettings settings, Action<string, string?> set)
    {
        var names = listener.HeaderAttributes;
        if (settings.TlsVersionAndCipherHeaders)
        {
            if (connection.TlsVersionName is null && connection.Features?.Get<ITlsHandshakeFeature>() is { } tls)
            {
                connection.TlsVersionName = TlsNames.Protocol(tls.Protocol);
                connection.TlsCipherName = TlsNames.CipherSuite(tls.NegotiatedCipherSuite ?? default);
            }

            set(names.TlsVersion, connection.TlsVersionName);
            set(names.TlsCipherSuite, connection.TlsCipherName);
        }

        var mode = listener.MutualTls.Mode;
        if (mode == MutualTlsMode.Off)
        {
            return;
        }

        var certificate = connection.ClientCertificate;
        set(names.MtlsClientCert, mode == MutualTlsMode.Passthrough ? certificate?.ChainHeader : null);
        var verified = mode == MutualTlsMode.Verify ? certificate : null;
        set(names.MtlsSerialNumber, verified?.SerialNumber);
        set(names.MtlsIssuer, verified?.Issuer);
        set(names.MtlsSubject, verified?.Subject);
        set(names.MtlsValidity, verified?.Validity);
        set(names.MtlsLeaf, verified?.LeafHeader);
    }
}
