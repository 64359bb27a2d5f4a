using AlbEmulator.Configuration;
using AlbEmulator.Configuration.CloudFormation;
using AlbEmulator.EchoTarget;
using AlbEmulator.Listeners;
using AlbEmulator.Logging;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Hosting;

/// <summary>
/// What <c>alb-emulator</c> does (config-format.md §1): load and validate the config (or the embedded
/// default), report every error and exit 2, or start the listeners and run until stopped.
/// </summary>
public static class AlbEmulatorCommand
{
    public const int ExitOk = 0;
    public const int ExitInvalid = 2;

    /// <summary>The one line written when a stop (Ctrl-C, SIGTERM) arrives before start-up finished; the exit code is still 0.</summary>
    public const string StoppedWhileStarting = "Stopped (Ctrl-C or SIGTERM) while starting: nothing is left listening.";

    /// <summary>Looked for in the working directory, in this order, when there is no <c>--config</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultConfigFiles = ["alb.json", "alb.yaml", "alb.yml"];

    /// <summary>
    /// Runs the command line. <paramref name="stopping"/> ends the run (Ctrl-C / SIGTERM); returns the exit code.
    /// <paramref name="loggerFactory"/> is the application log (the Host passes Serilog's); null: a console logger.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken stopping, Action<AlbEmulatorServer>? started = null, ILoggerFactory? loggerFactory = null)
    {
        var commandLine = CommandLine.Parse(args);
        if (commandLine.Help)
        {
            await output.WriteLineAsync(CommandLine.Usage);
            return ExitOk;
        }

        if (commandLine.Version)
        {
            await output.WriteLineAsync("alb-emulator " + AlbEmulatorVersion.Current);
            return ExitOk;
        }

        if (commandLine.Errors.Count > 0)
        {
            foreach (var message in commandLine.Errors)
            {
                await error.WriteLineAsync(message);
            }

            await error.WriteLineAsync(CommandLine.Usage);
            return ExitInvalid;
        }

        var configPath = commandLine.ConfigPath ?? DefaultConfigFiles.FirstOrDefault(File.Exists);
        EchoTargetServer? echo = null;
        try
        {
            ConfigReadResult read;
            string source;
            TemplateTranslation? template = null;
            if (configPath is not null && DefinitionFile.ReadImported(configPath, commandLine.OverridesPath, commandLine.Parameters) is { } imported)
            {
                template = imported;
                read = template.Read;
                source = DefinitionFile.Describe(configPath);
            }
            else if (configPath is not null)
            {
                read = AlbConfigReader.ReadFile(configPath);
                source = Path.GetFullPath(configPath);
            }
            else
            {
                echo = commandLine.Validate ? null : await EchoTargetServer.StartAsync(stopping);
                read = EmbeddedDefaultConfig.Create(echo?.Port ?? 1, Directory.GetCurrentDirectory());
                source = "the embedded default";
            }

            var errors = AlbConfigValidator.Validate(read);
            if (template is not null && (commandLine.Validate || errors.Count > 0))
            {
                await TemplateReport.WriteAsync(template, output);
            }

            if (errors.Count > 0)
            {
                await error.WriteLineAsync($"The configuration in {source} is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):");
                foreach (var problem in errors)
                {
                    await error.WriteLineAsync("  " + problem);
                }

                // Also in the application log (a --log-file keeps them).
                var configLogger = loggerFactory?.CreateLogger(AlbLog.Category);
                foreach (var problem in configLogger is null ? [] : errors)
                {
                    AlbLog.LogConfigProblem(configLogger!, source, problem.ToString());
                }

                return ExitInvalid;
            }

            if (commandLine.Validate)
            {
                await output.WriteLineAsync($"The configuration in {source} is valid.");
                return ExitOk;
            }

            // With the access log on stdout (--access-log -) stdout carries access-log lines only: the banner goes to stderr.
            var banner = commandLine.AccessLogPath == "-" ? error : output;
            var options = new AlbEmulatorOptions
            {
                BindAddress = commandLine.BindAddress,
                AdminUrl = commandLine.AdminUrl,
                AccessLogPath = commandLine.AccessLogPath,
                // A template or plan is watched with its overrides file and re-translated on every edit.
                ConfigFilePath = configPath is null ? null : Path.GetFullPath(configPath),
                OverridesFilePath = template is null || commandLine.OverridesPath is null ? null : Path.GetFullPath(commandLine.OverridesPath),
                TemplateParameters = commandLine.Parameters,
                Diagnostics = commandLine.Diagnostics,
                RequestHistory = commandLine.RequestHistory ?? WebConsole.RequestTrail.DefaultCapacity,
                GeneratedCertificates = new Listeners.GeneratedCertificateOptions { Directory = commandLine.CertificateDirectory, ExtraNames = commandLine.CertificateNames },
                AdminCredentials = commandLine.AdminCredentials,
                WafLogPath = commandLine.WafLogPath,
                WafFault = commandLine.WafFault,
                Announce = line => banner.WriteLine(line),
                LoggerFactory = loggerFactory,
                LogLevel = commandLine.LogLevel,
                InlineHttpScheduling = commandLine.InlineHttpScheduling,
            };

            AlbEmulatorServer server;
            try
            {
                server = await AlbEmulatorServer.StartAsync(read.Config!, options, stopping);
            }
            catch (ListenerStartException e)
            {
                await error.WriteLineAsync(e.Message);
                return ExitInvalid;
            }

            await using (server)
            {
                var running = server.Runtime.Current.LoadBalancers;
                await banner.WriteLineAsync($"AlbEmulator {AlbEmulatorVersion.Current} is running {source} as {(running.Count == 0 ? "no load balancer yet" : string.Join(", ", running.Select(lb => lb.Identifiers.LoadBalancerFullName)))}:");
                foreach (var lb in running)
                {
                    foreach (var listener in lb.Listeners)
                    {
                        var owner = running.Count > 1 ? $" ({lb.Identifiers.LoadBalancerName})" : "";
                        await banner.WriteLineAsync($"  listener {listener.Protocol} {listener.Port}{owner} -> {server.ListenerUri(listener.Port)}");
                    }
                }

                if (echo is not null)
                {
                    await banner.WriteLineAsync($"  target group 'echo' -> built-in echo target on 127.0.0.1:{echo.Port}");
                }

                if (server.AdminUri is { } admin)
                {
                    await banner.WriteLineAsync($"  admin endpoint {admin}: UI {admin}, ELBv2 API POST {admin} (aws --endpoint-url {admin.ToString().TrimEnd('/')}), metrics {admin}metrics, targets {admin}targets, liveness {admin}healthz");
                }

                await banner.WriteLineAsync(commandLine.AccessLogPath is null ? "  access log: off (use --access-log - to print it)" : $"  access log: {(commandLine.AccessLogPath == "-" ? "stdout" : Path.GetFullPath(commandLine.AccessLogPath))}");
                await banner.WriteLineAsync("Press Ctrl-C to stop.");
                started?.Invoke(server);
                try
                {
                    await Task.Delay(Timeout.Infinite, stopping);
                }
                catch (OperationCanceledException)
                {
                    // Stop requested: in-flight requests finish, the access log is flushed on dispose.
                }
            }

            return ExitOk;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // A stop requested while the echo target or the listeners were still starting is a normal end, not a crash.
            await error.WriteLineAsync(StoppedWhileStarting);
            return ExitOk;
        }
        finally
        {
            if (echo is not null)
            {
                await echo.DisposeAsync();
            }
        }
    }
}
