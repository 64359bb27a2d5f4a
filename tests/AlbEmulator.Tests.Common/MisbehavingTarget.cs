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

    /// <summary>Answers the first request on each connection (keep-alive), reads the second and closes (FIN) without answering.</summary>
    AnswerFirstThenClose,

    /// <summary>Answers the first request on each connection (keep-alive), reads the second and resets (RST) without answering.</summary>
    AnswerFirstThenReset,

    /// <summary>
    /// A keep-alive timeout of <see cref="MisbehavingTarget.KeepAlive"/> across a network with a one-way latency of
    /// <see cref="MisbehavingTarget.Latency"/>: a request that arrives more than KeepAlive after the previous
    /// response crossed the target's FIN in flight and is dropped (connection closed, no answer); with no
    /// request for KeepAlive + Latency the idle connection is closed (the FIN reaches the load balancer in time).
    /// </summary>
    KeepAliveRace,

    /// <summary>Accepts TCP and answers the TLS ClientHello with bytes that are not TLS.</summary>
    NotTls,

    /// <summary>Accepts TCP and never answers the TLS ClientHello.</summary>
    TlsStall,

    /// <summary>
    /// An h2c target that answers health checks (a HEADERS frame naming <c>/hc</c>) with 200 and closes the
    /// connection (FIN) on any other request, with the stream outstanding.
    /// </summary>
    Http2CloseOnRequest,

    /// <summary>As <see cref="Http2CloseOnRequest"/>, but any other request's stream is reset with RST_STREAM(REFUSED_STREAM); the connection stays open.</summary>
    Http2RefuseStream,

    /// <summary>
    /// As <see cref="Http2CloseOnRequest"/>, but any other request gets a GOAWAY(NO_ERROR) whose last-stream-id is
    /// just below its stream (a graceful shutdown that did not take the stream); the connection stays open.
    /// </summary>
    Http2GoAwayBelowStream,
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

    /// <summary>The target's keep-alive timeout (<see cref="TargetMisbehaviour.KeepAliveRace"/>).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Simulated one-way network latency (<see cref="TargetMisbehaviour.KeepAliveRace"/>).</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Complete request heads the target received (a resent request counts twice).</summary>
    public int RequestsSeen => Volatile.Read(ref _requestsSeen);

    /// <summary>Requests the target received and dropped without answering.</summary>
    public int RequestsDropped => Volatile.Read(ref _requestsDropped);

    /// <summary>TCP connections accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private int _requestsSeen;
    private int _requestsDropped;
    private int _connections;

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

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            switch (Behaviour)
            {
                case TargetMisbehaviour.NotTls:
                    _ = await stream.ReadAsync(new byte[4096]);
                    await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
                    client.Close();
                    return;
                case TargetMisbehaviour.TlsStall:
                    Hold(client);
                    return;
                case TargetMisbehaviour.Http2CloseOnRequest or TargetMisbehaviour.Http2RefuseStream or TargetMisbehaviour.Http2GoAwayBelowStream:
                    await ServeHttp2Async(client, stream);
                    return;
            }

            if (!await ReadHeadAsync(stream))
            {
                client.Dispose();
                return;
            }

            switch (Behaviour)
            {
                case TargetMisbehaviour.AnswerFirstThenClose:
                case TargetMisbehaviour.AnswerFirstThenReset:
                    await stream.WriteAsync(OkResponse);
                    if (await ReadHeadAsync(stream))
                    {
                        Interlocked.Increment(ref _requestsDropped);
                    }

                    if (Behaviour == TargetMisbehaviour.AnswerFirstThenReset)
                    {
                        client.Client.LingerState = new LingerOption(true, 0);
                    }

                    client.Close();
                    return;
                case TargetMisbehaviour.KeepAliveRace:
                    await KeepAliveRaceAsync(client, stream);
                    return;
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

    private static readonly byte[] OkResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"u8.ToArray();

    private async Task KeepAliveRaceAsync(TcpClient client, NetworkStream stream)
    {
        while (true)
        {
            await stream.WriteAsync(OkResponse);
            var answered = System.Diagnostics.Stopwatch.StartNew();
            var next = ReadHeadAsync(stream);
            if (await Task.WhenAny(next, Task.Delay(KeepAlive + Latency)) != next)
            {
                // Idle for the keep-alive timeout: the FIN reaches the load balancer before its next request.
                client.Close();
                if (next.IsCompletedSuccessfully && next.Result)
                {
                    // A request head arrived in the same instant: it is dropped unanswered like any other that crossed the FIN.
                    Interlocked.Increment(ref _requestsDropped);
                }

                return;
            }

            if (!await next)
            {
                client.Dispose();
                return;
            }

            if (answered.Elapsed > KeepAlive)
            {
                // The request was sent after the target had closed: it crossed the FIN on the wire.
                Interlocked.Increment(ref _requestsDropped);
                client.Close();
                return;
            }
        }
    }

    private async Task ServeHttp2Async(TcpClient client, NetworkStream stream)
    {
        var preface = new byte[24];
        await stream.ReadExactlyAsync(preface);
        // An empty SETTINGS frame, then frames as they come.
        await stream.WriteAsync(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 });
        var header = new byte[9];
        while (true)
        {
            await stream.ReadExactlyAsync(header);
            var length = (header[0] << 16) | (header[1] << 8) | header[2];
            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload);
            var type = header[3];
            if (type == 4 && (header[4] & 1) == 0)
            {
                await stream.WriteAsync(new byte[] { 0, 0, 0, 4, 1, 0, 0, 0, 0 }); // SETTINGS ACK
            }
            else if (type == 1)
            {
                // HEADERS: the encoder writes the path as a plain literal, so the bytes show it.
                if (Encoding.Latin1.GetString(payload).Contains("/hc", StringComparison.Ordinal))
                {
                    // :status 200 (static table index 8), END_STREAM | END_HEADERS, same stream.
                    await stream.WriteAsync(new byte[] { 0, 0, 1, 1, 5, header[5], header[6], header[7], header[8], 0x88 });
                    continue;
                }

                Interlocked.Increment(ref _requestsSeen);
                Interlocked.Increment(ref _requestsDropped);
                var streamId = (uint)((header[5] << 24) | (header[6] << 16) | (header[7] << 8) | header[8]) & 0x7FFFFFFF;
                switch (Behaviour)
                {
                    case TargetMisbehaviour.Http2RefuseStream:
                        // RST_STREAM, error code REFUSED_STREAM (0x7).
                        await stream.WriteAsync(new byte[] { 0, 0, 4, 3, 0, header[5], header[6], header[7], header[8], 0, 0, 0, 7 });
                        continue;
                    case TargetMisbehaviour.Http2GoAwayBelowStream:
                        // GOAWAY, last-stream-id = the stream before this one, NO_ERROR.
                        var last = streamId > 2 ? streamId - 2 : 0;
                        await stream.WriteAsync(new byte[] { 0, 0, 8, 7, 0, 0, 0, 0, 0, (byte)(last >> 24), (byte)(last >> 16), (byte)(last >> 8), (byte)last, 0, 0, 0, 0 });
                        continue;
                }

                client.Close();
                return;
            }
        }
    }

    private void Hold(TcpClient client)
    {
        lock (_held)
        {
            _held.Add(client);
        }
    }

    /// <summary>
    /// Reads one request head (byte by byte, so nothing of a following request is consumed); false at end of
    /// stream. Heads of requests to <c>/hc</c> (health checks, which cannot be turned off for ip targets) are not counted.
    /// </summary>
    private async Task<bool> ReadHeadAsync(NetworkStream stream)
    {
        var one = new byte[1];
        var tail = 0u;
        var start = new List<byte>(16);
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(one);
            }
            catch (IOException)
            {
                return false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }

            if (read == 0)
            {
                return false;
            }

            if (start.Count < 8)
            {
                start.Add(one[0]);
            }

            tail = (tail << 8) | one[0];
            if (tail == 0x0D0A0D0A)
            {
                if (!Encoding.ASCII.GetString(start.ToArray()).StartsWith("GET /hc ", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _requestsSeen);
                }

                return true;
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
