using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AlbEmulator.Forwarding.Http1;
using AlbEmulator.Limits;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Forwarding.Http1;

/// <summary>
/// The read buffer of a pooled target connection exists only during an exchange (issue 22: the idle connections kept
/// after a connection storm hold no buffers): rented for the first read or the read-ahead, given back when the
/// connection goes idle, never given back to the pool while a read may still write into it. A real loopback socket
/// stands for the target.
/// </summary>
public sealed class Http1TargetConnectionTests : IAsyncLifetime
{
    private const string Small = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Http1TargetPool _pool = new(TimeSpan.FromMinutes(5));
    private Http1TargetPool.Endpoint _endpoint = null!;
    private Socket _target = null!;
    private Http1TargetConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _listener.Start();
        _endpoint = _pool.Get($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/", null);
        var accept = _listener.AcceptSocketAsync();
        _connection = await _endpoint.ConnectAsync(CancellationToken.None);
        _target = await accept;
    }

    public Task DisposeAsync()
    {
        _connection.Dispose();
        _target.Dispose();
        _pool.Dispose();
        _listener.Stop();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task IdleConnection_HoldsNoBuffer_EachExchangeRentsOne()
    {
        Assert.False(_connection.HasBuffer);

        Assert.Equal(Small, await ExchangeAsync(Small));
        Assert.True(_connection.HasBuffer);
        Assert.Equal(Http1TargetConnection.BufferSize, _connection.Buffer.Length);
        _connection.Release(reusable: true);
        Assert.False(_connection.HasBuffer);
        Assert.False(_connection.Head.HasBuffers);

        Assert.Same(_connection, _endpoint.TakeIdle());
        Assert.True(_connection.HasBuffer); // the read-ahead reads into it
        Assert.Equal(Small, await ExchangeAsync(Small));
        _connection.Release(reusable: true);
        Assert.False(_connection.HasBuffer);
    }

    [Fact]
    public async Task ResponseHeadOver16K_ThenSmallOne_OnTheSameConnection()
    {
        var large = "HTTP/1.1 200 OK\r\nX-Large: " + new string('x', 20_000) + "\r\nContent-Length: 0\r\n\r\n";

        Assert.Equal(large, await ExchangeAsync(large));
        Assert.True(_connection.Buffer.Length > Http1TargetConnection.BufferSize);
        _connection.Release(reusable: true);
        Assert.False(_connection.HasBuffer);

        Assert.Same(_connection, _endpoint.TakeIdle());
        Assert.Equal(Small, await ExchangeAsync(Small));
        Assert.Equal(Http1TargetConnection.BufferSize, _connection.Buffer.Length);
        _connection.Release(reusable: true);
        Assert.False(_connection.HasBuffer);
    }

    [Fact]
    public async Task TargetClosesIdleConnection_NotReused()
    {
        await ExchangeAsync(Small);
        _connection.Release(reusable: true);

        _target.Close();
        var socket = ((NetworkStream)_connection.Stream).Socket;
        await Eventually.UntilAsync(() => socket.Poll(0, SelectMode.SelectRead), "the target's FIN to arrive");

        Assert.Null(_endpoint.TakeIdle());
        Assert.True(_connection.Disposed);
        Assert.False(_connection.HasBuffer);
    }

    [Fact]
    public async Task ExchangeEnded_BufferGoesBackToThePool()
    {
        await ExchangeAsync(Small);
        var buffer = _connection.Buffer;

        _connection.Release(reusable: true);

        // The shared pool hands the array just given back on this thread out first.
        var rented = ArrayPool<byte>.Shared.Rent(Http1TargetConnection.BufferSize);
        ArrayPool<byte>.Shared.Return(rented);
        Assert.Same(buffer, rented);
    }

    [Fact]
    public async Task ReadAheadStillPending_BufferIsNotGivenBackToThePool()
    {
        await ExchangeAsync(Small);
        _connection.Release(reusable: true);
        Assert.Same(_connection, _endpoint.TakeIdle());
        var buffer = _connection.Buffer;

        // The exchange fails before reading the response (say the request body): the read-ahead nobody awaited may
        // still complete into the array.
        _connection.BeginExchange(TimeSpan.FromMinutes(1), CancellationToken.None, CancellationToken.None);
        _connection.Release(reusable: false);

        Assert.False(_connection.HasBuffer);
        var rented = ArrayPool<byte>.Shared.Rent(Http1TargetConnection.BufferSize);
        ArrayPool<byte>.Shared.Return(rented);
        Assert.NotSame(buffer, rented);
    }

    /// <summary>One exchange: the target sends <paramref name="response"/>; the head read as the forwarder reads it.</summary>
    private async Task<string> ExchangeAsync(string response)
    {
        _connection.BeginExchange(TimeSpan.FromMinutes(1), CancellationToken.None, CancellationToken.None);
        _connection.Head.Start("GET", "/", downgrade: false, "a.test");
        _connection.Head.Finish(hasBody: false, "GET", out _);
        await _connection.Stream.WriteAsync(_connection.Head.Written);
        await _target.SendAsync(Encoding.Latin1.GetBytes(response));
        while (true)
        {
            var end = _connection.Buffer.AsSpan(_connection.Start, _connection.Available).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Encoding.Latin1.GetString(_connection.Buffer, _connection.Start, end + 4);
                _connection.Start += end + 4;
                return head;
            }

            Assert.True(await _connection.FillAsync(AlbLimits.MaxResponseHeaderBytes + 4));
        }
    }
}
