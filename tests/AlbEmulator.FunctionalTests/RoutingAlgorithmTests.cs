using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Http;
using static AlbEmulator.FunctionalTests.TargetGroupScenario;

namespace AlbEmulator.FunctionalTests;

/// <summary>load_balancing.algorithm.type with real backends (TG-40..TG-42).</summary>
public sealed class RoutingAlgorithmTests
{
    [Fact]
    public async Task RoundRobin_RotatesEvenly()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var c = await TestBackend.StartAsync("c");
        await using var env = await StartAsync("", null, [a, b, c]);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        for (var i = 0; i < 30; i++)
        {
            await BackendOfAsync(client);
        }

        Assert.Equal((10, 10, 10), (a.RequestCount, b.RequestCount, c.RequestCount));
    }

    [Fact]
    public async Task LeastOutstandingRequests_AvoidsTheBusyTarget()
    {
        var slow = await StartParkingBackendAsync("slow");
        await using var slowBackend = slow.Backend;
        await using var fast = await TestBackend.StartAsync("fast");
        await using var env = await StartAsync("", [Attribute("load_balancing.algorithm.type", "least_outstanding_requests")], [slow.Backend, fast]);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        await AssertLeastOutstandingAvoidsTheParkedAsync(() => BackendOfAsync(client), slow, fast);
    }

    [Fact]
    public async Task WeightedRandom_SpreadsOverAllTargets()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var env = await StartAsync("", [Attribute("load_balancing.algorithm.type", "weighted_random")], [a, b]);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        for (var i = 0; i < 200; i++)
        {
            await BackendOfAsync(client);
        }

        Assert.InRange(a.RequestCount, 50, 150);
        Assert.Equal(200, a.RequestCount + b.RequestCount);
    }

    [Fact]
    public async Task WeightedRandom_AnomalyMitigation_ReducesTheFailingTargetsShare()
    {
        static Task Fail(HttpContext context)
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        }

        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var c = await TestBackend.StartAsync("c");
        await using var bad = await TestBackend.StartAsync("bad", handler: Fail);
        await using var env = await StartAsync("", [Attribute("load_balancing.algorithm.type", "weighted_random"), Attribute("load_balancing.algorithm.anomaly_mitigation", "on")], [a, b, c, bad]);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        // Four detection periods of 100 requests each: the weight halves each period while anomalous.
        for (var period = 0; period < 4; period++)
        {
            for (var i = 0; i < 100; i++)
            {
                await BackendOfAsync(client);
            }

            env.Server.RunAnomalyDetection();
        }

        var described = env.Server.Targets.DescribeTargetHealth("web").Single(d => d.Target.Port == bad.Port);
        Assert.Equal("anomalous", described.AnomalyDetection!.Result);
        Assert.Equal("yes", described.AnomalyDetection.MitigationInEffect);
        Assert.All(env.Server.Targets.DescribeTargetHealth("web").Where(d => d.Target.Port != bad.Port), d => Assert.Equal("normal", d.AnomalyDetection!.Result));

        var badBefore = bad.RequestCount;
        for (var i = 0; i < 200; i++)
        {
            await BackendOfAsync(client);
        }

        // Parity would be ~50 of 200; mitigation has cut the anomalous target to a few percent.
        Assert.True(bad.RequestCount - badBefore < 25, $"bad got {bad.RequestCount - badBefore} of 200");
    }
}
