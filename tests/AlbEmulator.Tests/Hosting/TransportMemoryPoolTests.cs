using System.Buffers;
using System.Reflection;
using AlbEmulator.Hosting;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AlbEmulator.Tests.Hosting;

/// <summary>
/// The listeners' connections take their buffers from the runtime's shared pool (Hosting/TransportMemoryPool), not from
/// Kestrel's pinned-block pool, which keeps a burst's high-water mark for the life of the process.
/// </summary>
public sealed class TransportMemoryPoolTests
{
    [Fact]
    public void Create_TheSharedPool_WhichKeepsNothingPerListener()
    {
        Assert.Same(MemoryPool<byte>.Shared, TransportMemoryPool.Factory.Create());
        Assert.Same(MemoryPool<byte>.Shared, TransportMemoryPool.Factory.Create(new MemoryPoolOptions()));
    }

    [Fact]
    public async Task StartUpListeners_SocketTransportTakesTheSharedPool()
    {
        await using var env = await AlbTestEnvironment.StartAsync("""
            { "Listeners": [ { "Port": 8080, "Protocol": "HTTP",
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ] }
            """);
        var services = env.Server.Services;

        Assert.Same(TransportMemoryPool.Factory, services.GetRequiredService<IMemoryPoolFactory<byte>>());
        // What the socket transport was configured with (SocketTransportOptions.MemoryPoolFactory is internal to Kestrel).
        var transport = services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        var factory = typeof(SocketTransportOptions).GetProperty("MemoryPoolFactory", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(transport);
        Assert.Same(TransportMemoryPool.Factory, factory);
    }
}
