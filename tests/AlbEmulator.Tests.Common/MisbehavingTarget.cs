using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AlbEmulator.Tests.Common;

/// <summary>How a <see cref="MisbehavingTarget"/> treats each request.</summary>
public enum TargetMisbehaviour
{
    /// <summary>Reads the request, then resets the connection (RST).</summary>
    Reset,

    /// <summary>Sends a head declaring 100 body bytes, 3 bytes, then closes (FIN).</summary>
    CloseMidResponse,

    /// <summary>Sends a head declaring 100 body bytes, 3 bytes, then nothing more (keeps the connection open).</summary>
    LieAboutContentLength,

    /// <summary>Reads the request and never answers.</summary>
    Stall,

    /// <summary>Answers with bytes that are not HTTP.</summary>
    Malformed,

    /// <summary>Answers with a 40 K response header block (ALB's limit is 32 K).</summary>
    HugeResponseHeaders,
}

/// <summary>
/// A real target on 127.0.0.1 that misbehaves on the wire the way broken backends do — not a mock: the
/// emulator sees real resets, closes and stalls.
/// </summary>
public sealed class MisbehavingTarget : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = [];
    private readonly Task _loop;

    public MisbehavingTarget(TargetMisbehaviour behaviour)
    {
        Behaviour = behaviour;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public TargetMisbehaviour Behaviour { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>A port on which nothing listens (connection refused).</summary>
    public static int RefusingPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            await ReadHeadAsync(stream);
            switch (Behaviour)
            {
                case TargetMisbehaviour.Reset:
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Close();
                    return;
                case TargetMisbehaviour.CloseMidResponse:
                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"u8.ToArray());
                    client.Close();
                    return;
                case TargetMisbehaviour.LieAboutContentLength:
                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"u8.ToArray());
                    Hold(client);
                    return;
                case TargetMisbehaviour.Stall:
                    Hold(client);
                    return;
                case TargetMisbehaviour.Malformed:
                    await stream.WriteAsync("this is not http at all\r\n\r\n"u8.ToArray());
                    client.Close();
                    return;
                case TargetMisbehaviour.HugeResponseHeaders:
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nX-Big: {new string('b', 40 * 1024)}\r\nContent-Length: 0\r\n\r\n"));
                    Hold(client);
                    return;
            }
        }
        catch (IOException)
        {
            client.Dispose();
        }
    }

    private void Hold(TcpClient client)
    {
        lock (_held)
        {
            _held.Add(client);
        }
    }

    private static async Task ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        var seen = new List<byte>();
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            seen.AddRange(buffer.AsSpan(0, read).ToArray());
            if (Encoding.Latin1.GetString(seen.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            foreach (var client in _held)
            {
                client.Dispose();
            }
        }

        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
