using System.Net.Sockets;

namespace AlbEmulator.Forwarding.Downgrade;

/// <summary>One connection to a target, with a read buffer shared by the response head and body readers.</summary>
internal sealed class Http1DowngradeConnection : IDisposable
{
    private readonly Socket _socket;

    private readonly Http1DowngradeHandler _owner;

    public Http1DowngradeConnection(Socket socket, Stream stream, Http1DowngradeHandler owner, string poolKey)
    {
        _socket = socket;
        Stream = stream;
        _owner = owner;
        PoolKey = poolKey;
    }

    /// <summary>The pool this connection goes back to (scheme, host and port of the target).</summary>
    public string PoolKey { get; }

    /// <summary>The response has been read (or abandoned): back to the pool, or closed.</summary>
    public void Release(bool reusable) => _owner.Release(this, reusable);

    public Stream Stream { get; }

    public byte[] Buffer { get; } = new byte[16 * 1024];

    /// <summary>Start of unread bytes in <see cref="Buffer"/>.</summary>
    public int Start { get; set; }

    /// <summary>End of unread bytes in <see cref="Buffer"/>.</summary>
    public int End { get; set; }

    public DateTime IdleSince { get; set; }

    /// <summary>Response heads read on this connection (reuse count, for the diagnostic).</summary>
    public int ResponsesStarted { get; set; }

    /// <summary>Still connected and with no stray bytes waiting (a target never sends unasked).</summary>
    public bool IsUsable => Start == End && _socket.Connected && !(_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0);

    /// <summary>Reads more bytes into the buffer; false at end of stream.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (Start > 0 && Start == End)
        {
            Start = End = 0;
        }

        if (End == Buffer.Length)
        {
            if (Start == 0)
            {
                throw new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, "Response head too large.");
            }

            Array.Copy(Buffer, Start, Buffer, 0, End - Start);
            End -= Start;
            Start = 0;
        }

        var read = await Stream.ReadAsync(Buffer.AsMemory(End), cancellationToken);
        End += read;
        return read > 0;
    }

    public void Dispose() => Stream.Dispose();
}
