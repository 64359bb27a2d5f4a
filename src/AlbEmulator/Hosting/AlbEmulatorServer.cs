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
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.TargetGroups;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
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

    /// <summary>The host's services (tests: what Kestrel and its transport were given).</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>[ext] The request explorer's recent requests and their decision trails (WebConsole/, docs/console.md).</summary>
    public WebConsole.RequestTrail RequestTrail => _app.Services.GetRequiredService<WebConsole.RequestTrail>();

    /// <summary>The start-up server's transport: which listeners are processed inline (Listeners/TransportScheduling).</summary>
    internal ListenerTransportFactory Transport => _app.Services.GetRequiredService<ListenerTransportFactory>();

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

    /// <summary>
    /// Starts the emulator for a validated config. Throws <see cref="ListenerStartException"/> when a listener cannot start.
    /// The services come from the composition root (<see cref="AlbEmulatorServiceCollectionExtensions.AddAlbEmulator"/>);
    /// the control plane (ELBv2 API on the admin endpoint) is built before Kestrel accepts any connection.
    /// </summary>
    public static async Task<AlbEmulatorServer> StartAsync(AlbConfig config, AlbEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "AlbEmulator" });
        builder.Services.AddAlbEmulator(config, options);
        // The caller stops the emulator (StopAsync/DisposeAsync: the command line on Ctrl-C or SIGTERM): the host's
        // own console lifetime would stop Kestrel on the same signal in parallel, racing the ordered stop (in-flight
        // requests, then their access-log lines, then the flush) and dropping lines.
        builder.Services.AddSingleton<IHostLifetime, CallerStoppedLifetime>();

        var bound = new Dictionary<int, ListenOptions>();
        ListenOptions? adminOptions = null;
        AlbControlPlane? controlPlane = null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            var services = kestrel.ApplicationServices;
            var model = services.GetRequiredService<AlbEmulatorParts>().StartupModel;
            // One Kestrel server binds every load balancer's start-up listeners: its backup timers follow the
            // loosest idle timeout among them (each connection's own is applied by the front end).
            KestrelLimits.Apply(kestrel, model.LoadBalancers.Select(lb => lb.Settings).MaxBy(s => s.IdleTimeoutSeconds) ?? LoadBalancerSettings.Default);
            BindListeners(kestrel, services, options, bound);
            var transport = services.GetRequiredService<ListenerTransportFactory>();
            foreach (var (port, listenOptions) in bound)
            {
                if (TransportScheduling.IsInline(options, model.FindListener(port)!.IsHttps))
                {
                    transport.MarkInline(listenOptions.EndPoint);
                }
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
        // Registered after UseKestrelCore: the socket transport options the host's options factory makes (TransportScheduling.For)
        // take their buffers from here (Hosting/TransportMemoryPool).
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(TransportMemoryPool.Factory);

        // Kestrel's transport: Kestrel's defaults, or inline scheduling for the listeners that may have it (Listeners/TransportScheduling).
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.AddSingleton<ListenerTransportFactory>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(static s => s.GetRequiredService<ListenerTransportFactory>());
        var app = builder.Build();
        var services = app.Services;
        var parts = services.GetRequiredService<AlbEmulatorParts>();
        var runtime = services.GetRequiredService<AlbRuntime>();
        var targets = services.GetRequiredService<TargetRegistry>();
        var observability = services.GetRequiredService<Observability>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var time = options.TimeProvider;
        targets.Logger = loggers.CreateLogger("AlbEmulator.TargetHealth");
        targets.LogAll();
        var healthChecker = new HealthChecker(targets, options.HealthChecks, time, targets.Logger, services.GetRequiredService<LambdaHealthCheck>(), options.TargetInvokers.Keys, observability.HealthCheckLog);
        var wafApiLogger = loggers.CreateLogger("AlbEmulator.Waf");
        Task WafApi(HttpContext context) => AlbEmulator.Waf.WafApiEndpoint.HandleAsync(
            context, parts.Waf, name => runtime.Current.FindLoadBalancer(name) is not null, name => runtime.Current.FindLoadBalancer(name)?.Identifiers.LoadBalancerArn ?? new AwsIdentifiers(name).LoadBalancerArn, controlPlane?.Signatures, wafApiLogger);
        app.Use((context, next) => context.Features.Get<IAlbConnectionFeature>() is null ? AdminEndpoint.HandleAsync(context, runtime, observability.Collector, controlPlane, WafApi) : next(context));
        app.UseMiddleware<AlbDataPlaneMiddleware>();

        // The control plane (docs/control-plane.md): the ELBv2 API on the admin endpoint and listeners created at
        // run time. Built before Kestrel starts, so POST / never meets a missing control plane.
        var pipeline = new DelegateHttpApplication(((IApplicationBuilder)app).Build(), services.GetService<IHttpContextFactory>() ?? new DefaultHttpContextFactory(services));
        var listenerHost = new ListenerHost(services, pipeline, options, services.GetRequiredService<WireRejectionHandler>(), observability.ConnectionTracker, loggers);
        var snapshots = new SnapshotFactory(LoadBalancerModelBuilder.WithTargetInvokers(TargetGroupConnections.Create, options.TargetInvokers), targets, parts.StartupModel);
        controlPlane = new AlbControlPlane(runtime, targets, snapshots, listenerHost, time, loggers.CreateLogger("AlbEmulator.ControlPlane"))
        {
            Signatures = SigV4Verifier.FromCredentials(options.AdminCredentials),
            Applied = observability.UpdateLogSinks,
        };

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // A busy port, or a stop (Ctrl-C, SIGTERM, a cancelled token) while starting: nothing stays bound.
            snapshots.Dispose();
            await app.DisposeAsync();
            if (e is IOException io)
            {
                throw new ListenerStartException(DescribeBindFailure(io, bound, options));
            }

            throw;
        }

        healthChecker.Start();
        foreach (var (port, listenOptions) in bound)
        {
            listenerHost.AddStartupListener(parts.StartupModel.FindListener(port)!, listenOptions.IPEndPoint!);
            services.GetRequiredService<StartupListenerGate>().Register(port, listenOptions.IPEndPoint!);
        }

        var configWatcher = options.ConfigFilePath is { } configPath ? ConfigFileWatcher.Start(configPath, controlPlane, parts.Waf, options.OverridesFilePath, options.TemplateParameters) : null;

        Uri? adminUri = adminOptions?.IPEndPoint is { } adminEndpoint ? new Uri($"http://{FormatHost(adminEndpoint.Address)}:{adminEndpoint.Port}/") : null;
        services.GetRequiredService<Authentication.AdminUrlResolver>().SetAdminUri(adminUri);
        var server = new AlbEmulatorServer(app, runtime, services.GetRequiredService<AccessLogWriter>(), listenerHost, snapshots, configWatcher, adminUri, targets, healthChecker);
        observability.LogStartupSummary(loggers, server, options);
        return server;
    }

    /// <summary>
    /// Binds the start-up listeners of every load balancer on Kestrel (TLS certificates loaded here, when the app is built), behind the gate
    /// that refuses connections to a start-up listener deleted at run time (ControlPlane/Listeners).
    /// </summary>
    private static void BindListeners(KestrelServerOptions kestrel, IServiceProvider services, AlbEmulatorOptions options, Dictionary<int, ListenOptions> bound)
    {
        var parts = services.GetRequiredService<AlbEmulatorParts>();
        var model = parts.StartupModel;
        var rejections = services.GetRequiredService<WireRejectionHandler>();
        var tracker = services.GetRequiredService<Observability>().ConnectionTracker;
        services.GetRequiredService<StartupListenerGate>().Install(kestrel);
        foreach (var listener in model.Listeners)
        {
            var owner = model.LoadBalancerFor(listener.Port)!;
            var certificate = listener.IsHttps
                ? ServedCertificates.Load(listener.Config, parts.Config, owner.Identifiers, options.Announce, options.GeneratedCertificates)
                : null;
            var port = options.ListenerPortOverride?.Invoke(listener.Port) ?? listener.Port;
            bound[listener.Port] = ListenerSetup.Bind(kestrel, options.BindAddress, port, listener, owner, certificate, rejections, options.TimeProvider, tracker)!;
        }
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
        // Connections are closed now, so HTTP/2 entries still waiting for their stream's last frame finish at once.
        await _app.Services.GetRequiredService<RequestRecorder>().DrainAsync(TimeSpan.FromSeconds(5));
        _snapshots.Dispose();
        await _accessLog.DisposeAsync();
        await Observability.ConnectionLog.DisposeAsync();
        await Observability.HealthCheckLog.DisposeAsync();
        if (Waf.Log is { } wafLog)
        {
            await wafLog.DisposeAsync();
        }
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

/// <summary>A host lifetime that leaves stopping to the caller of <see cref="AlbEmulatorServer.StopAsync"/> (no signal handling of its own).</summary>
internal sealed class CallerStoppedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
