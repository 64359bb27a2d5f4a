using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace AlbEmulator.Hosting;

/// <summary>
/// Where the listeners' connections take their buffers from: the runtime's shared array pool
/// (<see cref="MemoryPool{T}.Shared"/>), not Kestrel's pinned-block pool. Kestrel's pool keeps every block it ever had
/// out at once for the life of the process (after three storms of 5,000 connections, 2,209 blocks: 9 MB of pinned heap
/// that no collection can touch) and, idle, lets go of 5 % of them per 10 s. The shared pool keeps a few arrays per thread
/// and per core; what a burst needed beyond that is ordinary garbage, freed by the next collection (the idle trimmer's).
/// Listeners created at run time (ControlPlane/Listeners/ListenerHost) already had this pool: transport options built
/// without the host's services come with it. docs/performance.md, "Memory: storms and the JIT build (issue 22, sixth
/// round)".
/// </summary>
internal sealed class TransportMemoryPool : IMemoryPoolFactory<byte>
{
    public static readonly TransportMemoryPool Factory = new();

    private TransportMemoryPool()
    {
    }

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => MemoryPool<byte>.Shared;
}
