using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// A target that records the exact request heads it receives (name case, order) and answers each with
/// <c>200</c> and a short body; keep-alive, so connection reuse can be observed.
/// </summary>
public sealed class RawCaptureTarget : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    public RawCaptureTarget()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Extra response header lines (each ending in CRLF, written as Latin-1) added to every answer.</summary>
    public string ExtraResponseHeaders { get; init; } = "";

    /// <summary>Every request head received, with the number of the connection it came on.</summary>
    public ConcurrentQueue<(int Connection, string Head)> Requests { get; } = new();

    /// <summary>Request heads other than health checks (User-Agent ELB-HealthChecker/2.0).</summary>
    public IEnumerable<(int Connection, string Head)> TrafficRequests => Requests.Where(r => !r.Head.Contains("ELB-HealthChecker", StringComparison.Ordinal));

    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var id = Interlocked.Increment(ref _connections);
                _ = Task.Run(() => ServeAsync(client, id));
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient client, int id)
    {
        using (client)
        {
            var stream = client.GetStream();
            var pending = new List<byte>();
            var buffer = new byte[8192];
            while (true)
            {
                int end;
                while ((end = Encoding.Latin1.GetString(pending.ToArray()).IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        return;
                    }

                    pending.AddRange(buffer.AsSpan(0, read).ToArray());
                }

                var head = Encoding.Latin1.GetString(pending.GetRange(0, end + 4).ToArray());
                pending.RemoveRange(0, end + 4);
                var length = head.Split("\r\n").Where(l => l.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l[15..].Trim())).FirstOrDefault();
                while (pending.Count < length)
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        return;
                    }

                    pending.AddRange(buffer.AsSpan(0, read).ToArray());
                }

                pending.RemoveRange(0, length);
                Requests.Enqueue((id, head));
                await stream.WriteAsync(Encoding.Latin1.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n{ExtraResponseHeaders}Content-Length: 2\r\n\r\nok"));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
