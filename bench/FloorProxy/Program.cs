using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FloorProxy;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The floor of an HTTP/1.1 keep-alive proxy in .NET on the bench machine (bench/run.sh, docs/performance.md, "The floor"):
//   FloorProxy sockets   <port> <origin-port>   raw Socket accept loop, one origin connection per client connection
//   FloorProxy transport <port> <origin-port>   Kestrel's socket transport and pipes, no HTTP layer (a connection delegate)
//   FloorProxy kestrel   <port> <origin-port>   Kestrel's HTTP/1.1 layer, forwarding over pooled raw origin sockets
//   FloorProxy hello     <port>                 Kestrel's HTTP/1.1 layer answering "Hello, World!" itself (no origin)
//   FloorProxy pipeline  <port> <origin-port>   the "kestrel" mode's forwarder under the ASP.NET Core pipeline, served by an
//                                               HTTP/1.1 server of its own on raw sockets instead of Kestrel (PipelineServer)
// Each forwards GET requests without a body (what wrk sends), adds X-Forwarded-For, and relays a Content-Length response.
// Nothing here is an ALB behaviour and nothing is checked: it is the least work a .NET proxy can do per request, to
// measure AlbEmulator against. FLOOR_INLINE=1 turns on Kestrel's UnsafePreferInlineScheduling (AlbEmulator's
// --transport-scheduling inline).
var mode = args[0];
var port = int.Parse(args[1], CultureInfo.InvariantCulture);
var origin = args.Length > 2 ? new IPEndPoint(IPAddress.Loopback, int.Parse(args[2], CultureInfo.InvariantCulture)) : null;

if (mode == "sockets")
{
    using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
    listener.Listen(4096);
    while (true)
    {
        var client = await listener.AcceptAsync();
        client.NoDelay = true;
        _ = Task.Run(() => Floor.ServeSocketAsync(client, origin!));
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
if (Environment.GetEnvironmentVariable("FLOOR_INLINE") == "1")
{
    builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, o =>
    {
        o.Protocols = HttpProtocols.Http1;
        if (mode == "transport")
        {
            o.Run(connection => Floor.ServeTransportAsync(connection, origin!));
        }
    });
});
if (mode == "pipeline")
{
    builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer>(new PipelineServer(port));
}

var app = builder.Build();
var payload = "Hello, World!"u8.ToArray();
if (mode == "hello")
{
    app.Run(context =>
    {
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = payload.Length;
        return context.Response.Body.WriteAsync(payload, 0, payload.Length);
    });
}
else if (mode is "kestrel" or "pipeline")
{
    var pool = new ConcurrentStack<OriginConnection>();
    app.Run(async context =>
    {
        if (!pool.TryPop(out var connection))
        {
            connection = await OriginConnection.OpenAsync(origin!);
        }

        var request = context.Request;
        var head = new StringBuilder(256);
        head.Append(request.Method).Append(' ').Append(request.Path.Value).Append(request.QueryString.Value).Append(" HTTP/1.1\r\n");
        foreach (var header in request.Headers)
        {
            head.Append(header.Key).Append(": ").Append(header.Value.ToString()).Append("\r\n");
        }

        head.Append("X-Forwarded-For: ").Append(context.Connection.RemoteIpAddress).Append("\r\n\r\n");
        var (status, headers, body) = await connection.ExchangeAsync(Encoding.ASCII.GetBytes(head.ToString()));
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers.Append(name, value);
            }
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
        pool.Push(connection);
    });
}

app.Run();

namespace FloorProxy
{
    internal static class Floor
    {
        private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
        private static readonly byte[] ForwardedFor = "X-Forwarded-For: 127.0.0.1\r\n\r\n"u8.ToArray();

        public static async Task ServeSocketAsync(Socket client, IPEndPoint origin)
        {
            using var owned = client;
            using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await upstream.ConnectAsync(origin);
            var input = new byte[16384];
            var head = new byte[16384];
            var response = new byte[16384];
            int have = 0, held = 0;
            try
            {
                while (true)
                {
                    (var end, have) = await ReceiveHeadAsync(client, input, have);
                    if (end < 0)
                    {
                        return;
                    }

                    // The request line and header fields without the blank line, then X-Forwarded-For and the blank line.
                    input.AsSpan(0, end + 2).CopyTo(head);
                    ForwardedFor.CopyTo(head, end + 2);
                    await upstream.SendAsync(head.AsMemory(0, end + 2 + ForwardedFor.Length), SocketFlags.None);
                    have -= end + 4;
                    input.AsSpan(end + 4, have).CopyTo(input);
                    var (length, total) = await ReadResponseAsync(upstream, response, held);
                    await client.SendAsync(response.AsMemory(0, length), SocketFlags.None);
                    held = total - length;
                    response.AsSpan(length, held).CopyTo(response);
                }
            }
            catch (SocketException)
            {
                // The client or the origin went away.
            }
        }

