using System.Globalization;
using System.Net;
using System.Text;
using AlbEmulator.AccessLogs;

namespace AlbEmulator.ConnectionLogs;

/// <summary>
/// The only code that knows the ALB connection-log line (alb-observability-api.md §2): 15 space-separated
/// fields; field 8 (client certificate subject) is quoted, <c>"-"</c> without mutual TLS, as the published
/// Athena regex requires. Real 2026 lines: a TLS connection without mTLS ends its mTLS fields in
/// <c>"-" - - Success</c>, a plain-HTTP one in <c>"-" - - -</c>; then the TID, the key exchange, the load
/// balancer id and the node IP.
/// </summary>
public static class ConnectionLogFormatter
{
    /// <summary>tls_verify_status when the handshake failed without mutual TLS.</summary>
    public const string HandshakeFailedStatus = "Failed:UnmappedConnectionError";

    /// <summary>
    /// [EMU] tls_keyexchange of a completed handshake. .NET does not expose the negotiated group, so
    /// AlbEmulator writes the group real lines show for ALB's classic (non-PQ) policies (issue 20: <c>secp256r1</c>).
    /// </summary>
    public const string TlsKeyExchange = "secp256r1";

    /// <param name="timeUtc">When the handshake completed or failed.</param>
    /// <param name="client">Client address and port.</param>
    /// <param name="listenerPort">The configured listener port.</param>
    /// <param name="tlsProtocol">OpenSSL protocol name (<c>TLSv1.2</c>), or null when the handshake failed.</param>
    /// <param name="tlsCipher">OpenSSL cipher name, or null when the handshake failed.</param>
    /// <param name="handshakeSeconds">Handshake time, or null when it failed.</param>
    /// <param name="connTraceId">The connection's <c>TID_…</c>, shared with its access-log entries.</param>
    /// <param name="loadBalancerFullName"><c>app/name/id</c>.</param>
    /// <param name="tls">Whether the listener is HTTPS; a plain-HTTP connection writes <c>-</c> in every TLS field, tls_verify_status included.</param>
    /// <param name="nodeAddress">The node IP (<see cref="AccessLogFormatter.NodeAddress"/>).</param>
    /// <param name="clientCertificate">The mutual-TLS fields 8–11, or null without mutual TLS.</param>
    public static string Format(
        DateTime timeUtc,
        IPEndPoint? client,
        int listenerPort,
        string? tlsProtocol,
        string? tlsCipher,
        double? handshakeSeconds,
        string connTraceId,
        string loadBalancerFullName,
        bool tls = true,
        IPAddress? nodeAddress = null,
        ClientCertificateLogFields? clientCertificate = null)
    {
        var sb = new StringBuilder(256);
        // 1 timestamp
        sb.Append(timeUtc.ToString(AccessLogFields.TimestampFormat, CultureInfo.InvariantCulture)).Append(' ');
        // 2 client_ip, 3 client_port
        var address = client?.Address;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        sb.Append(address?.ToString() ?? "-").Append(' ').Append(client?.Port.ToString(CultureInfo.InvariantCulture) ?? "-").Append(' ');
        // 4 listener_port, 5 tls_protocol, 6 tls_cipher, 7 tls_handshake_latency
        sb.Append(listenerPort.ToString(CultureInfo.InvariantCulture)).Append(' ');
        sb.Append(string.IsNullOrEmpty(tlsProtocol) ? "-" : tlsProtocol).Append(' ');
        sb.Append(string.IsNullOrEmpty(tlsCipher) ? "-" : tlsCipher).Append(' ');
        sb.Append(handshakeSeconds is { } seconds ? Math.Max(0, seconds).ToString("0.000", CultureInfo.InvariantCulture) : "-").Append(' ');
        // 8 "leaf_client_cert_subject", 9 validity, 10 serial, 11 tls_verify_status (- without TLS)
        if (clientCertificate is { } cert)
        {
            sb.Append('"').Append(string.IsNullOrEmpty(cert.Subject) ? "-" : cert.Subject.Replace('"', '\'')).Append("\" ");
            sb.Append(cert.NotBefore is { } from && cert.NotAfter is { } to
                ? $"NotBefore={from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)};NotAfter={to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"
                : "-").Append(' ');
            sb.Append(string.IsNullOrEmpty(cert.SerialNumber) ? "-" : cert.SerialNumber).Append(' ');
            sb.Append(cert.VerifyStatus).Append(' ');
        }
        else
        {
            sb.Append("\"-\" - - ");
            sb.Append(!tls ? "-" : handshakeSeconds is null ? HandshakeFailedStatus : "Success").Append(' ');
        }

        // 12 conn_trace_id, 13 tls_keyexchange, 14 elb, 15 ip_address
        sb.Append(connTraceId).Append(' ');
        sb.Append(tls && handshakeSeconds is not null ? TlsKeyExchange : "-").Append(' ');
        sb.Append(loadBalancerFullName).Append(' ');
        sb.Append(AccessLogFormatter.NodeAddress(nodeAddress).ToString());
        return sb.ToString();
    }
}

/// <summary>
/// Connection-log fields 8–11 of a mutual-TLS connection (alb-observability-api.md §2): the leaf
/// certificate's subject DN, validity and serial number (upper-case hex), and <c>Success</c> or
/// <c>Failed:&lt;code&gt;</c>.
/// </summary>
public sealed record ClientCertificateLogFields(string? Subject, DateTimeOffset? NotBefore, DateTimeOffset? NotAfter, string? SerialNumber, string VerifyStatus);
