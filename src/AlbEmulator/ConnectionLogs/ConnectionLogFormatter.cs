using System.Globalization;
using System.Net;
using System.Text;
using AlbEmulator.AccessLogs;

namespace AlbEmulator.ConnectionLogs;

/// <summary>
/// The only code that knows the ALB connection-log line (alb-observability-api.md §2): 15 space-separated
/// fields; field 8 (client certificate subject) is quoted, <c>"-"</c> without mutual TLS, as the published
/// Athena regex requires.
/// </summary>
public static class ConnectionLogFormatter
{
    /// <summary>tls_verify_status when the handshake failed without mutual TLS.</summary>
    public const string HandshakeFailedStatus = "Failed:UnmappedConnectionError";

    /// <param name="timeUtc">When the handshake completed or failed.</param>
    /// <param name="client">Client address and port.</param>
    /// <param name="listenerPort">The configured listener port.</param>
    /// <param name="tlsProtocol">OpenSSL protocol name (<c>TLSv1.2</c>), or null when the handshake failed.</param>
    /// <param name="tlsCipher">OpenSSL cipher name, or null when the handshake failed.</param>
    /// <param name="handshakeSeconds">Handshake time, or null when it failed.</param>
    /// <param name="connTraceId">The connection's <c>TID_…</c>, shared with its access-log entries.</param>
    /// <param name="loadBalancerFullName"><c>app/name/id</c>.</param>
    /// <param name="clientCertificate">The mutual-TLS client certificate (fields 8–10), or null.</param>
    /// <param name="verifyFailure">The mutual-TLS failure code (field 11 <c>Failed:&lt;code&gt;</c>), or null.</param>
    public static string Format(
        DateTime timeUtc,
        IPEndPoint? client,
        int listenerPort,
        string? tlsProtocol,
        string? tlsCipher,
        double? handshakeSeconds,
        string connTraceId,
        string loadBalancerFullName,
        MutualTls.ClientCertificateInfo? clientCertificate = null,
        string? verifyFailure = null)
    {
        var sb = new StringBuilder(256);
        // 1 timestamp
        sb.Append(timeUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append(' ');
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
        // 8 "leaf_client_cert_subject", 9 validity, 10 serial: "-" - - without a client certificate
        if (clientCertificate is null)
        {
            sb.Append("\"-\" - - ");
        }
        else
        {
            sb.Append('"').Append(clientCertificate.Subject).Append("\" ");
            sb.Append(clientCertificate.Validity).Append(' ');
            sb.Append(clientCertificate.SerialNumber).Append(' ');
        }

        // 11 tls_verify_status, 12 conn_trace_id, 13 tls_keyexchange (not exposed by .NET: -), 14 elb, 15 ip_address
        sb.Append(verifyFailure is not null ? "Failed:" + verifyFailure : handshakeSeconds is null ? HandshakeFailedStatus : "Success").Append(' ');
        sb.Append(connTraceId).Append(' ');
        sb.Append("- ");
        sb.Append(loadBalancerFullName).Append(' ');
        sb.Append(S3LogKey.NodeIp);
        return sb.ToString();
    }
}