        /// <summary>
        /// Receives into <paramref name="buffer"/>, which holds <paramref name="have"/> bytes, until it holds a whole request
        /// head: where the head's blank line starts and the bytes held, or -1 when the client closed first.
        /// </summary>
        public static async ValueTask<(int End, int Have)> ReceiveHeadAsync(Socket client, byte[] buffer, int have)
        {
            int end;
            while ((end = buffer.AsSpan(0, have).IndexOf(HeadEnd)) < 0)
            {
                var n = await client.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None);
                if (n == 0)
                {
                    return (-1, have);
                }

                have += n;
            }

            return (end, have);
        }

        public static async Task ServeTransportAsync(ConnectionContext connection, IPEndPoint origin)
        {
            using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await upstream.ConnectAsync(origin);
            var head = new byte[16384];
            var response = new byte[16384];
            var held = 0;
            var input = connection.Transport.Input;
            var output = connection.Transport.Output;
            try
            {
                while (true)
                {
                    var result = await input.ReadAsync();
                    var buffer = result.Buffer;
                    while (TryTakeHead(ref buffer, head, out var headLength))
                    {
                        ForwardedFor.CopyTo(head, headLength);
                        await upstream.SendAsync(head.AsMemory(0, headLength + ForwardedFor.Length), SocketFlags.None);
                        var (length, total) = await ReadResponseAsync(upstream, response, held);
                        await output.WriteAsync(response.AsMemory(0, length));
                        held = total - length;
                        response.AsSpan(length, held).CopyTo(response);
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
            }
            catch (SocketException)
            {
                // The origin went away.
            }
        }

        /// <summary>The value of a response head's Content-Length (0 without one).</summary>
        public static int ContentLength(ReadOnlySpan<byte> head)
        {
            var at = head.IndexOf("\r\nContent-Length:"u8);
            if (at < 0)
            {
                at = head.IndexOf("\r\ncontent-length:"u8);
            }

            if (at < 0)
            {
                return 0;
            }

            var value = 0;
            foreach (var b in head[(at + 17)..])
            {
                if (b == ' ')
                {
                    continue;
                }

                if (b is < (byte)'0' or > (byte)'9')
                {
                    break;
                }

                value = (value * 10) + (b - '0');
            }

            return value;
        }

        // Reads one Content-Length response into buffer, which holds `have` bytes already; returns its length and the bytes held.
        private static async Task<(int Length, int Have)> ReadResponseAsync(Socket upstream, byte[] buffer, int have)
        {
            int end;
            while ((end = buffer.AsSpan(0, have).IndexOf(HeadEnd)) < 0)
            {
                have += await ReceiveAsync(upstream, buffer, have);
            }

            var length = end + 4 + ContentLength(buffer.AsSpan(0, end));
            while (have < length)
            {
                have += await ReceiveAsync(upstream, buffer, have);
            }

            return (length, have);
        }

        private static async ValueTask<int> ReceiveAsync(Socket socket, byte[] buffer, int offset)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(offset), SocketFlags.None);
            return n > 0 ? n : throw new SocketException((int)SocketError.ConnectionReset);
        }

        // Copies one request head without its blank line into destination and slices it off buffer.
        private static bool TryTakeHead(ref ReadOnlySequence<byte> buffer, byte[] destination, out int length)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadTo(out ReadOnlySequence<byte> head, HeadEnd, advancePastDelimiter: true))
            {
                length = 0;
                return false;
            }

            head.CopyTo(destination);
            destination[head.Length] = (byte)'\r';
            destination[head.Length + 1] = (byte)'\n';
            length = (int)head.Length + 2;
            buffer = buffer.Slice(reader.Position);
            return true;
        }
    }

    /// <summary>A kept-alive connection to the origin for the "kestrel" mode.</summary>
    internal sealed class OriginConnection
    {
        private readonly Socket _socket;
        private readonly byte[] _buffer = new byte[16384];
        private int _have;

        private OriginConnection(Socket socket) => _socket = socket;

        public static async Task<OriginConnection> OpenAsync(IPEndPoint origin)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(origin);
            return new OriginConnection(socket);
        }

        public async Task<(int Status, List<(string Name, string Value)> Headers, byte[] Body)> ExchangeAsync(byte[] head)
        {
            await _socket.SendAsync(head, SocketFlags.None);
            int end;
            while ((end = _buffer.AsSpan(0, _have).IndexOf("\r\n\r\n"u8)) < 0)
            {
                await ReceiveAsync();
            }

            var length = end + 4 + Floor.ContentLength(_buffer.AsSpan(0, end));
            while (_have < length)
            {
                await ReceiveAsync();
            }

            var lines = Encoding.ASCII.GetString(_buffer, 0, end).Split("\r\n");
            var status = int.Parse(lines[0].AsSpan(9, 3), CultureInfo.InvariantCulture);
            var headers = new List<(string Name, string Value)>(lines.Length);
            foreach (var line in lines.AsSpan(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers.Add((line[..colon], line[(colon + 1)..].Trim()));
            }

            var body = _buffer.AsSpan(end + 4, length - end - 4).ToArray();
            _have -= length;
            _buffer.AsSpan(length, _have).CopyTo(_buffer);
            return (status, headers, body);
        }

        private async ValueTask ReceiveAsync()
        {
            var n = await _socket.ReceiveAsync(_buffer.AsMemory(_have), SocketFlags.None);
            _have += n > 0 ? n : throw new IOException("the origin closed the connection");
        }
    }
}
