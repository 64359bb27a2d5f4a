using System.Reflection;
using AlbEmulator.Hosting;
using AlbEmulator.Listeners;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AlbEmulator.Tests.Hosting;

/// <summary>
/// The listeners' buffers (Hosting/TransportMemoryPool): pinned 4 KB blocks reused as in Kestrel's pool, dropped when the
/// idle trimmer trims, so a burst's high-water mark does not stay for the life of the process.
/// </summary>
public sealed class TransportMemoryPoolTests
{
    [Fact]
    public void ReturnedBlocksAreReused_TrimDropsThem_BlocksInUseComeBackAfterwards()
    {
        using var pool = TransportMemoryPool.Factory.Create();
        var pooled = (TransportMemoryPool)pool;
        var first = pool.Rent();
        var second = pool.Rent();
        var firstMemory = first.Memory;
        first.Dispose();

        using (var again = pool.Rent())
        {
            Assert.True(again.Memory.Span == firstMemory.Span, "a returned block is handed out again");
        }

        Assert.Equal(1, pooled.PooledBlocks);
        TransportMemoryPool.TrimAll();
        Assert.Equal(0, pooled.PooledBlocks);
        second.Dispose(); // in use while trimming: returned as usual
        Assert.Equal(1, pooled.PooledBlocks);
    }

    [Fact]
    public void Blocks_OnePage_SmallerRentsGetAPage_LargerAreRefused()
    {
        using var pool = TransportMemoryPool.Factory.Create();
        using var block = pool.Rent(100);

        Assert.Equal(TransportMemoryPool.BlockSize, pool.MaxBufferSize);
        Assert.Equal(4096, block.Memory.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(4097));
    }

    [Fact]
    public void Disposed_RentRefused_ReturnedBlocksNotKept()
    {
        var pool = TransportMemoryPool.Factory.Create();
        var block = pool.Rent();
        pool.Dispose();

        block.Dispose();
        Assert.Equal(0, ((TransportMemoryPool)pool).PooledBlocks);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }

    [Fact]
    public async Task Listeners_SocketTransportTakesThePool_InlineOrNot()
    {
        await using var env = await AlbTestEnvironment.StartAsync("""
            { "Listeners": [ { "Port": 8080, "Protocol": "HTTP",
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ] }
            """);
        var services = env.Server.Services;
        var configured = services.GetRequiredService<IOptionsFactory<SocketTransportOptions>>();

        Assert.Same(TransportMemoryPool.Factory, services.GetRequiredService<IMemoryPoolFactory<byte>>());
        // What the socket transport is given (SocketTransportOptions.MemoryPoolFactory is internal to Kestrel), for the
        // start-up server's transport (ListenerTransportFactory) and the run-time listeners' (ListenerHost) alike.
        var property = typeof(SocketTransportOptions).GetProperty("MemoryPoolFactory", BindingFlags.Instance | BindingFlags.NonPublic)!;
        Assert.Same(TransportMemoryPool.Factory, property.GetValue(TransportScheduling.For(inline: false, configured)));
        Assert.Same(TransportMemoryPool.Factory, property.GetValue(TransportScheduling.For(inline: true, configured)));
        Assert.True(TransportScheduling.For(inline: true, configured).UnsafePreferInlineScheduling);
    }
}
