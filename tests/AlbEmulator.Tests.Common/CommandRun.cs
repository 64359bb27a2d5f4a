using System.Collections.Concurrent;
using System.Net;
using AlbEmulator.Hosting;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// <c>alb-emulator</c> run in-process through <see cref="AlbEmulatorCommand"/> (what the executable does), for tests of the
/// command line: started with the given arguments, stopped (and its exit code checked) on dispose.
/// </summary>
public sealed class CommandRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping;
    private readonly Task<int> _run;
    private readonly ConcurrentQueue<string> _accessLog = new();

    private CommandRun(CancellationTokenSource stopping, Task<int> run, AlbEmulatorServer server, StringWriter error)
    {
        _stopping = stopping;
        _run = run;
        Server = server;
        Error = error;
        server.AccessLog.LineWritten += _accessLog.Enqueue;
    }

    public AlbEmulatorServer Server { get; }

    public StringWriter Error { get; }

    /// <summary>Starts the command; the admin endpoint takes an ephemeral port unless <paramref name="args"/> names one.</summary>
    public static async Task<CommandRun> StartAsync(params string[] args)
    {
        args = args.Contains("--admin-url") ? args : [.. args, "--admin-url", "http://127.0.0.1:0"];
        var started = new TaskCompletionSource<AlbEmulatorServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var error = new StringWriter();
        var output = TextWriter.Synchronized(new StringWriter());
        var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var task = AlbEmulatorCommand.RunAsync(args, output, TextWriter.Synchronized(error), stopping.Token, server => started.TrySetResult(server));
        var finished = await Task.WhenAny(started.Task, task);
        Assert.True(finished == started.Task, "the emulator did not start: " + error);
        return new CommandRun(stopping, task, await started.Task, error);
    }

    /// <summary>A client of the listener on <paramref name="port"/> (HTTPS: any certificate), redirects not followed.</summary>
    public HttpClient Client(int port) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } })
        {
            BaseAddress = Server.ListenerUri(port),
        };

    /// <summary>A client of the listener on <paramref name="port"/> that presents <paramref name="certificate"/> (mutual TLS).</summary>
    public HttpClient Client(int port, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
            },
        })
        {
            BaseAddress = Server.ListenerUri(port),
        };

    /// <summary>The first access-log line that satisfies <paramref name="predicate"/>, polled with a deadline.</summary>
    public async Task<AccessLogLine> WaitForAccessLogAsync(Func<AccessLogLine, bool> predicate, string what)
    {
        var lines = await Eventually.ValueAsync(() => _accessLog.ToArray(), all => all.Any(l => predicate(AccessLogLine.Parse(l))), "an access-log line for " + what);
        return lines.Select(AccessLogLine.Parse).First(predicate);
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Assert.Equal(0, await _run);
        _stopping.Dispose();
    }
}
