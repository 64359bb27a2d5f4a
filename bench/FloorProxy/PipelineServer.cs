using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http.Features;

namespace FloorProxy;

/// <summary>
/// The "pipeline" floor: an HTTP/1.1 server of its own on raw sockets under the ASP.NET Core request pipeline, in place of
/// Kestrel. It does what a replacement for Kestrel would have to do at least for a GET without a body: read the head,
/// build the request (method, target, headers) into the feature interfaces, run the application through
/// <see cref="IHttpApplication{TContext}"/> (the same <c>HttpContext</c> and middleware a Kestrel request gets; the
/// context is reused per connection as Kestrel does), then write the status line, the response headers, Date and
/// Content-Length and the body in one send. Nothing else: no request bodies, chunked coding, upgrades, pipelining
/// beyond one buffer, limits or timeouts. It measures how much of Kestrel's cost an emulator-owned HTTP/1.1 server could
/// save (docs/performance.md, "The floor of an HTTP/1.1 proxy in .NET").
/// </summary>
internal sealed class PipelineServer(int port) : IServer
{
    private Socket? _listener;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _listener.Listen(4096);
        _ = AcceptAsync(_listener, application);
        return Task.CompletedTask;
    }

    private static async Task AcceptAsync<TContext>(Socket listener, IHttpApplication<TContext> application)
        where TContext : notnull
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            var connection = new PipelineConnection<TContext>(client, application);
            _ = Task.Run(connection.ServeAsync);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener?.Dispose();
}

