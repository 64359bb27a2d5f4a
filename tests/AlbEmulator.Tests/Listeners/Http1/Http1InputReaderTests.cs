using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using AlbEmulator.Listeners;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Tests.Pipeline;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Tests.Listeners.Http1;

/// <summary>
/// <see cref="Http1InputReader"/> over in-memory pipes (no socket, no timer fires: the idle timeout is the model's 60 s):
/// a read waiting for the client resumes with exactly one message, pipelined requests are handed over one at a time, a
/// body arriving in pieces is passed through up to its framing, and a client that leaves ends the input. These pin
/// the read paths that an idle connection waits in (one pooled state machine, docs/performance.md).
/// </summary>
public sealed class Http1InputReaderTests
{
    [Fact]
    public async Task ReadWaitingForTheClient_ResumesWithTheCompleteHead()
    {
        var (reader, client) = await StartAsync();

        var read = reader.ReadAsync();
        Assert.False(read.IsCompleted);
        await client.WriteAsync(Latin1("GET /a HTTP/1.1\r\nHo"));
        Assert.False(read.IsCompleted);
        await client.WriteAsync(Latin1("st: a.test\r\n\r\n"));

        var result = await read;
        Assert.Equal("GET /a HTTP/1.1\r\nHost: a.test\r\n\r\n", Text(result.Buffer));
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task PipelinedRequests_AreHandedOverOneMessageAtATime()
    {
        var (reader, client) = await StartAsync();
        await client.WriteAsync(Latin1("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\nGET /2 HTTP/1.1\r\nHost: a.test\r\n\r\n"));

        var first = await reader.ReadAsync();
        Assert.Equal("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n", Text(first.Buffer));
        reader.AdvanceTo(first.Buffer.End);

        var second = await reader.ReadAsync();
        Assert.Equal("GET /2 HTTP/1.1\r\nHost: a.test\r\n\r\n", Text(second.Buffer));
        reader.AdvanceTo(second.Buffer.End);

        var third = reader.ReadAsync();
        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task BodyArrivingInPieces_IsPassedThroughUpToItsContentLength()
    {
        var (reader, client) = await StartAsync();
        await client.WriteAsync(Latin1("POST /p HTTP/1.1\r\nHost: a.test\r\nContent-Length: 6\r\n\r\nabc"));

        var head = await reader.ReadAsync();
        var headText = Text(head.Buffer);
        Assert.StartsWith("POST /p HTTP/1.1\r\n", headText);
        reader.AdvanceTo(head.Buffer.End);

        var body = new StringBuilder(headText[(headText.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        var pending = reader.ReadAsync();
        if (body.Length < 6)
        {
            Assert.False(pending.IsCompleted);
        }

        await client.WriteAsync(Latin1("defGET /next HTTP/1.1\r\nHost: a.test\r\n\r\n"));
        while (body.Length < 6)
        {
            var piece = await pending;
            body.Append(Text(piece.Buffer));
            reader.AdvanceTo(piece.Buffer.End);
            if (body.Length < 6)
            {
                pending = reader.ReadAsync();
            }
        }

        Assert.Equal("abcdef", body.ToString());
        var next = await reader.ReadAsync();
        Assert.Equal("GET /next HTTP/1.1\r\nHost: a.test\r\n\r\n", Text(next.Buffer));
    }

    [Fact]
    public async Task ClientLeavingWhileIdle_EndsTheInput()
    {
        var (reader, client) = await StartAsync();
        var read = reader.ReadAsync();
        Assert.False(read.IsCompleted);

        await client.CompleteAsync();

        var result = await read;
        Assert.True(result.IsCompleted);
        Assert.True(result.Buffer.IsEmpty);
        Assert.True((await reader.ReadAsync()).IsCompleted);
    }

    /// <summary>Runs the HTTP/1.x front end over in-memory pipes and returns the reader Kestrel would get, and the client's end.</summary>
    private static async Task<(PipeReader Reader, PipeWriter Client)> StartAsync()
    {
        var model = LifecycleTestHost.Model();
        var input = new Pipe();
        var output = new Pipe();
        var context = new TestConnection(new DuplexPipe(input.Reader, output.Writer));
        context.Features.Set<IAlbConnectionFeature>(new AlbConnectionFeature(new AlbConnection(model.Listeners[0], DateTime.UtcNow)));
        PipeReader? seen = null;
        await Http1FrontEnd.RunAsync(context, c =>
        {
            seen = c.Transport.Input;
            return Task.CompletedTask;
        }, model, rejections: null!, TimeProvider.System);
        Assert.IsType<Http1InputReader>(seen);
        return (seen!, input.Writer);
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static string Text(ReadOnlySequence<byte> buffer) => Encoding.Latin1.GetString(buffer.ToArray());

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class TestConnection(IDuplexPipe transport) : ConnectionContext
    {
        public override string ConnectionId { get; set; } = "test";

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

        public override IDuplexPipe Transport { get; set; } = transport;
    }
}
