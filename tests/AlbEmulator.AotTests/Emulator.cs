using System.Net;
using System.Text.RegularExpressions;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.AotTests;

/// <summary>
/// One <c>alb-emulator</c> process (the AOT binary or the JIT build), started the way a user starts it and stopped with
/// SIGTERM: ready once it printed its banner; the admin endpoint on an ephemeral port unless the arguments name one.
/// </summary>
internal sealed partial class Emulator : IAsyncDisposable
{
    private readonly HostProcess _host;

    private Emulator(HostProcess host, Uri admin)
    {
        _host = host;
        Admin = admin;
    }

    /// <summary>The admin endpoint (console, ELBv2 API, identity provider).</summary>
    public Uri Admin { get; }

    public IEnumerable<string> Stdout => _host.Stdout;

    public IEnumerable<string> Stderr => _host.Stderr;

    public static Task<Emulator> StartAotAsync(AotBinary aot, string directory, params string[] args) => StartAsync(aot.Executable, [], directory, args);

    public static Task<Emulator> StartJitAsync(string directory, params string[] args) => StartAsync(AotBinary.Jit.Program, AotBinary.Jit.Arguments, directory, args);

    private static async Task<Emulator> StartAsync(string program, string[] prefix, string directory, string[] args)
    {
        var host = HostProcess.Start(program, [.. prefix, .. args, .. args.Contains("--admin-url") ? Array.Empty<string>() : ["--admin-url", "http://127.0.0.1:0"]], directory);
        try
        {
            await Eventually.UntilAsync(() => host.Output.Any(l => l == "Press Ctrl-C to stop.") || host.Process.HasExited, "the banner", TimeSpan.FromSeconds(60));
            if (host.Process.HasExited)
            {
                Assert.Fail($"{program} exited ({host.Process.ExitCode}):\n{string.Join('\n', host.Output)}");
            }

            var admin = host.Output.Select(l => AdminLine().Match(l)).First(m => m.Success).Groups[1].Value;
            return new Emulator(host, new Uri(admin));
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>A client of the admin endpoint.</summary>
    public HttpClient AdminClient() => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = Admin };

    /// <summary>A client of a listener (HTTPS: any certificate), redirects not followed; with <paramref name="cookies"/>, a browser's session.</summary>
    public static HttpClient Client(string scheme, int port, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        })
        {
            BaseAddress = new Uri($"{scheme}://127.0.0.1:{port}"),
        };

    /// <summary>Stops it with SIGTERM, as a container engine does, and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _host.TerminateAsync();
        return await _host.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public ValueTask DisposeAsync()
    {
        _host.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"^  admin endpoint (\S+): UI ")]
    private static partial Regex AdminLine();
}