/// <summary>One client connection of <see cref="PipelineServer"/>: its features are one object, reset per request.</summary>
internal sealed class PipelineConnection<TContext> : FeatureCollection, IHostContextContainer<TContext>,
    IHttpRequestFeature, IHttpResponseFeature, IHttpResponseBodyFeature, IHttpConnectionFeature
    where TContext : notnull
{
    private static string _date = DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture);
    private static long _dateTicks = Environment.TickCount64;

    private readonly Socket _socket;
    private readonly IHttpApplication<TContext> _application;
    private readonly byte[] _input = new byte[16384];
    private readonly ResponseBody _body = new();
    private byte[] _output = new byte[4096];
    private readonly HeaderDictionary _requestHeaders = new();
    private readonly HeaderDictionary _responseHeaders = new();
    private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];
    private readonly List<(Func<object, Task> Callback, object State)> _onCompleted = [];
    private readonly IPEndPoint _remote;
    private readonly IPEndPoint _local;
    private System.IO.Pipelines.PipeWriter? _writer;

    public PipelineConnection(Socket socket, IHttpApplication<TContext> application)
    {
        _socket = socket;
        _application = application;
        _remote = (IPEndPoint)socket.RemoteEndPoint!;
        _local = (IPEndPoint)socket.LocalEndPoint!;
        Set<IHttpRequestFeature>(this);
        Set<IHttpResponseFeature>(this);
        Set<IHttpResponseBodyFeature>(this);
        Set<IHttpConnectionFeature>(this);
    }

    public TContext? HostContext { get; set; }

    public async Task ServeAsync()
    {
        using var owned = _socket;
        var have = 0;
        try
        {
            while (true)
            {
                (var end, have) = await Floor.ReceiveHeadAsync(_socket, _input, have);
                if (end < 0)
                {
                    return;
                }

                ParseHead(_input.AsSpan(0, end + 2));
                var context = _application.CreateContext(this);
                Exception? failure = null;
                try
                {
                    await _application.ProcessRequestAsync(context);
                }
                catch (Exception e)
                {
                    failure = e;
                    StatusCode = 500;
                    _body.Reset();
                }

                await SendResponseAsync();
                _application.DisposeContext(context, failure);
                foreach (var (callback, state) in _onCompleted)
                {
                    await callback(state);
                }

                have -= end + 4;
                _input.AsSpan(end + 4, have).CopyTo(_input);
            }
        }
        catch (SocketException)
        {
            // The client went away.
        }
    }

    private void ParseHead(ReadOnlySpan<byte> head)
    {
        _requestHeaders.Clear();
        _responseHeaders.Clear();
        _onStarting.Clear();
        _onCompleted.Clear();
        _body.Reset();
        _writer = null;
        StatusCode = 200;
        ReasonPhrase = null;
        HasStarted = false;

        var lineEnd = head.IndexOf("\r\n"u8);
        var line = head[..lineEnd];
        var sp1 = line.IndexOf((byte)' ');
        var sp2 = line[(sp1 + 1)..].IndexOf((byte)' ') + sp1 + 1;
        var method = line[..sp1];
        Method = method.SequenceEqual("GET"u8) ? HttpMethods.Get : Encoding.ASCII.GetString(method);
        var target = line[(sp1 + 1)..sp2];
        RawTarget = Encoding.ASCII.GetString(target);
        var query = RawTarget.IndexOf('?', StringComparison.Ordinal);
        Path = query < 0 ? RawTarget : RawTarget[..query];
        QueryString = query < 0 ? string.Empty : RawTarget[query..];
        Protocol = line[(sp2 + 1)..].SequenceEqual("HTTP/1.1"u8) ? HttpProtocol.Http11 : HttpProtocol.Http10;

        var rest = head[(lineEnd + 2)..];
        while (rest.Length > 0)
        {
            var end = rest.IndexOf("\r\n"u8);
            var field = rest[..end];
            var colon = field.IndexOf((byte)':');
            var name = Encoding.ASCII.GetString(field[..colon]);
            var value = Encoding.ASCII.GetString(field[(colon + 1)..].Trim((byte)' '));
            _requestHeaders.Append(name, value);
            rest = rest[(end + 2)..];
        }
    }

    private async Task SendResponseAsync()
    {
        foreach (var (callback, state) in Enumerable.Reverse(_onStarting))
        {
            await callback(state);
        }

        HasStarted = true;
        var now = Environment.TickCount64;
        if (now - _dateTicks >= 1000)
        {
            _date = DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture);
            _dateTicks = now;
        }

        // The head is written as bytes straight into the send buffer, then the body after it: one send.
        var at = 0;
        Put("HTTP/1.1 "u8, ref at);
        at += StatusCode.TryFormat(_output.AsSpan(at), out var digits, default, CultureInfo.InvariantCulture) ? digits : 0;
        _output[at++] = (byte)' ';
        Put(ReasonPhrase ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(StatusCode), ref at);
        Put("\r\n"u8, ref at);
        foreach (var header in _responseHeaders)
        {
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                Put(header.Key, ref at);
                Put(": "u8, ref at);
                Put(value, ref at);
                Put("\r\n"u8, ref at);
            }
        }

        Put("Content-Length: "u8, ref at);
        at += _body.Length.TryFormat(_output.AsSpan(at), out digits, default, CultureInfo.InvariantCulture) ? digits : 0;
        Put("\r\n"u8, ref at);
        if (!_responseHeaders.ContainsKey("Date"))
        {
            Put("Date: "u8, ref at);
            Put(_date, ref at);
            Put("\r\n"u8, ref at);
        }

        Put("\r\n"u8, ref at);
        EnsureOutput(at + (int)_body.Length);
        _body.CopyTo(_output.AsSpan(at));
        at += (int)_body.Length;
        await _socket.SendAsync(_output.AsMemory(0, at), SocketFlags.None);
    }

    private void Put(ReadOnlySpan<byte> bytes, ref int at)
    {
        EnsureOutput(at + bytes.Length);
        bytes.CopyTo(_output.AsSpan(at));
        at += bytes.Length;
    }

    private void Put(string? text, ref int at)
    {
        text ??= string.Empty;
        EnsureOutput(at + text.Length);
        at += Encoding.ASCII.GetBytes(text, _output.AsSpan(at));
    }

    private void EnsureOutput(int length)
    {
        if (length > _output.Length)
        {
            Array.Resize(ref _output, Math.Max(length, _output.Length * 2));
        }
    }

    // IHttpRequestFeature
    public string Protocol { get; set; } = HttpProtocol.Http11;

    public string Scheme { get; set; } = "http";

    public string Method { get; set; } = HttpMethods.Get;

    public string PathBase { get; set; } = string.Empty;

    public string Path { get; set; } = "/";

    public string QueryString { get; set; } = string.Empty;

    public string RawTarget { get; set; } = "/";

    IHeaderDictionary IHttpRequestFeature.Headers { get => _requestHeaders; set => throw new NotSupportedException(); }

    Stream IHttpRequestFeature.Body { get; set; } = Stream.Null;

    // IHttpResponseFeature
    public int StatusCode { get; set; } = 200;

    public string? ReasonPhrase { get; set; }

    IHeaderDictionary IHttpResponseFeature.Headers { get => _responseHeaders; set => throw new NotSupportedException(); }

    [Obsolete("Use IHttpResponseBodyFeature.Stream")]
    Stream IHttpResponseFeature.Body { get => _body; set => throw new NotSupportedException(); }

    public bool HasStarted { get; private set; }

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Add((callback, state));

    // IHttpResponseBodyFeature
    public Stream Stream => _body;

    public System.IO.Pipelines.PipeWriter Writer => _writer ??= System.IO.Pipelines.PipeWriter.Create(_body, new System.IO.Pipelines.StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task CompleteAsync() => _writer is null ? Task.CompletedTask : _writer.FlushAsync().AsTask();

    // IHttpConnectionFeature
    public string ConnectionId { get; set; } = string.Empty;

    public IPAddress? RemoteIpAddress { get => _remote.Address; set => throw new NotSupportedException(); }

    public IPAddress? LocalIpAddress { get => _local.Address; set => throw new NotSupportedException(); }

    public int RemotePort { get => _remote.Port; set => throw new NotSupportedException(); }

    public int LocalPort { get => _local.Port; set => throw new NotSupportedException(); }

    /// <summary>The response body, held until the application returns (every floor response is small).</summary>
    private sealed class ResponseBody : Stream
    {
        private byte[] _buffer = new byte[4096];

        public override long Length => Written;

        private int Written { get; set; }

        public void Reset() => Written = 0;

        public void CopyTo(Span<byte> destination) => _buffer.AsSpan(0, Written).CopyTo(destination);

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Written + buffer.Length > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Written + buffer.Length));
            }

            buffer.CopyTo(_buffer.AsSpan(Written));
            Written += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
