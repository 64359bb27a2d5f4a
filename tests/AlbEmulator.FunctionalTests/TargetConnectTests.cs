using System.Net;
using System.Net.Sockets;
using System.Text;
using AlbEmulator.Errors;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The target connection itself: a connect that does not complete within 10 s is a 504 (TG-26), and a
/// request that triggers nothing is forwarded untouched, its body streamed rather than buffered.
/// </summary>
public sealed class TargetConnectTests
{
    [Fact]
    public async Task Connect_NotEstablishedWithin10Seconds_504()
    {
        // A listener whose accept backlog is full: the kernel drops further SYNs, so a connect hangs, as
        // to an address that does not answer.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        for (var i = 0; i < 8; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            try
            {
                filler.Connect(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                // In progress.
            }

            fillers.Add(filler);
        }

        try
        {
            await using var env = await AlbTestEnvironment.StartAsync($$"""
                {
                  "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ] } ],
                  "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{port}} } ] } ]
                }
                """);
            await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
            var started = DateTime.UtcNow;
            await connection.SendAsync("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n");
            var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(30));
            var elapsed = DateTime.UtcNow - started;

            Assert.Equal("HTTP/1.1 504 Gateway Time-out", response.StatusLine);
            Assert.Equal(AlbErrorCatalog.Get(AlbError.TargetConnectTimeout).Body, response.Body);
            Assert.InRange(elapsed, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(20));
        }
        finally
        {
            foreach (var filler in fillers)
            {
                filler.Dispose();
            }
        }
    }

    [Fact]
    public async Task Forward_LargeBody_StreamedUntouched()
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ] } ],
              "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """);
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        const int size = 8 * 1024 * 1024;

        await connection.SendAsync($"POST /upload?x=1 HTTP/1.1\r\nHost: a.test\r\nContent-Type: application/octet-stream\r\nX-Custom: Value\r\nContent-Length: {size}\r\n\r\n");
        var chunk = Encoding.ASCII.GetBytes(new string('z', 64 * 1024));
        for (var sent = 0; sent < size; sent += chunk.Length)
        {
            await connection.SendAsync(chunk);
        }

        var echoed = EchoedRequest.Parse((await connection.ReadResponseAsync()).BodyText);
        Assert.Equal(size, echoed.BodyLength);
        Assert.Equal("/upload?x=1", echoed.RawTarget);
        Assert.Equal(size.ToString(), echoed.Header("Content-Length"));
        Assert.Equal("application/octet-stream", echoed.Header("Content-Type"));
        Assert.Equal("Value", echoed.Header("X-Custom"));
        Assert.Null(echoed.Header("Transfer-Encoding"));
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/upload?x=1", StringComparison.Ordinal)));
        Assert.True(long.Parse(line.Raw.Split(' ')[10]) > size, "received_bytes counts the body");
    }
}
