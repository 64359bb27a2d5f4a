using System.IO.Pipelines;
using AlbEmulator.Listeners.Http2;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Listeners.Http2;

/// <summary>The HTTP/2 client connection's idle timeout, which PING frames do not reset (ERR-TMO-1, H2-5), on a clock the test moves.</summary>
public sealed class Http2IdleTimeoutTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(60);
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();
    private static readonly byte[] Ping = Http2Frames.Frame(6, 0, 0, new byte[8]);
    private static readonly byte[] PingAck = Http2Frames.Frame(6, 1, 0, new byte[8]);
    private static readonly byte[] Request = Http2Frames.Frame(1, 0x5, 1, [0x82, 0x87, 0x84]);
    private static readonly byte[] Response = Http2Frames.Frame(1, 0x5, 1, [0x88]);

    [Fact]
    public void NoActivity_ClosedOnceTheIdleTimeoutHasPassed()
    {
        var clock = new TimerClock();
        var closes = 0;
        using var idle = new Http2IdleTimeout(Idle, clock, () => closes++);

        clock.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, closes);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, closes);
        Assert.True(idle.Expired);

        clock.Advance(Idle * 3);
        Assert.Equal(1, closes);
    }

    [Fact]
    public void Activity_RestartsTheIdleTimeout()
    {
        var clock = new TimerClock();
        var closes = 0;
        using var idle = new Http2IdleTimeout(Idle, clock, () => closes++);

        clock.Advance(TimeSpan.FromSeconds(40));
        idle.Activity();
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, closes);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, closes);
    }

    [Fact]
    public void ConnectionEnded_NeverClosed()
    {
        var clock = new TimerClock();
        var closes = 0;
        var idle = new Http2IdleTimeout(Idle, clock, () => closes++);

        idle.Dispose();
        clock.Advance(Idle * 2);

        Assert.Equal(0, closes);
        Assert.False(idle.Expired);
    }

    [Fact]
    public async Task InputGuard_PingsReceived_DoNotResetTheIdleTimeout_ARequestDoes()
    {
        var clock = new TimerClock();
        var closes = 0;
        using var idle = new Http2IdleTimeout(Idle, clock, () => closes++);
        var pipe = new Pipe();
        var guard = new Http2InputGuard(pipe.Reader) { Idle = idle };

        await pipe.Writer.WriteAsync(Preface);
        await ReadAllAsync(guard);
        clock.Advance(TimeSpan.FromSeconds(30));
        await pipe.Writer.WriteAsync(Request);
        await ReadAllAsync(guard);

        // PINGs every 10 s from then on: the timeout still falls 60 s after the request.
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await pipe.Writer.WriteAsync(Ping);
            await ReadAllAsync(guard);
        }

        Assert.Equal(0, closes);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, closes);
    }

    [Fact]
    public async Task OutputCounter_PingAcksSent_DoNotResetTheIdleTimeout_AResponseDoes()
    {
        var clock = new TimerClock();
        var closes = 0;
        using var idle = new Http2IdleTimeout(Idle, clock, () => closes++);
        var counter = new Http2OutputCounter(new Pipe().Writer) { Idle = idle };

        clock.Advance(TimeSpan.FromSeconds(30));
        await counter.WriteAsync(Response);
        clock.Advance(TimeSpan.FromSeconds(50));
        await counter.WriteAsync(PingAck);
        PingAck.CopyTo(counter.GetSpan(PingAck.Length));
        counter.Advance(PingAck.Length);

        Assert.Equal(0, closes);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, closes);
        counter.ConnectionEnded();
    }

    [Fact]
    public void OutputCounter_ConnectionEnded_EndsTheIdleTimeout()
    {
        var clock = new TimerClock();
        var closes = 0;
        var idle = new Http2IdleTimeout(Idle, clock, () => closes++);
        var counter = new Http2OutputCounter(new Pipe().Writer) { Idle = idle };

        counter.ConnectionEnded();
        clock.Advance(Idle * 2);

        Assert.Equal(0, closes);
    }

    private static async Task ReadAllAsync(Http2InputGuard guard)
    {
        var result = await guard.ReadAsync();
        guard.AdvanceTo(result.Buffer.End);
    }
}
