using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Idle HTTP/1.x keep-alive connections are parked after <see cref="Http1FrontEnd.ParkDelay"/> (Kestrel's HTTP layer
/// ends, the socket and TLS session stay open) and served again when the client sends: real Kestrel on loopback, raw
/// sockets and raw TLS, exact bytes. Nothing changes on the wire: the same response bytes as on a connection that never
/// parked, pipelined requests, the same connection (conn_trace_id, client_keep_alive from establishment), the idle
/// timeout's silent close, and a host stop that closes parked connections at once. The park delay is real time (1 s):
/// each test waits, with a deadline, until a connection has parked.
/// </summary>
public sealed class IdleConnectionParkingTests
{
    private const string Request = "GET /p HTTP/1.1\r\nHost: a.test\r\n\r\n";

    private static string Config(string protocol, int port, int idleSeconds = 60) => $$"""
        {
          "LoadBalancer": { "LoadBalancerAttributes": [ { "Key": "idle_timeout.timeout_seconds", "Value": "{{idleSeconds}}" },
                                                        { "Key": "client_keep_alive.seconds", "Value": "3600" } ] },
          "Listeners": [ { "Port": {{port}}, "Protocol": "{{protocol}}",
            "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "parked ok" } } ] } ]
        }
        """;

    [Fact]
    public async Task Http_IdlePastTheParkDelay_SameBytesAsAConnectionThatNeverParked()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow); // timers run in real time
        await using var env = await AlbTestEnvironment.StartAsync(Config("HTTP", 8080), configure: o => o.TimeProvider = clock);
        await using var parked = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await using var fresh = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await parked.SendAsync(Request);
        var first = await parked.ReadResponseAsync();
        await WaitUntilParkedAsync();
        await parked.SendAsync(Request);
        var afterPark = await parked.ReadResponseAsync();
        await fresh.SendAsync(Request);
        var neverParked = await fresh.ReadResponseAsync();

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(Masked(neverParked.Raw), Masked(first.Raw));
        Assert.Equal(Masked(neverParked.Raw), Masked(afterPark.Raw));
        var lines = await Eventually.ValueAsync(() => env.AccessLogLines.Select(AccessLogLine.Parse).ToArray(), l => l.Length == 3, "three access-log lines");
        var byConnection = lines.GroupBy(l => l.ConnTraceId).Select(g => g.Count()).Order().ToArray();
        Assert.Equal([1, 2], byConnection); // the parked connection kept its identity
    }

    [Fact]
    public async Task Http_PipelinedRequestsAfterAPark_BothAnswered()
    {
        await using var env = await AlbTestEnvironment.StartAsync(Config("HTTP", 8080));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync(Request);
        await connection.ReadResponseAsync();
        await WaitUntilParkedAsync();
        await connection.SendAsync(Request + "GET /q HTTP/1.1\r\nHost: a.test\r\n\r\n");
        var second = await connection.ReadResponseAsync();
        var third = await connection.ReadResponseAsync();

        Assert.Equal("parked ok", second.BodyText);
        Assert.Equal("parked ok", third.BodyText);
        await env.WaitForAccessLogAsync(l => l.Contains("/q HTTP/1.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Http_KeepAliveDurationPassedWhileParked_MeasuredFromEstablishment_ConnectionClose()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await AlbTestEnvironment.StartAsync(Config("HTTP", 8080), configure: o => o.TimeProvider = clock);
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync(Request);
        var first = await connection.ReadResponseAsync();
        await WaitUntilParkedAsync();
        clock.Advance(TimeSpan.FromSeconds(3601));
        await connection.SendAsync(Request);
        var second = await connection.ReadResponseAsync();

        Assert.Equal("keep-alive", first.Header("Connection"));
        Assert.Equal("close", second.Header("Connection"));
        Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Http_IdleTimeoutWhileParked_ClosedSilently()
    {
        await using var env = await AlbTestEnvironment.StartAsync(Config("HTTP", 8080, idleSeconds: 2));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(env.Listener(8080).Host, env.Listener(8080).Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.Latin1.GetBytes(Request));
        var response = await ReadResponseAsync(stream);
        var idle = Stopwatch.StartNew();
        var rest = await ReadToEndAsync(stream, TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal);
        Assert.Equal("", rest); // closed with no bytes: ALB's silent close between requests
        Assert.True(idle.Elapsed >= TimeSpan.FromSeconds(1.5), $"closed after {idle.Elapsed}, before the 2 s idle timeout");
    }

    [Fact]
    public async Task Https_IdlePastTheParkDelay_SameTlsSessionServesTheNextRequest()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await AlbTestEnvironment.StartAsync(Config("HTTPS", 8443), configure: o => o.TimeProvider = clock);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(env.Listener(8443).Host, env.Listener(8443).Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "a.test",
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });

        await tls.WriteAsync(Encoding.Latin1.GetBytes(Request));
        var first = await ReadResponseAsync(tls);
        await WaitUntilParkedAsync();
        await tls.WriteAsync(Encoding.Latin1.GetBytes(Request));
        var afterPark = await ReadResponseAsync(tls);
        // Part of a head, then the rest after the park delay: a read that began with bytes received is not parked.
        await tls.WriteAsync(Encoding.Latin1.GetBytes(Request[..10]));
        await WaitUntilParkedAsync(expectPark: false);
        await tls.WriteAsync(Encoding.Latin1.GetBytes(Request[10..]));
        var split = await ReadResponseAsync(tls);

        Assert.StartsWith("HTTP/1.1 200 ", first, StringComparison.Ordinal);
        Assert.Equal(Masked(first), Masked(afterPark));
        Assert.Equal(Masked(first), Masked(split));
    }

    [Fact]
    public async Task HostStopWhileParked_ConnectionClosedAtOnce()
    {
        var env = await AlbTestEnvironment.StartAsync(Config("HTTP", 8080));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync(Request);
        await connection.ReadResponseAsync();
        await WaitUntilParkedAsync();

        var stopping = Stopwatch.StartNew();
        await env.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(10)));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stop took {stopping.Elapsed} with a parked connection");
    }

    /// <summary>
    /// Waits past the park delay (real time) until a connection has parked since the wait began. Tests in parallel park
    /// connections too, so the time is waited for as well: this test's connection has been idle long enough to park.
    /// </summary>
    private static async Task WaitUntilParkedAsync(bool expectPark = true)
    {
        var before = Interlocked.Read(ref Http1FrontEnd.ParkCount);
        var waited = Stopwatch.StartNew();
        var enough = Http1FrontEnd.ParkDelay * 2;
        await Eventually.UntilAsync(() => waited.Elapsed > enough && (!expectPark || Interlocked.Read(ref Http1FrontEnd.ParkCount) > before), "a connection parked");
    }

    /// <summary>The response with its Date header's value masked (Kestrel's clock, which moves on while the test waits).</summary>
    private static string Masked(string response) => System.Text.RegularExpressions.Regex.Replace(response, "\r\nDate: [^\r]*", "\r\nDate: (masked)");

    private static async Task<string> ReadResponseAsync(Stream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var s = text.ToString();
            var end = s.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = int.Parse(s.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))[15..].Trim());
                if (s.Length >= end + 4 + length)
                {
                    return s;
                }
            }

            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new EndOfStreamException("closed before a complete response: " + s);
            }

            text.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
    }

    private static async Task<string> ReadToEndAsync(Stream stream, TimeSpan timeout)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                text.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // A reset also ends the connection; the bytes before it count.
        }

        return text.ToString();
    }
}
