using AlbEmulator.Tests.Common;
using static AlbEmulator.FunctionalTests.TargetGroupScenario;

namespace AlbEmulator.FunctionalTests;

/// <summary>Slow start with round_robin (TG-50), driven by a manual clock.</summary>
public sealed class SlowStartTests
{
    [Fact]
    public async Task NewlyHealthyTarget_ShareRampsLinearly()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var lateHealth = new HealthSwitch { Status = 500 };
        await using var early = await TestBackend.StartAsync("early");
        await using var late = await TestBackend.StartAsync("late", healthCheck: lateHealth.HandleAsync);
        await using var env = await StartAsync("""  "UnhealthyThresholdCount": 2, "HealthyThresholdCount": 2, """, [Attribute("slow_start.duration_seconds", "100")], [early, late], configure: o => o.TimeProvider = clock);
        using var client = env.CreateClient(8080);
        await CheckAsync(env, 2);
        lateHealth.Status = 200;
        await CheckAsync(env, 2);

        // Just healthy: share 0.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("early", await BackendOfAsync(client));
        }

        // Half-way: about half the share it will have (≈ 1/3 of requests with two targets).
        clock.Advance(TimeSpan.FromSeconds(50));
        var before = late.RequestCount;
        for (var i = 0; i < 300; i++)
        {
            await BackendOfAsync(client);
        }

        Assert.InRange(late.RequestCount - before, 45, 150);

        // After the ramp: plain round robin.
        clock.Advance(TimeSpan.FromSeconds(51));
        before = late.RequestCount;
        for (var i = 0; i < 40; i++)
        {
            await BackendOfAsync(client);
        }

        Assert.Equal(20, late.RequestCount - before);
    }
}
