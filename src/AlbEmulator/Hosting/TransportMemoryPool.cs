using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace AlbEmulator.Hosting;

/// <summary>
/// Where the listeners' connections take their socket and pipe buffers from: pinned 4 KB blocks kept for reuse, as in
/// Kestrel's own pool, but given up when the process is idle (<see cref="TrimAll"/>, called by
/// <see cref="IdleMemoryTrimmer"/> before its collection). Kestrel's pool keeps every block it ever had out at once for
/// the life of the process (after three storms of 5,000 connections, 2,209 blocks: 9 MB of pinned heap that no
/// collection can move or free) and, idle, lets go of 5 % of them per 10 s. The runtime's shared array pool keeps
/// nothing but runs dry with a few hundred busy connections (measured: +5.5 µs per request at 256 connections), so the
/// request path keeps pooled pinned blocks and only an idle process drops them. docs/performance.md, "Memory: storms and
/// the JIT build (issue 22, sixth round)".
/// </summary>
internal sealed class TransportMemoryPool : MemoryPool<byte>
{
    /// <summary>The size of every block: a page, as Kestrel's.</summary>
    public const int BlockSize = 4096;

    /// <summary>The factory the socket transport is given (registered after <c>UseKestrelCore</c>); one pool per listener socket.</summary>
    public static readonly IMemoryPoolFactory<byte> Factory = new PoolFactory();

    private static readonly ConcurrentDictionary<TransportMemoryPool, byte> Pools = new();

    private readonly ConcurrentQueue<Block> _blocks = new();
    private volatile bool _disposed;

    private TransportMemoryPool()
    {
    }

    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks kept for reuse (tests).</summary>
    internal int PooledBlocks => _blocks.Count;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _blocks.TryDequeue(out var block) ? block : new Block(this);
    }

    /// <summary>Drops the blocks every pool keeps for reuse: the next collection frees them. Blocks in use come back as usual.</summary>
    public static void TrimAll()
    {
        foreach (var pool in Pools.Keys)
        {
            pool.Trim();
        }
    }

    /// <summary>Drops the blocks this pool keeps for reuse.</summary>
    internal void Trim()
    {
        while (_blocks.TryDequeue(out _))
        {
        }
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        Pools.TryRemove(this, out _);
        Trim();
    }

    private void Return(Block block)
    {
        if (!_disposed)
        {
            _blocks.Enqueue(block);
        }
    }

    private sealed class Block(TransportMemoryPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public void Dispose() => pool.Return(this);
    }

    private sealed class PoolFactory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
        {
            var pool = new TransportMemoryPool();
            Pools.TryAdd(pool, 0);
            return pool;
        }
    }
}
