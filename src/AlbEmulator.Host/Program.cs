using AlbEmulator.Hosting;

// alb-emulator: a thin shell over AlbEmulatorCommand (all behaviour lives in src/AlbEmulator).
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

return await AlbEmulatorCommand.RunAsync(args, Console.Out, Console.Error, stopping.Token);
