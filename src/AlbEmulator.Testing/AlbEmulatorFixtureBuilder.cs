using System.Net;
using System.Text.Json.Nodes;
using AlbEmulator.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Testing;

/// <summary>
/// Describes an emulator to start: the config (file, JSON or fluent builder, see <see cref="AlbEmulatorFixture"/>),
/// the targets to put behind it (real URLs, or the test's own app under <see cref="WebApplicationFactory{TEntryPoint}"/>)
/// and emulator options. <see cref="StartAsync"/> starts it.
/// </summary>
public sealed class AlbEmulatorFixtureBuilder
{
    private readonly ConfigDocument _document;
    private readonly List<Action<ConfigDocument>> _edits = [];
    private readonly List<Action<ConfigDocument>> _kestrelApps = [];
    private readonly Dictionary<string, Func<HttpMessageInvoker>> _invokers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<AlbEmulatorOptions>> _configureOptions = [];

    internal AlbEmulatorFixtureBuilder(ConfigDocument document) => _document = document;

    /// <summary>
    /// Replaces the targets of <paramref name="targetGroupName"/> with <paramref name="targets"/>
    /// (real addresses: IP or DNS name and port).
    /// </summary>
    public AlbEmulatorFixtureBuilder WithTargets(string targetGroupName, params AlbTarget[] targets)
    {
        _edits.Add(document => SetTargets(document, targetGroupName, targets));
        return this;
    }

    /// <summary>Replaces the targets of <paramref name="targetGroupName"/> with the host and port of each URL.</summary>
    public AlbEmulatorFixtureBuilder WithTargetUrls(string targetGroupName, params Uri[] urls) =>
        WithTargets(targetGroupName, urls.Select(AlbTarget.FromUrl).ToArray());

    /// <summary>
    /// Puts the app of <paramref name="factory"/> behind <paramref name="targetGroupName"/> <b>in memory</b>: the
    /// group's connections go to <c>factory.Server.CreateHandler()</c> (no port, no socket). The group keeps its
    /// configured targets, which name the target in the access log; a group with no targets gets
    /// <paramref name="target"/> (default <c>127.0.0.1</c> on the group's port). Use
    /// <see cref="WithKestrelApp{TEntryPoint}"/> when the test needs a real connection (HTTP/2 to the target).
    /// </summary>
    public AlbEmulatorFixtureBuilder WithApp<TEntryPoint>(string targetGroupName, WebApplicationFactory<TEntryPoint> factory, AlbTarget? target = null)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        _invokers[targetGroupName] = () => new HttpMessageInvoker(new InMemoryTargetHandler(factory.Server.CreateHandler()), disposeHandler: true);
        _edits.Add(document =>
        {
            var targets = ConfigDocument.Targets(document.TargetGroup(targetGroupName));
            if (target is not null)
            {
                targets.Clear();
                targets.Add(ConfigDocument.ToJson(target));
            }
            else if (targets.Count == 0)
            {
                targets.Add(new JsonObject { ["Id"] = "127.0.0.1" });
            }
        });
        return this;
    }

    /// <summary>
    /// Starts the app of <paramref name="factory"/> on <b>real Kestrel</b> (.NET 10 <c>UseKestrel</c> +
    /// <c>StartServer</c>) on 127.0.0.1 with an ephemeral port, and makes it the only target of
    /// <paramref name="targetGroupName"/>. The endpoint speaks what the group's <c>ProtocolVersion</c> needs:
    /// HTTP/2 cleartext (prior knowledge) for <c>HTTP2</c> and <c>GRPC</c>, HTTP/1.1 otherwise. Call this
    /// before anything else starts the factory (<c>CreateClient</c>, <c>Server</c>). Groups with
    /// <c>Protocol</c> HTTPS are not supported in this mode.
    /// </summary>
    public AlbEmulatorFixtureBuilder WithKestrelApp<TEntryPoint>(string targetGroupName, WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        _kestrelApps.Add(document =>
        {
            var group = document.TargetGroup(targetGroupName);
            if (string.Equals(ConfigDocument.StringProperty(group, "Protocol"), "HTTPS", StringComparison.OrdinalIgnoreCase))
            {
                throw new NotSupportedException($"Target group '{targetGroupName}' uses Protocol HTTPS; WithKestrelApp serves cleartext HTTP only.");
            }

            var http2 = ConfigDocument.StringProperty(group, "ProtocolVersion")?.ToUpperInvariant() is "HTTP2" or "GRPC";
            factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, o => o.Protocols = http2 ? HttpProtocols.Http2 : HttpProtocols.Http1));
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The app started on Kestrel but reports no address.");
            SetTargets(document, targetGroupName, [AlbTarget.FromUrl(new Uri(address))]);
        });
        return this;
    }

    /// <summary>Adjusts the emulator options (diagnostics header, logger factory, extra access-log sinks, ...).</summary>
    public AlbEmulatorFixtureBuilder ConfigureOptions(Action<AlbEmulatorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configureOptions.Add(configure);
        return this;
    }

    /// <summary>
    /// Health checks run only when the test calls <see cref="AlbEmulatorFixture.RunHealthChecksAsync"/>
    /// (<c>HealthChecks.Automatic = false</c>), one round per call: target states change exactly when the test
    /// says. Other knobs (<c>IntervalOverride</c>, <c>TimeoutOverride</c>) via <see cref="ConfigureOptions"/>.
    /// </summary>
    public AlbEmulatorFixtureBuilder WithManualHealthChecks() => ConfigureOptions(o => o.HealthChecks.Automatic = false);

    /// <summary>
    /// Validates the config (throws <see cref="AlbConfigException"/> listing every error), starts Kestrel apps,
    /// then the emulator: every listener on 127.0.0.1 with an ephemeral port (the configured port stays the
    /// ALB's port in headers, redirects and logs), the admin endpoint likewise.
    /// </summary>
    public async Task<AlbEmulatorFixture> StartAsync(CancellationToken cancellationToken = default)
    {
        foreach (var edit in _edits)
        {
            edit(_document);
        }

        var config = _document.Load();
        foreach (var start in _kestrelApps)
        {
            start(_document);
        }

        if (_kestrelApps.Count > 0)
        {
            config = _document.Load();
        }

        var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning));
        var options = new AlbEmulatorOptions
        {
            BindAddress = IPAddress.Loopback,
            AdminUrl = new Uri("http://127.0.0.1:0"),
            ListenerPortOverride = _ => 0,
            LoggerFactory = loggerFactory,
            Announce = _ => { },
        };
        foreach (var (name, invoker) in _invokers)
        {
            options.TargetInvokers[name] = invoker;
        }

        foreach (var configure in _configureOptions)
        {
            configure(options);
        }

        try
        {
            var server = await AlbEmulatorServer.StartAsync(config, options, cancellationToken).ConfigureAwait(false);
            return new AlbEmulatorFixture(server, _document, loggerFactory);
        }
        catch
        {
            loggerFactory.Dispose();
            throw;
        }
    }

    private static void SetTargets(ConfigDocument document, string targetGroupName, IEnumerable<AlbTarget> targets)
    {
        var array = ConfigDocument.Targets(document.TargetGroup(targetGroupName));
        array.Clear();
        foreach (var target in targets)
        {
            array.Add(ConfigDocument.ToJson(target));
        }
    }
}
