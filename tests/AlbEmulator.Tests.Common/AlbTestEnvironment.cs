using System.Collections.Concurrent;
using System.Net;
using AlbEmulator.Configuration;
using AlbEmulator.Hosting;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// Starts AlbEmulator on real Kestrel, every listener on 127.0.0.1 with an ephemeral port, from a JSON
/// config (validated first: a test config with mistakes fails loudly). Captures every access-log line.
/// </summary>
public sealed class AlbTestEnvironment : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _accessLog = new();

    private AlbTestEnvironment(AlbEmulatorServer server)
    {
        Server = server;
        server.AccessLog.LineWritten += _accessLog.Enqueue;
    }

    public AlbEmulatorServer Server { get; }

    public IReadOnlyCollection<string> AccessLogLines => _accessLog;

    public static async Task<AlbTestEnvironment> StartAsync(string configJson, string? baseDirectory = null, Action<AlbEmulatorOptions>? configure = null)
    {
        var read = AlbConfigReader.ReadJson(configJson, baseDirectory ?? Directory.GetCurrentDirectory());
        var errors = read.Errors.Count > 0 || read.Config is null ? read.Errors : AlbConfigValidator.Validate(read.Config);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Test config is invalid:\n" + string.Join("\n", errors));
        }

        var options = new AlbEmulatorOptions
        {
            BindAddress = IPAddress.Loopback,
            AdminUrl = new Uri("http://127.0.0.1:0"),
            ListenerPortOverride = _ => 0,
            LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)),
            Announce = _ => { },
        };
        configure?.Invoke(options);
        var server = await AlbEmulatorServer.StartAsync(read.Config!, options);
        return new AlbTestEnvironment(server);
    }

    /// <summary>The client-facing URL of the listener configured on <paramref name="port"/>.</summary>
    public Uri Listener(int port) => Server.ListenerUri(port);

    /// <summary>An HttpClient that talks to one listener (HTTPS: any certificate accepted; cookies off).</summary>
    public HttpClient CreateClient(int port, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        var client = new HttpClient(handler) { BaseAddress = Listener(port), Timeout = TimeSpan.FromSeconds(30) };
        if (version is not null)
        {
            client.DefaultRequestVersion = version;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        return client;
    }

    /// <summary>Polls (with a deadline, no fixed sleep) until an access-log line satisfies <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForAccessLogAsync(Func<string, bool> predicate, TimeSpan? timeout = null, int skip = 0)
    {
        var lines = await Eventually.ValueAsync(() => _accessLog.ToArray(), all => all.Skip(skip).Any(predicate), "a matching access-log line", timeout);
        return lines.Skip(skip).First(predicate);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
