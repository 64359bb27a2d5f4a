using System.Net;
using AlbEmulator.AccessLogs;
using AlbEmulator.Health;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Hosting;

/// <summary>Emulator-wide settings that are not part of the load balancer description (the command line, config-format.md §1).</summary>
public sealed class AlbEmulatorOptions
{
    /// <summary>Address the listeners bind to (<c>--bind</c>).</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The admin endpoint (<c>--admin-url</c>); null disables it.</summary>
    public Uri? AdminUrl { get; set; } = new("http://127.0.0.1:8081");

    /// <summary>
    /// [ext] <c>ACCESS_KEY:SECRET</c>: the ELBv2 API then verifies SigV4 signatures against these credentials
    /// (<c>--admin-credentials</c>); null accepts any signature.
    /// </summary>
    public string? AdminCredentials { get; set; }

    /// <summary>
    /// The config file to watch (<c>--config</c>): an edit replaces the whole configuration when it is
    /// valid, and is logged and ignored when not (docs/control-plane.md). Null: not watched.
    /// </summary>
    public string? ConfigFilePath { get; set; }

    /// <summary>
    /// The <c>--overrides</c> file of a template or Terraform plan given as <see cref="ConfigFilePath"/>: watched with it,
    /// and an edit of either re-translates the template (docs/infrastructure-as-code.md). Null: none.
    /// </summary>
    public string? OverridesFilePath { get; set; }

    /// <summary>The <c>--parameter</c> values a watched template is re-translated with.</summary>
    public IReadOnlyDictionary<string, string> TemplateParameters { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Plain-text access-log destination (<c>--access-log PATH|-</c>).</summary>
    public string? AccessLogPath { get; set; }

    /// <summary>[ext] AWS WAF log destination (<c>--waf-log PATH|-</c>): one JSON object per line, WAF's log format.</summary>
    public string? WafLogPath { get; set; }

    /// <summary>[ext] Simulated AWS WAF failure (<c>--waf-fault REASON</c>): every evaluation fails with this error reason.</summary>
    public string? WafFault { get; set; }

    /// <summary>Adds X-AlbEmulator-Diagnostic to ALB-generated responses (<c>--diagnostics</c>).</summary>
    public bool Diagnostics { get; set; }

    /// <summary>[ext] How many recent requests the console's request explorer keeps with their decision trail (<c>--request-history COUNT</c>; 0 turns it off).</summary>
    public int RequestHistory { get; set; } = WebConsole.RequestTrail.DefaultCapacity;

    /// <summary>[ext] Where generated listener certificates go and their extra names (<c>--cert-dir</c>, <c>--cert-names</c>).</summary>
    public Listeners.GeneratedCertificateOptions GeneratedCertificates { get; set; } = new();

    /// <summary>
    /// Maps a configured listener port to the port actually bound (tests bind 0 for an ephemeral port).
    /// ALB semantics keep using the configured port.
    /// </summary>
    public Func<int, int>? ListenerPortOverride { get; set; }

    /// <summary>Additional access-log destinations (tests, the in-process fixture).</summary>
    public IList<IAccessLogSink> AccessLogSinks { get; } = new List<IAccessLogSink>();

    /// <summary>
    /// [fixture hook] Target-group name → factory of the <see cref="HttpMessageInvoker"/> that replaces the
    /// group's socket pool, e.g. an in-memory <c>TestServer</c> handler (AlbEmulator.Testing). The group keeps
    /// its outbound request settings (HTTP version, timeouts) and its configured targets, which still
    /// appear in the access log as <c>Id:Port</c>; only the connection to them changes.
    /// </summary>
    public IDictionary<string, Func<HttpMessageInvoker>> TargetInvokers { get; } =
        new Dictionary<string, Func<HttpMessageInvoker>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Cleartext HTTP listeners process each connection's requests on the thread that completed the socket read instead of
    /// handing them to the thread pool (Listeners/TransportScheduling). Off by default; the command-line host sets it
    /// with <c>--transport-scheduling inline</c>; never for the in-process fixture, whose targets run user code.
    /// </summary>
    internal bool InlineHttpScheduling { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Health-check schedule knobs for tests (defaults: ALB's schedule).</summary>
    public HealthCheckOptions HealthChecks { get; } = new();

    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The application log's level when <see cref="LoggerFactory"/> is null (<c>--log-level</c>; AlbLogLevels).</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>Called with each line the user should see at start (listeners, generated certificate paths).</summary>
    public Action<string> Announce { get; set; } = Console.WriteLine;
}
