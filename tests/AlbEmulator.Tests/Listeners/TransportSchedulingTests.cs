using System.Collections;
using System.Net;
using System.Net.Sockets;
using AlbEmulator.Hosting;
using AlbEmulator.Listeners;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlbEmulator.Tests.Listeners;

/// <summary>Where a listener's connections are processed (Listeners/TransportScheduling, docs/performance.md sixth round).</summary>
public sealed class TransportSchedulingTests
{
    private static AlbEmulatorOptions Host() => new() { InlineHttpScheduling = true };

    [Fact]
    public void HostOptions_HttpListenerInline_HttpsListenerOnKestrelsDefaults()
    {
        Assert.True(TransportScheduling.IsInline(Host(), https: false));
        Assert.False(TransportScheduling.IsInline(Host(), https: true));
    }

    [Fact]
    public void LibraryDefaults_NothingInline()
    {
        // The in-process fixture and any other library user: AlbEmulatorOptions leaves it off.
        Assert.False(new AlbEmulatorOptions().InlineHttpScheduling);
        Assert.False(TransportScheduling.IsInline(new AlbEmulatorOptions(), https: false));
    }

    [Fact]
    public void InProcessTargets_NeverInline()
    {
        var options = Host();
        options.TargetInvokers["web"] = () => new HttpMessageInvoker(new SocketsHttpHandler());
        Assert.False(TransportScheduling.IsInline(options, https: false));
    }

    [Fact]
    public void WafLog_StillInline_ItsLinesAreWrittenInTheBackground()
    {
        var options = Host();
        options.WafLogPath = "-";
        Assert.True(TransportScheduling.IsInline(options, https: false));
    }

    [Fact]
    public void TransportOptions_InlineOrKestrelsDefaults()
    {
        var defaults = new SocketTransportOptions();
        var pooled = TransportScheduling.For(inline: false);
        Assert.False(pooled.UnsafePreferInlineScheduling);
        Assert.Equal(defaults.IOQueueCount, pooled.IOQueueCount);
        Assert.Equal(defaults.WaitForDataBeforeAllocatingBuffer, pooled.WaitForDataBeforeAllocatingBuffer);
        Assert.True(TransportScheduling.For(inline: true).UnsafePreferInlineScheduling);
    }

    [Fact]
    public async Task Factory_MarkedEndpointInline_AnEqualEndpointNot_BothAccept()
    {
        var factory = new ListenerTransportFactory(NullLoggerFactory.Instance);
        var marked = new IPEndPoint(IPAddress.Loopback, 0);
        var other = new IPEndPoint(IPAddress.Loopback, 0);
        factory.MarkInline(marked);

        Assert.True(factory.IsInline(marked));
        Assert.False(factory.IsInline(other)); // port 0 binds several endpoints alike: told apart by reference
        Assert.True(factory.CanBind(other));

        foreach (var endpoint in new[] { marked, other })
        {
            await using var listener = await factory.BindAsync(endpoint);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var accepting = listener.AcceptAsync().AsTask();
            await client.ConnectAsync(listener.EndPoint);
            await using var connection = (await accepting)!;
            await client.SendAsync("ping"u8.ToArray());
            var read = await connection.Transport.Input.ReadAsync();
            Assert.Equal("ping", System.Text.Encoding.ASCII.GetString(read.Buffer.FirstSpan));
            connection.Transport.Input.AdvanceTo(read.Buffer.End);
        }
    }

    [Fact]
    public void CommandLine_ThreadPoolByDefault_InlineOptIn_FromTheEnvironmentToo()
    {
        Assert.False(CommandLine.Parse([], new Hashtable()).InlineHttpScheduling);
        Assert.True(CommandLine.Parse(["--transport-scheduling", "inline"], new Hashtable()).InlineHttpScheduling);
        Assert.False(CommandLine.Parse(["--transport-scheduling", "thread-pool"], new Hashtable()).InlineHttpScheduling);
        var environment = CommandLine.Parse([], new Hashtable { ["ALB_EMULATOR_TRANSPORT_SCHEDULING"] = "inline" });
        Assert.Empty(environment.Errors);
        Assert.True(environment.InlineHttpScheduling);
        Assert.Equal(["--transport-scheduling: 'fast' must be inline or thread-pool."], CommandLine.Parse(["--transport-scheduling", "fast"], new Hashtable()).Errors);
    }
}
