using AlbEmulator.Host;
using AlbEmulator.Hosting;

// alb-emulator: a thin shell over AlbEmulatorCommand (all behaviour lives in src/AlbEmulator). The Host
// adds what the library leaves out: Serilog for the application log and the OTLP metrics exporter.
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});

var commandLine = CommandLine.Parse(args);
await using var logger = HostLogging.CreateLogger(commandLine.Errors.Count == 0 ? commandLine.LogFile : null);
using var loggerFactory = HostLogging.CreateFactory(logger);
using var meterProvider = commandLine.Errors.Count == 0 && !commandLine.Help && !commandLine.Validate ? HostMetrics.Start(commandLine.OtlpEndpoint) : null;
return await AlbEmulatorCommand.RunAsync(args, Console.Out, Console.Error, stopping.Token, loggerFactory: loggerFactory);
