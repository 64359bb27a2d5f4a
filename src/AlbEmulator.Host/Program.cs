using AlbEmulator.Host;
using AlbEmulator.Hosting;
using AlbEmulator.Listeners;

// alb-emulator: a thin shell over AlbEmulatorCommand (all behaviour lives in src/AlbEmulator). The Host
// adds what the library leaves out: Serilog for the application log and the OTLP metrics exporter.
// Socket continuations run on the epoll thread instead of hopping to the thread pool (+7-12 % req/s
// measured here, docs/performance.md). Read once when the socket engine starts, so it is set before any
// socket exists; an explicit DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS (e.g. 0) wins. Safe because
// nothing on the data path blocks a thread (logs are batched on a background loop).
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

// Stop requests are taken first, before anything else runs: a SIGTERM or Ctrl-C while starting ends the run
// with one line and exit code 0 (AlbEmulatorCommand.StoppedWhileStarting). SIGTERM is registered first: it is
// the one the process test (StopWhileStartingTests) sends once the runtime's signal handling is up.
using var stopping = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

// Memory goes back after a burst of traffic once the process is idle (Hosting/IdleMemoryTrimmer, docs/performance.md).
using var trimmer = IdleMemoryTrimmer.Start();

var commandLine = CommandLine.Parse(args);

// A --log-file that cannot be opened is one line and exit 2, as for --access-log and --waf-log: Serilog's file sink
// would otherwise drop every event without a word.
if (commandLine.Errors.Count == 0 && !commandLine.Help && !commandLine.Version && commandLine.LogFile is { } logFile && HostLogging.CannotOpen(logFile) is { } problem)
{
    await Console.Error.WriteLineAsync(ListenerStartException.CannotOpenLog("--log-file", logFile, problem).Message);
    return 2;
}

await using var logger = HostLogging.CreateLogger(commandLine.Errors.Count == 0 ? commandLine.LogFile : null, commandLine.LogLevel, allToStandardError: commandLine.AccessLogPath == "-");
using var loggerFactory = HostLogging.CreateFactory(logger);
using var meterProvider = commandLine.Errors.Count == 0 && !commandLine.Help && !commandLine.Validate ? HostMetrics.Start(commandLine.OtlpEndpoint) : null;
return await AlbEmulatorCommand.RunAsync(args, Console.Out, Console.Error, stopping.Token, loggerFactory: loggerFactory);
