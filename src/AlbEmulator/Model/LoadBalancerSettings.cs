using AlbEmulator.Configuration;

namespace AlbEmulator.Model;

/// <summary>How X-Forwarded-For is processed (HDR-1).</summary>
public enum XffMode
{
    Append,
    Preserve,
    Remove,
}

/// <summary>Desync mitigation mode (DSY-1).</summary>
public enum DesyncMitigationMode
{
    Monitor,
    Defensive,
    Strictest,
}

/// <summary>The load balancer attributes, typed, with AWS defaults (alb-data-plane.md §12.1).</summary>
public sealed record LoadBalancerSettings
{
    public int IdleTimeoutSeconds { get; init; } = 60;

    public int ClientKeepAliveSeconds { get; init; } = 3600;

    public bool Http2Enabled { get; init; } = true;

    public DesyncMitigationMode DesyncMitigationMode { get; init; } = DesyncMitigationMode.Defensive;

    public bool DropInvalidHeaderFields { get; init; }

    public bool PreserveHostHeader { get; init; }

    public bool TlsVersionAndCipherHeaders { get; init; }

    public bool XffClientPort { get; init; }

    public XffMode XffMode { get; init; } = XffMode.Append;

    public bool AccessLogsEnabled { get; init; }

    public string AccessLogsBucket { get; init; } = "";

    public string AccessLogsPrefix { get; init; } = "";

    public bool ConnectionLogsEnabled { get; init; }

    public string ConnectionLogsBucket { get; init; } = "";

    public string ConnectionLogsPrefix { get; init; } = "";

    public bool HealthCheckLogsEnabled { get; init; }

    public string HealthCheckLogsBucket { get; init; } = "";

    public string HealthCheckLogsPrefix { get; init; } = "";

    /// <summary><c>waf.fail_open.enabled</c>: forward requests when AWS WAF fails instead of answering 500.</summary>
    public bool WafFailOpen { get; init; }

    public TimeSpan IdleTimeout => TimeSpan.FromSeconds(IdleTimeoutSeconds);

    /// <summary>Every attribute at its AWS default.</summary>
    public static LoadBalancerSettings Default { get; } = From([]);

    /// <summary>Reads validated attributes; anything missing takes its AWS default.</summary>
    public static LoadBalancerSettings From(IEnumerable<AttributeConfig> attributes)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in AttributeCatalog.LoadBalancer)
        {
            values[definition.Key] = AttributeCatalog.GetOrDefault(attributes, definition);
        }

        return new LoadBalancerSettings
        {
            IdleTimeoutSeconds = int.Parse(values["idle_timeout.timeout_seconds"]),
            ClientKeepAliveSeconds = int.Parse(values["client_keep_alive.seconds"]),
            Http2Enabled = values["routing.http2.enabled"] == "true",
            DesyncMitigationMode = values["routing.http.desync_mitigation_mode"] switch
            {
                "monitor" => DesyncMitigationMode.Monitor,
                "strictest" => DesyncMitigationMode.Strictest,
                _ => DesyncMitigationMode.Defensive,
            },
            DropInvalidHeaderFields = values["routing.http.drop_invalid_header_fields.enabled"] == "true",
            PreserveHostHeader = values["routing.http.preserve_host_header.enabled"] == "true",
            TlsVersionAndCipherHeaders = values["routing.http.x_amzn_tls_version_and_cipher_suite.enabled"] == "true",
            XffClientPort = values["routing.http.xff_client_port.enabled"] == "true",
            XffMode = values["routing.http.xff_header_processing.mode"] switch
            {
                "preserve" => XffMode.Preserve,
                "remove" => XffMode.Remove,
                _ => XffMode.Append,
            },
            AccessLogsEnabled = values["access_logs.s3.enabled"] == "true",
            AccessLogsBucket = values["access_logs.s3.bucket"],
            AccessLogsPrefix = values["access_logs.s3.prefix"],
            ConnectionLogsEnabled = values["connection_logs.s3.enabled"] == "true",
            ConnectionLogsBucket = values["connection_logs.s3.bucket"],
            ConnectionLogsPrefix = values["connection_logs.s3.prefix"],
            HealthCheckLogsEnabled = values["health_check_logs.s3.enabled"] == "true",
            HealthCheckLogsBucket = values["health_check_logs.s3.bucket"],
            HealthCheckLogsPrefix = values["health_check_logs.s3.prefix"],
            WafFailOpen = values["waf.fail_open.enabled"] == "true",
        };
    }
}
