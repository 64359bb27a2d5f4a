using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AlbEmulator.Configuration;
using AlbEmulator.Listeners;
using AlbEmulator.Model;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace AlbEmulator.MutualTls;

/// <summary>
/// The TLS handshake of an HTTPS listener, decided per connection: the certificate by SNI (LST-11) among those the
/// listener has at that moment (<see cref="ServedCertificates"/>), the
/// TLS versions of the security policy (LST-21), and mutual TLS as the listener has it when the client
/// connects (LST-40..LST-45): passthrough asks for a certificate and accepts whatever is sent; verify
/// asks for one, validates it against the trust store and ends the handshake when it fails; with
/// <c>AdvertiseTrustStoreCaNames</c> the CertificateRequest lists the store's CA names. Session
/// resumption is off with mutual TLS, as on ALB.
/// </summary>
internal static class TlsHandshake
{
    public static TlsHandshakeCallbackOptions Create(ListenerModel boundListener, ServedCertificates certificates, TimeProvider time)
    {
        var contexts = new ConcurrentDictionary<(X509Certificate2, object?), SslStreamCertificateContext>();
        return new TlsHandshakeCallbackOptions
        {
            OnConnection = context =>
            {
                var connection = context.Connection.Features.Get<IAlbConnectionFeature>()?.Connection;
                var listener = connection?.Listener ?? boundListener;
                // The certificates as the listener has them now (added or removed through the API take effect at once).
                var served = connection?.LoadBalancer is { } loadBalancer ? certificates.For(listener.Config, loadBalancer) : certificates.Bound;
                var (certificate, arn) = served.Select(context.ClientHelloInfo.ServerName, out var matched);
                if (connection is not null)
                {
                    connection.Certificate = certificate;
                    connection.CertificateArn = arn;
                    connection.SniDomain = matched ? context.ClientHelloInfo.ServerName : null;
                }

                var policy = listener.Config.SslPolicy ?? SslPolicies.Default;
                SslPolicies.TryGet(policy, out var minTls, out var maxTls);
                var mutual = listener.MutualTls;
                var advertised = mutual.AdvertiseTrustStoreCaNames ? mutual.TrustStore : null;
                var options = new SslServerAuthenticationOptions
                {
                    EnabledSslProtocols = SslPolicies.Allowed(minTls, maxTls),
                    ServerCertificateContext = contexts.GetOrAdd((certificate, advertised), static key => CreateContext(key.Item1, key.Item2 as TrustStores.TrustStore)),
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                };

                if (mutual.Mode != MutualTlsMode.Off)
                {
                    options.ClientCertificateRequired = true;
                    options.AllowTlsResume = false;
                    options.RemoteCertificateValidationCallback = (sender, presented, chain, _) => Accept(sender as SslStream, connection, mutual, presented, chain, time);
                }

                return ValueTask.FromResult(options);
            },
        };
    }

    private static SslStreamCertificateContext CreateContext(X509Certificate2 certificate, TrustStores.TrustStore? advertised) =>
        advertised is null
            ? SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true)
            : SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true,
                trust: SslCertificateTrust.CreateForX509Collection(advertised.Roots, sendTrustInHandshake: true));

    /// <summary>Records what the client presented; false (the handshake fails) when verify mode rejects it.</summary>
    private static bool Accept(SslStream? stream, AlbConnection? connection, MutualTlsSettings mutual, X509Certificate? presented, X509Chain? chain, TimeProvider time)
    {
        if (stream is not null && connection is not null)
        {
            // Negotiated already: the connection log names them even when the certificate fails.
            connection.TlsVersionName = Listeners.TlsNames.Protocol(stream.SslProtocol);
            connection.TlsCipherName = Listeners.TlsNames.CipherSuite(stream.NegotiatedCipherSuite);
        }

        if (presented is null)
        {
            if (mutual.Mode == MutualTlsMode.Verify && connection is not null)
            {
                connection.MutualTlsFailure = ClientCertificateVerifier.NoCertificateCode;
            }

            return mutual.Mode != MutualTlsMode.Verify;
        }

        var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        var intermediates = new List<X509Certificate2>();
        if (chain is not null)
        {
            foreach (var extra in chain.ChainPolicy.ExtraStore)
            {
                if (!extra.RawData.AsSpan().SequenceEqual(leaf.RawData))
                {
                    intermediates.Add(X509CertificateLoader.LoadCertificate(extra.RawData));
                }
            }
        }

        var failure = mutual.Mode == MutualTlsMode.Verify
            ? ClientCertificateVerifier.Verify(leaf, intermediates, mutual, time.GetUtcNow().UtcDateTime)
            : null;
        if (connection is not null)
        {
            connection.ClientCertificate = new ClientCertificateInfo(leaf, intermediates, failure);
            connection.MutualTlsFailure = failure;
        }

        return failure is null;
    }
}
