using System.Security.Cryptography.X509Certificates;
using AlbEmulator.Model;

namespace AlbEmulator.Listeners;

/// <summary>
/// Per-connection state, attached by the listener's connection middleware and read by the request
/// pipeline and the access log.
/// </summary>
public sealed class AlbConnection
{
    public AlbConnection(ListenerModel listener, DateTime connectedUtc)
    {
        Listener = listener;
        ConnectedUtc = connectedUtc;
        ConnTraceId = NewConnTraceId();
    }

    public ListenerModel Listener { get; }

    /// <summary>The load balancer the listener belonged to when the connection was accepted (requests use the current snapshot's, <see cref="EmulatorModel.LoadBalancerOf"/>).</summary>
    public LoadBalancerModel? LoadBalancer { get; init; }

    public DateTime ConnectedUtc { get; }

    /// <summary><c>TID_</c> + 32 lower-case hex digits (access-log field 30, connection log field 12).</summary>
    public string ConnTraceId { get; }

    /// <summary>SNI host name sent by the client, when it matched a certificate (access-log <c>domain_name</c>).</summary>
    public string? SniDomain { get; set; }

    /// <summary>The certificate presented to the client.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>ARN of <see cref="Certificate"/> (access-log <c>chosen_cert_arn</c>).</summary>
    public string? CertificateArn { get; set; }

    /// <summary>The client certificate of a mutual-TLS listener (LST-41, LST-42), or null.</summary>
    public MutualTls.ClientCertificateInfo? ClientCertificate { get; set; }

    /// <summary>Why verify-mode mutual TLS ended the handshake (connection log <c>Failed:&lt;code&gt;</c>), or null.</summary>
    public string? MutualTlsFailure { get; set; }

    /// <summary>OpenSSL names of the negotiated TLS version and cipher (HDR-40), computed once per connection.</summary>
    internal string? TlsVersionName;

    internal string? TlsCipherName;

    /// <summary>The client's address and port (the TCP peer).</summary>
    public System.Net.IPEndPoint? RemoteEndPoint { get; init; }

    /// <summary>The connection's features (TLS handshake details for the access log).</summary>
    public Microsoft.AspNetCore.Http.Features.IFeatureCollection? Features { get; init; }

    /// <summary>What the HTTP/1.x wire front end learned about the request Kestrel is processing.</summary>
    public Http1.WireRequest? CurrentWireRequest { get; set; }

    /// <summary>The HTTP/1.x output of this connection (byte counting, ALB header order); null on HTTP/2.</summary>
    internal Http1.Http1OutputWriter? WireOutput { get; set; }

    /// <summary>The HTTP/2 output of this connection (per-stream byte counting); null on HTTP/1.x.</summary>
    internal Http2.Http2OutputCounter? Http2Output { get; set; }

    /// <summary>Requests seen on this connection so far.</summary>
    public int RequestCount;

    /// <summary>The client as X-Forwarded-For appends it, with and without the port, cached per connection (the peer never changes).</summary>
    internal string? ForwardedForClientWithPort;

    internal string? ForwardedForClientWithoutPort;

    private static string NewConnTraceId() => string.Create(36, 0, static (span, _) =>
    {
        "TID_".CopyTo(span);
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        Convert.TryToHexStringLower(bytes, span[4..], out _);
    });
}

/// <summary>Feature interface through which the request pipeline finds its <see cref="AlbConnection"/>.</summary>
public interface IAlbConnectionFeature
{
    AlbConnection Connection { get; }
}

internal sealed class AlbConnectionFeature(AlbConnection connection) : IAlbConnectionFeature
{
    public AlbConnection Connection { get; } = connection;
}
