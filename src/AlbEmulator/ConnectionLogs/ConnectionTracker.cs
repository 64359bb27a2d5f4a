using System.Diagnostics;
using System.Net;
using AlbEmulator.Listeners;
using AlbEmulator.Metrics;
using AlbEmulator.Model;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AlbEmulator.ConnectionLogs;

/// <summary>
/// The listener's connection hook: counts connections (NewConnectionCount, ActiveConnectionCount) and
/// writes one connection-log entry per connection attempt: for HTTPS listeners when the handshake
/// completes or fails (ClientTLSNegotiationErrorCount on failure), for HTTP listeners when the connection
/// is accepted (every TLS field <c>-</c>). <see cref="ListenerSetup"/> adds
/// <see cref="UseBeforeTls"/> after it attaches the <see cref="AlbConnection"/> and <see cref="UseAfterTls"/>
/// after <c>UseHttps</c>.
/// </summary>
public sealed class ConnectionTracker
{
    private readonly AlbMetrics? _metrics;
    private readonly ConnectionLogWriter? _connectionLog;
    private readonly TimeProvider _time;
    private readonly Func<ListenerModel, string> _loadBalancerFullName;

    /// <param name="metrics">Connection metrics, or null.</param>
    /// <param name="connectionLog">The connection log, or null when it is off.</param>
    /// <param name="time">Clock for the entries' timestamps.</param>
    /// <param name="loadBalancerFullName">The <c>app/name/id</c> of the load balancer a listener belongs to.</param>
    public ConnectionTracker(AlbMetrics? metrics, ConnectionLogWriter? connectionLog, TimeProvider time, Func<ListenerModel, string> loadBalancerFullName)
    {
        _loadBalancerFullName = loadBalancerFullName;
        _metrics = metrics;
        _connectionLog = connectionLog;
        _time = time;
    }

    /// <summary>Adds the middleware that sees every accepted connection, before TLS.</summary>
    public void UseBeforeTls(ListenOptions options, ListenerModel listener)
    {
        options.Use(next => async context =>
        {
            var attempt = new TlsAttempt(Stopwatch.GetTimestamp());
            context.Features.Set(attempt);
            var loadBalancer = _loadBalancerFullName(listener);
            _metrics?.ConnectionOpened(loadBalancer);
            if (!listener.IsHttps)
            {
                WriteEntry(context, listener, null, null, null);
            }

            try
            {
                await next(context);
            }
            finally
            {
                _metrics?.ConnectionClosed(loadBalancer);
                if (listener.IsHttps && !attempt.Completed)
                {
                    _metrics?.TlsNegotiationFailed(loadBalancer);
                    WriteEntry(context, listener, null, null, null);
                }
            }
        });
    }

    /// <summary>Adds the middleware that runs once the TLS handshake has completed (HTTPS listeners).</summary>
    public void UseAfterTls(ListenOptions options, ListenerModel listener)
    {
        if (!listener.IsHttps)
        {
            return;
        }

        options.Use(next => context =>
        {
            if (context.Features.Get<TlsAttempt>() is { } attempt)
            {
                attempt.Completed = true;
                var tls = context.Features.Get<ITlsHandshakeFeature>();
                var seconds = (Stopwatch.GetTimestamp() - attempt.StartTimestamp) / (double)Stopwatch.Frequency;
                WriteEntry(
                    context,
                    listener,
                    tls is null ? null : TlsNames.Protocol(tls.Protocol),
                    tls?.NegotiatedCipherSuite is { } suite ? TlsNames.CipherSuite(suite) : null,
                    seconds);
            }

            return next(context);
        });
    }

    private void WriteEntry(ConnectionContext context, ListenerModel listener, string? protocol, string? cipher, double? seconds)
    {
        if (_connectionLog is null || !_connectionLog.HasConsumers)
        {
            return;
        }

        var connection = context.Features.Get<IAlbConnectionFeature>()?.Connection;
        if (connection is null)
        {
            return;
        }

        if (protocol is null && connection.MutualTlsFailure is not null)
        {
            // Mutual TLS failed after the version and cipher were agreed (LST-42): the log names them.
            protocol = connection.TlsVersionName;
            cipher = connection.TlsCipherName;
        }

        _connectionLog.Write(ConnectionLogFormatter.Format(
            _time.GetUtcNow().UtcDateTime,
            context.RemoteEndPoint as IPEndPoint,
            listener.Port,
            protocol,
            cipher,
            seconds,
            connection.ConnTraceId,
            _loadBalancerFullName(listener),
            tls: listener.IsHttps,
            nodeAddress: (context.LocalEndPoint as IPEndPoint)?.Address,
            clientCertificate: MutualTlsFields(connection)));
    }

    /// <summary>Fields 8–11 of a connection whose client presented a certificate or failed mutual TLS (LST-42), else null.</summary>
    private static ClientCertificateLogFields? MutualTlsFields(AlbConnection connection)
    {
        var status = connection.MutualTlsFailure is { } failure ? "Failed:" + failure : "Success";
        return connection.ClientCertificate is { } certificate
            ? new ClientCertificateLogFields(certificate.Subject, certificate.Leaf.NotBefore, certificate.Leaf.NotAfter, certificate.SerialNumber, status)
            : connection.MutualTlsFailure is not null ? new ClientCertificateLogFields(null, null, null, null, status) : null;
    }

    /// <summary>Per-connection record of the handshake in progress.</summary>
    private sealed class TlsAttempt(long startTimestamp)
    {
        public long StartTimestamp { get; } = startTimestamp;

        public bool Completed { get; set; }
    }
}
