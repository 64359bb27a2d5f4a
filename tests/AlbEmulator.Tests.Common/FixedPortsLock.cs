using System.Net;
using System.Net.Sockets;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// Holds a machine-wide lock (an exclusive lock on a file in the temp directory, which .NET takes with flock) for
/// the collection's tests (FunctionalTests' FixedPorts collection, the AOT binary's embedded-default test), then waits, with a deadline, until 8080 and 8081 are free: another test run of this
/// repository (another checkout, another CI job) takes the same lock, so two runs never race for the ports, and a
/// port held by anything else is named in the failure instead of surfacing as a bind error in the middle of a test.
/// </summary>
public sealed class FixedPortsLock : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private FileStream? _lock;

    public async Task InitializeAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "albemulator-fixed-ports.lock");
        _lock = await Eventually.ValueAsync(() => TryLock(path), held => held is not null, $"the machine-wide lock {path} (another test run binds 8080/8081)", Deadline);
        foreach (var port in new[] { 8080, 8081 })
        {
            await Eventually.UntilAsync(() => IsFree(port), $"port {port} on 127.0.0.1 to be free (another process holds it)", Deadline);
        }
    }

    public Task DisposeAsync()
    {
        _lock?.Dispose();
        return Task.CompletedTask;
    }

    private static FileStream? TryLock(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsFree(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
