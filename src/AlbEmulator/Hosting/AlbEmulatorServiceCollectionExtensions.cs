using AlbEmulator.AccessLogs;
using AlbEmulator.Configuration;
using AlbEmulator.Forwarding;
using AlbEmulator.Lambda;
using AlbEmulator.Listeners;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Logging;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.Pipeline.Actions;
using AlbEmulator.TargetGroups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Hosting;

/// <summary>
/// The composition root: every service of one emulator, registered in one place. <see cref="AlbEmulatorServer.StartAsync"/>
/// calls it, and so do the command line (src/AlbEmulator.Host through <see cref="AlbEmulatorCommand"/>) and the test
/// fixture (AlbEmulator.Testing); LIFECYCLE.md lists the slots features register into. What it builds eagerly (the
/// runtime model, targets, observability, WAF registry) is registered as instances and described by
/// <see cref="AlbEmulatorParts"/>, which the server reads to bind listeners.
/// </summary>
public static class AlbEmulatorServiceCollectionExtensions
{
    /// <summary>
    /// The console logger when no logger factory is given (the CLI gives its own): a method of its own, so that the
    /// console-logging assembly is loaded only when it is used (docs/performance.md, "Memory and start-up").
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddConsoleLogging(ILoggingBuilder logging, LogLevel level) =>
        AlbLogLevels.Apply(logging.AddSimpleConsole(console => console.SingleLine = true), level);

    public static IServiceCollection AddAlbEmulator(this IServiceCollection services, AlbConfig config, AlbEmulatorOptions options)
    {
        var time = options.TimeProvider;
        var targets = new TargetRegistry(time);
        var model = LoadBalancerModelBuilder.Build(config, LoadBalancerModelBuilder.WithTargetInvokers(TargetGroupConnections.Create, options.TargetInvokers), targets);
        var runtime = new AlbRuntime(model);

        services.AddLogging(logging =>
        {
            if (options.LoggerFactory is null)
            {
                AddConsoleLogging(logging, options.LogLevel);
            }
        });
        if (options.LoggerFactory is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(options.LoggerFactory));
        }

        var sinks = new List<IAccessLogSink>(options.AccessLogSinks);
        if (options.AccessLogPath is not null)
        {
            sinks.Add(OpenTextLog("--access-log", options.AccessLogPath));
        }

        // Observability: S3-layout log files, metrics, connection logs (Hosting/Observability.cs).
        var observability = Observability.Create(config, runtime, sinks, time, options.LoggerFactory);
        observability.Metrics.ObserveTargetHealth(targets);

        // AWS WAF (Waf/): web ACLs from the config, changed by the WAFv2 API on the admin endpoint.
        var waf = AlbEmulator.Waf.WafRegistry.FromConfig(config, AwsIdentifiers.DefaultRegion, AwsIdentifiers.DefaultAccountId);
        // The WAF log's file is opened now (a bad path fails the start, as the access log's); its writer is made with the container's logger.
        var wafLogSink = options.WafLogPath is { } wafLogPath ? OpenTextLog("--waf-log", wafLogPath) : null;
        var wafMetrics = new AlbEmulator.Waf.WafMetrics(observability.Metrics.Meter, AwsIdentifiers.DefaultRegion);
        foreach (var group in waf.UnimplementedManagedGroups)
        {
            options.Announce($"AWS WAF: managed rule group {group} has no local rules and matches nothing (docs/waf.md)");
        }

        services.AddSingleton(new AlbEmulatorParts(config, model, waf));
        services.AddSingleton(observability);
        services.AddSingleton(runtime);
        services.AddSingleton(new ControlPlane.Listeners.StartupListenerGate(runtime));
        services.AddSingleton(targets);
        services.AddSingleton(time);
        services.AddSingleton(options);
        services.AddSingleton(new WeightedTargetGroupSelector(new TargetGroupStickinessCookie(), time));
        services.AddSingleton(sp => new AccessLogWriter(sinks, time, sp.GetRequiredService<ILogger<AccessLogWriter>>()));
        services.AddSingleton(new Metrics.RequestMetricsRecorder(observability.Metrics));
        services.AddSingleton(sp => new RequestRecorder(sp.GetRequiredService<AccessLogWriter>(), sp.GetRequiredService<Metrics.RequestMetricsRecorder>(), time, sp.GetRequiredService<WebConsole.RequestTrail>()));
        services.AddSingleton(sp => new WireRejectionHandler(
            runtime,
            sp.GetRequiredService<RequestRecorder>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("AlbEmulator.Diagnostics"),
            options.Diagnostics));
        services.AddHttpForwarder();
        services.AddSingleton<LambdaInvoker>();
        services.AddSingleton<LambdaAction>();

        // The request lifecycle (Pipeline/RequestLifecycle.cs, LIFECYCLE.md): one class per rule action, and
        // the pre-routing and transforms slots (features register IPreRoutingStep / IRequestTransformStep).
        services.AddSingleton<IRuleAction, ForwardAction>();
        services.AddSingleton<IRuleAction, RedirectAction>();
        services.AddSingleton<IRuleAction, FixedResponseAction>();
        services.AddSingleton<IRequestTransformStep, Rules.RuleTransformStep>(); // ACT-40
        services.AddSingleton<RuleActions>();
        services.AddSingleton(new WebConsole.RequestTrail(options.RequestHistory)); // the request explorer's ring (docs/console.md)
        services.AddSingleton(sp => new WebConsole.ConsoleEndpoint(
            () => (runtime.Current.LoadBalancers, runtime.Current.TargetGroups.Values), sp.GetRequiredService<WebConsole.RequestTrail>(), time));
        services.AddSingleton<RequestLifecycle>();
        services.AddSingleton<LambdaHealthCheck>();
        services.AddSingleton<IPreRoutingStep, Desync.InvalidHeaderFieldsStep>(); // HDR-50: first, before authentication and WAF see the headers
        Authentication.AuthenticationServices.Add(services, runtime, time);

        services.AddSingleton(sp => new AlbEmulator.Waf.WafStep(
            waf,
            wafMetrics,
            wafLogSink is null ? null : new AlbEmulator.Waf.WafLogWriter(wafLogSink, time, sp.GetRequiredService<ILogger<AlbEmulator.Waf.WafLogWriter>>()),
            time,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("AlbEmulator.Waf"),
            options.WafFault));
        services.AddSingleton<IPreRoutingStep>(sp => sp.GetRequiredService<AlbEmulator.Waf.WafStep>()); // WAF: before rule matching
        return services;
    }

    /// <summary>
    /// The file (or standard output) of a text log (<c>--access-log</c>, <c>--waf-log</c>); a path that cannot be opened is
    /// a start failure of one line that names the option (the command prints it and exits with 2), not a stack trace.
    /// </summary>
    private static TextAccessLogSink OpenTextLog(string option, string path)
    {
        try
        {
            return new TextAccessLogSink(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ListenerStartException.CannotOpenLog(option, path, e);
        }
    }
}

/// <summary>What <see cref="AlbEmulatorServiceCollectionExtensions.AddAlbEmulator"/> built eagerly for the server to bind: the validated config, the start-up model and the WAF registry.</summary>
public sealed record AlbEmulatorParts(AlbConfig Config, EmulatorModel StartupModel, AlbEmulator.Waf.WafRegistry Waf);
