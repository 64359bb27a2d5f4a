using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// A program run the way a user runs it (the real <c>alb-emulator</c>, or a wrapper such as <c>setpriv</c> running it),
/// both outputs captured line by line; killed on dispose if it still runs.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private HostProcess(Process process) => Process = process;

    public Process Process { get; }

    public ConcurrentQueue<string> Stdout { get; } = new();

    public ConcurrentQueue<string> Stderr { get; } = new();

    /// <summary>Both outputs, stdout first.</summary>
    public IEnumerable<string> Output => Stdout.Concat(Stderr);

    public static HostProcess Start(string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var host = new HostProcess(new Process { StartInfo = ExternalProcess.StartInfo(program, arguments, workingDirectory, environment) });
        host.Process.OutputDataReceived += (_, e) => { if (e.Data is not null) { host.Stdout.Enqueue(e.Data); } };
        host.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { host.Stderr.Enqueue(e.Data); } };
        host.Process.Start();
        host.Process.BeginOutputReadLine();
        host.Process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Sends SIGTERM (what a container engine or a service manager sends to stop it).</summary>
    public async Task TerminateAsync()
    {
        var (exitCode, _, error) = await ExternalProcess.RunAsync("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)], Path.GetTempPath(), TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, error);
    }

    /// <summary>
    /// Sends SIGTERM with the kill system call, at once: no <c>kill</c> process is started first (under load that takes
    /// long enough for the program to move on, which a test of the moment of the signal cannot afford).
    /// </summary>
    public void TerminateNow()
    {
        Assert.True(Kill(Process.Id, SigTerm) == 0, $"kill({Process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Waits for the exit (and for both outputs to be read to their end); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await Process.WaitForExitAsync().WaitAsync(timeout);
        Process.WaitForExit();
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}
