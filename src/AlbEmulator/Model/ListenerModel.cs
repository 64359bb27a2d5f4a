using AlbEmulator.Configuration;
using AlbEmulator.Headers;

namespace AlbEmulator.Model;

/// <summary>A listener at run time: protocol, port, rules in evaluation order and the default rule.</summary>
public sealed class ListenerModel
{
    public ListenerModel(ListenerConfig config, IReadOnlyList<RuleModel> rules, RuleModel defaultRule, string arn)
    {
        Config = config;
        Port = config.Port ?? 0;
        IsHttps = string.Equals(config.Protocol, "HTTPS", StringComparison.Ordinal);
        Protocol = IsHttps ? "HTTPS" : "HTTP";
        Scheme = IsHttps ? "https" : "http";
        PortText = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Rules = rules;
        DefaultRule = defaultRule;
        Arn = arn;
        HeaderAttributes = config.ListenerAttributes.Count == 0 ? ListenerHeaders.Default : new ListenerHeaders(config.ListenerAttributes);
    }

    /// <summary>Header names and response headers from the listener attributes (LST-50, LST-51).</summary>
    public ListenerHeaders HeaderAttributes { get; }

    /// <summary>Mutual TLS as resolved against the trust stores (LST-40); off by default.</summary>
    public MutualTls.MutualTlsSettings MutualTls { get; init; } = AlbEmulator.MutualTls.MutualTlsSettings.Off;

    public ListenerConfig Config { get; }

    /// <summary>The port as configured. ALB semantics (X-Forwarded-Port, Host rules, redirects) use it even when a test binds elsewhere.</summary>
    public int Port { get; }

    public string PortText { get; }

    /// <summary><c>HTTP</c> or <c>HTTPS</c>.</summary>
    public string Protocol { get; }

    /// <summary><c>http</c> or <c>https</c>: X-Forwarded-Proto and the access-log request line.</summary>
    public string Scheme { get; }

    public bool IsHttps { get; }

    /// <summary>Non-default rules in ascending priority (RULE-2).</summary>
    public IReadOnlyList<RuleModel> Rules { get; }

    /// <summary>The default rule: no conditions, priority 0 in the access log (LST-3, RULE-3).</summary>
    public RuleModel DefaultRule { get; }

    public string Arn { get; }
}
