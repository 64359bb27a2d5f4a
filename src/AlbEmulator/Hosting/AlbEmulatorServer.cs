using System.Net;
using System.Net.Sockets;
using AlbEmulator.AccessLogs;
using AlbEmulator.Configuration;
using AlbEmulator.ControlPlane;
using AlbEmulator.ControlPlane.Listeners;
using AlbEmulator.Forwarding;
using AlbEmulator.Health;
using AlbEmulator.Lambda;
using AlbEmulator.Listeners;
using AlbEmulator.Logging;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.Pipeline.Actions;
using AlbEmulator.TargetGroups;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Hosting;

/// <summary>
/// A running emulator: Kestrel listeners for the ALB listeners and the admin endpoint, the data-plane
/// pipeline and the access-log writer. The command line, the functional tests and the test fixture
/// all start it the same way.
/// </summary>
public sealed class AlbEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AccessLogWriter _accessLog;
    private readonly HealthChecker _healthChecker;
    private readonly ListenerHost _listenerHost;
    private readonly SnapshotFactory _snapshots;
    private readonly ConfigFileWatcher? _configWatcher;
    private bool _disposed;

    private AlbEmulatorServer(WebApplication app, AlbRuntime runtime, AccessLogWriter accessLog, ListenerHost listenerHost, SnapshotFactory snapshots, ConfigFileWatcher? configWatcher, Uri? adminUri, TargetRegistry targets, HealthChecker healthChecker)
    {
        Waf = app.Services.GetRequiredService<AlbEmulator.Waf.WafStep>();
        _app = app;
        Targets = targets;
        _healthChecker = healthChecker;
        Observability = app.Services.GetRequiredService<Observability>();
        Runtime = runtime;
        _accessLog = accessLog;
        _listenerHost = listenerHost;
        _snapshots = snapshots;
        _configWatcher = configWatcher;
        AdminUri = adminUri;
    }

    public AlbRuntime Runtime { get; }

    /// <summary>Live targets: RegisterTargets, DeregisterTargets, DescribeTargetHealth, host counts (TargetGroups/TargetRegistry).</summary>
    public TargetRegistry Targets { get; }

    /// <summary>Runs one health-check round now (all groups, or one by name or ARN) and waits for the results (tests; HealthCheckOptions.Automatic = false).</summary>
    public Task RunHealthChecksAsync(string? targetGroup = null) => _healthChecker.RunRoundAsync(targetGroup);

    /// <summary>Runs one anomaly-detection period now (TG-42; tests).</summary>
    public void RunAnomalyDetection() => _healthChecker.RunAnomalyDetection();

    /// <summary>Configured listener port → the endpoint actually bound, for every listener of the current configuration (listeners created at run time included).</summary>
    public IReadOnlyDictionary<int, IPEndPoint> ListenerEndpoints =>
        _listenerHost.Endpoints.Where(kv => Runtime.Current.FindListener(kv.Key) is not null).ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>Applies config-file edits (<see cref="AlbEmulatorOptions.ConfigFilePath"/>); null when the file is not watched.</summary>
    internal ConfigFileWatcher? ConfigWatcher => _configWatcher;

    public Uri? AdminUri { get; }

    /// <summary>AWS WAF: the web ACLs, IP sets, regex pattern sets and associations (Waf/WafRegistry), and the WAF log.</summary>
    public AlbEmulator.Waf.WafStep Waf { get; }

    /// <summary>[ext] The built-in identity provider served on the admin endpoint under /idp (docs/authentication.md).</summary>
    public IdentityProvider.BuiltInIdentityProvider IdentityProvider => _app.Services.GetRequiredService<IdentityProvider.BuiltInIdentityProvider>();

    /// <summary>The keys that sign x-amzn-oidc-data (their PEM is served at {admin-url}/public-keys/{kid}).</summary>
    public Authentication.AuthenticationKeys AuthenticationKeys => _app.Services.GetRequiredService<Authentication.AuthenticationKeys>();

    public AccessLogWriter AccessLog => _accessLog;

    /// <summary>Metrics, their collector for GET /metrics, and the connection log (Hosting/Observability.cs).</summary>
    public Observability Observability { get; }

    /// <summary>The URL a client uses to reach a listener, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri ListenerUri(int configuredPort)
    {
        var endpoint = ListenerEndpoints[configuredPort];
        var listener = Runtime.Current.FindListener(configuredPort)!;
        var host = endpoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : endpoint.Address.Equals(IPAddress.IPv6Any) ? "[::1]" : endpoint.Address.ToString();
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        return new Uri($"{listener.Scheme}://{host}:{endpoint.Port}/");
    }

    /// <summary>Starts the emulator for a validated config. Throws <see cref="ListenerStartException"/> when a listener cannot start.</summary>
    public static async Task<AlbEmulatorServer> StartAsync(AlbConfig config, AlbEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        var time = options.TimeProvider;
        var targets = new TargetRegistry(time);
        var model = LoadBalancerModelBuilder.Build(config, LoadBalancerModelBuilder.WithTargetInvokers(TargetGroupConnections.Create, options.TargetInvokers), targets);
        var runtime = new AlbRuntime(model);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "AlbEmulator" });
        builder.Services.AddLogging(logging =>
        {
            if (options.LoggerFactory is null)
            {
                AlbLogLevels.Apply(logging.AddSimpleConsole(console => console.SingleLine = true), options.LogLevel);
            }
        });
        if (options.LoggerFactory is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(options.LoggerFactory));
        }

        var sinks = new List<IAccessLogSink>(options.AccessLogSinks);
        if (options.AccessLogPath is not null)
        {
            sinks.Add(new TextAccessLogSink(options.AccessLogPath));
        }

        // Observability: S3-layout log files, metrics, connection logs (Hosting/Observability.cs).
        var observability = Observability.Create(config, runtime, sinks, time, options.LoggerFactory);
        builder.Services.AddSingleton(observability);

        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton(targets);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new WeightedTargetGroupSelector(new TargetGroupStickinessCookie(), time));
        builder.Services.AddSingleton(sp => new AccessLogWriter(sinks, time, sp.GetRequiredService<ILogger<AccessLogWriter>>(), observability.Metrics));
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<LambdaInvoker>();
        builder.Services.AddSingleton<LambdaAction>();

        // The request lifecycle (Pipeline/RequestLifecycle.cs, LIFECYCLE.md): one class per rule action, and
        // the pre-routing and transforms slots (features register IPreRoutingStep / IRequestTransformStep).
        builder.Services.AddSingleton<IRuleAction, ForwardAction>();
        builder.Services.AddSingleton<IRuleAction, RedirectAction>();
        builder.Services.AddSingleton<IRuleAction, FixedResponseAction>();
        builder.Services.AddSingleton<IRequestTransformStep, Rules.RuleTransformStep>(); // ACT-40
        builder.Services.AddSingleton<RuleActions>();
        builder.Services.AddSingleton<RequestLifecycle>();
        builder.Services.AddSingleton<LambdaHealthCheck>();
        Authentication.AuthenticationServices.Add(builder.Services, runtime, time);

        // AWS WAF (Waf/): web ACLs from the config, changed by the WAFv2 API on the admin endpoint.
        var waf = AlbEmulator.Waf.WafRegistry.FromConfig(config, model.Identifiers.Region, model.Identifiers.AccountId);
        var wafLog = options.WafLogPath is { } wafLogPath ? new AlbEmulator.Waf.WafLogWriter(wafLogPath) : null;
        var wafMetrics = new AlbEmulator.Waf.WafMetrics(observability.Metrics.Meter, model.Identifiers.Region);
        builder.Services.AddSingleton(sp => new AlbEmulator.Waf.WafStep(waf, wafMetrics, wafLog, time, sp.GetRequiredService<ILoggerFactory>().CreateLogger("AlbEmulator.Waf"), options.WafFault));
        builder.Services.AddSingleton<IPreRoutingStep>(sp => sp.GetRequiredService<AlbEmulator.Waf.WafStep>()); // WAF: before rule matching
        foreach (var group in waf.UnimplementedManagedGroups)
        {
            options.Announce($"AWS WAF: managed rule group {group} has no local rules and matches nothing (docs/waf.md)");
        }

        var bound = new Dictionary<int, ListenOptions>();
        ListenOptions? adminOptions = null;
        WireRejectionHandler? wireRejections = null;
        AlbControlPlane? controlPlane = null;
        var gate = new StartupListenerGate(runtime);
        var certificates = model.Listeners
            .Where(l => l.IsHttps)
            .ToDictionary(l => l.Port, l => ListenerCertificates.Load(l.Config, config.BaseDirectory, model.Identifiers, path =>
                options.Announce($"Listener {l.Port} (HTTPS) has no certificate: using a generated self-signed certificate, trust it with --cacert {path}")));

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            KestrelLimits.Apply(kestrel, model.Settings);
            var services = kestrel.ApplicationServices;
            var rejections = new WireRejectionHandler(
                runtime,
                services.GetRequiredService<AccessLogWriter>(),
                time,
                services.GetRequiredService<ILoggerFactory>().CreateLogger("AlbEmulator.Diagnostics"),
                options.Diagnostics);
            wireRejections = rejections;

            // Connections to a deleted start-up listener are refused (ControlPlane/Listeners).
            gate.Install(kestrel);
            foreach (var listener in model.Listeners)
            {
                var port = options.ListenerPortOverride?.Invoke(listener.Port) ?? listener.Port;
                var listenOptions = ListenerSetup.Bind(kestrel, options.BindAddress, port, listener, model, certificates.GetValueOrDefault(listener.Port), rejections, time, observability.ConnectionTracker);
                bound[listener.Port] = listenOptions!;
            }

            if (options.AdminUrl is { } admin)
            {
                var address = admin.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(admin.Host.Trim('[', ']'));
                kestrel.Listen(address, admin.Port, o =>
                {
                    adminOptions = o;
                    o.Protocols = HttpProtocols.Http1;
                });
            }
        });

        var app = builder.Build();
        targets.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AlbEmulator.TargetHealth");
        targets.LogAll();
        var healthChecker = new HealthChecker(targets, options.HealthChecks, time, targets.Logger, app.Services.GetRequiredService<LambdaHealthCheck>(), options.TargetInvokers.Keys);
        var wafApiLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AlbEmulator.Waf");
        Task WafApi(HttpContext context) => AlbEmulator.Waf.WafApiEndpoint.HandleAsync(
            context, waf, name => runtime.Current.Identifiers.LoadBalancerName == name, _ => runtime.Current.Identifiers.LoadBalancerArn, controlPlane?.Signatures, wafApiLogger);
        app.Use((context, next) => context.Features.Get<IAlbConnectionFeature>() is null ? AdminEndpoint.HandleAsync(context, runtime, observability.Collector, controlPlane, WafApi) : next(context));
        app.UseMiddleware<AlbDataPlaneMiddleware>();

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new ListenerStartException(DescribeBindFailure(e, bound, options));
        }

        healthChecker.Start();

        // The control plane (docs/control-plane.md): the ELBv2 API on the admin endpoint, listeners
        // created at run time, and the config-file watcher.
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var pipeline = new DelegateHttpApplication(((IApplicationBuilder)app).Build(), app.Services.GetService<IHttpContextFactory>() ?? new DefaultHttpContextFactory(app.Services));
        var listenerHost = new ListenerHost(app.Services, pipeline, options, wireRejections!, observability.ConnectionTracker, loggers);
        foreach (var (port, listenOptions) in bound)
        {
            listenerHost.AddStartupListener(model.FindListener(port)!, listenOptions.IPEndPoint!);
            gate.Register(port, listenOptions.IPEndPoint!);
        }

        var snapshots = new SnapshotFactory(LoadBalancerModelBuilder.WithTargetInvokers(TargetGroupConnections.Create, options.TargetInvokers), targets, model);
        controlPlane = new AlbControlPlane(runtime, targets, snapshots, listenerHost, time, loggers.CreateLogger("AlbEmulator.ControlPlane"))
        {
            Signatures = SigV4Verifier.FromCredentials(options.AdminCredentials),
        };
        var configWatcher = options.ConfigFilePath is { } configPath ? ConfigFileWatcher.Start(configPath, options.OverridesFilePath, options.TemplateParameters, controlPlane) : null;

        Uri? adminUri = adminOptions?.IPEndPoint is { } adminEndpoint ? new Uri($"http://{FormatHost(adminEndpoint.Address)}:{adminEndpoint.Port}/") : null;
        app.Services.GetRequiredService<Authentication.AdminUrlResolver>().SetAdminUri(adminUri);
        var server = new AlbEmulatorServer(app, runtime, app.Services.GetRequiredService<AccessLogWriter>(), listenerHost, snapshots, configWatcher, adminUri, targets, healthChecker);
        observability.LogStartupSummary(app.Services.GetRequiredService<ILoggerFactory>(), server, options);
        return server;
    }

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static string DescribeBindFailure(IOException e, Dictionary<int, ListenOptions> bound, AlbEmulatorOptions options)
    {
        foreach (var (port, listenOptions) in bound)
        {
            if (e.Message.Contains($":{listenOptions.IPEndPoint?.Port}", StringComparison.Ordinal))
            {
                return $"Listener {port}: cannot bind {listenOptions.IPEndPoint}: {e.Message}";
            }
        }

        return options.AdminUrl is { } admin && e.Message.Contains($":{admin.Port}", StringComparison.Ordinal)
            ? $"Admin endpoint {admin}: cannot bind: {e.Message}"
            : $"Cannot start the listeners: {e.Message}";
    }

    /// <summary>Stops accepting, lets in-flight requests finish (bounded) and flushes the access log.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _configWatcher?.Dispose();
        await _healthChecker.DisposeAsync();
        Targets.Stop();
        await _listenerHost.DisposeAsync();
        await _app.StopAsync(cancellationToken);
        _snapshots.Dispose();
        await _accessLog.DisposeAsync();
        await Observability.ConnectionLog.DisposeAsync();
        Waf.Log?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync();
        foreach (var group in Runtime.Current.TargetGroups.Values)
        {
            group.Invoker.Dispose();
        }

        await _app.DisposeAsync();
        Observability.Dispose();
    }
}
