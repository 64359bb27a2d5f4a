using AlbEmulator.Health;
using AlbEmulator.TargetGroups;

namespace AlbEmulator.Tests.TargetGroups;

public sealed class TargetSelectorTests
{
    [Fact]
    public void LeastOutstanding_PicksTheFewestInFlight()
    {
        var fixture = Healthy(3, ("load_balancing.algorithm.type", "least_outstanding_requests"));
        fixture.Target(1).Model.RequestStarted();
        fixture.Target(1).Model.RequestStarted();
        fixture.Target(3).Model.RequestStarted();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("10.0.0.2", TargetSelector.Select(fixture.Web, fixture.Clock.GetUtcNow())!.Id);
        }
    }

    [Fact]
    public void LeastOutstanding_TiesRotate()
    {
        var fixture = Healthy(2, ("load_balancing.algorithm.type", "least_outstanding_requests"));
        var picks = Enumerable.Range(0, 4).Select(_ => TargetSelector.Select(fixture.Web, fixture.Clock.GetUtcNow())!.Id).ToArray();
        Assert.Equal(2, picks.Distinct().Count());
    }

    [Fact]
    public void RoundRobin_SkipsUnhealthy()
    {
        var fixture = Healthy(3);
        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Failed);
        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Failed);
        var picks = Enumerable.Range(0, 6).Select(_ => TargetSelector.Select(fixture.Web, fixture.Clock.GetUtcNow())!.Id).ToArray();
        Assert.DoesNotContain("10.0.0.2", picks);
        Assert.Equal(3, picks.Count(p => p == "10.0.0.1"));
    }

    [Theory]
    [InlineData(0.0, "10.0.0.1")]
    [InlineData(0.34, "10.0.0.2")]
    [InlineData(0.99, "10.0.0.3")]
    public void WeightedRandom_MapsTheRollEvenly(double roll, string expected)
    {
        var fixture = Healthy(3);
        Assert.Equal(expected, TargetSelector.WeightedRandom(fixture.Web.Routing.Candidates, mitigation: false, roll).Id);
    }

    [Fact]
    public void WeightedRandom_MitigationUsesRoutingWeights()
    {
        var fixture = Healthy(2);
        fixture.Target(1).RoutingWeight = 0.1;
        var candidates = fixture.Web.Routing.Candidates;

        // Total weight 1.1: the first target covers [0, 0.1/1.1).
        Assert.Equal("10.0.0.1", TargetSelector.WeightedRandom(candidates, mitigation: true, 0.05).Id);
        Assert.Equal("10.0.0.2", TargetSelector.WeightedRandom(candidates, mitigation: true, 0.2).Id);
    }

    [Fact]
    public void SlowStart_ShareGrowsLinearly()
    {
        var fixture = Healthy(2, ("slow_start.duration_seconds", "100"));
        var late = fixture.Target(2);
        fixture.Web.ApplyResult(late, HealthCheckResult.Failed);
        fixture.Web.ApplyResult(late, HealthCheckResult.Failed);
        for (var i = 0; i < 5; i++)
        {
            fixture.Web.ApplyResult(late, HealthCheckResult.Success);
        }

        Assert.NotNull(late.SlowStartSince);
        Assert.Equal(0, Share(fixture, late));

        fixture.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(0.5, late.SlowStartWeight(fixture.Clock.GetUtcNow(), TimeSpan.FromSeconds(100)), 3);
        Assert.InRange(Share(fixture, late), 0.25, 0.42);

        fixture.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(0.5, Share(fixture, late), 3);
        Assert.Null(late.SlowStartSince);
    }

    [Fact]
    public void NoCandidates_Null()
    {
        var fixture = new TargetGroupFixture(0);
        Assert.Null(TargetSelector.Select(fixture.Web, fixture.Clock.GetUtcNow()));
    }

    private static double Share(TargetGroupFixture fixture, TargetState target)
    {
        const int Picks = 4000;
        var hits = 0;
        for (var i = 0; i < Picks; i++)
        {
            hits += TargetSelector.Select(fixture.Web, fixture.Clock.GetUtcNow()) == target ? 1 : 0;
        }

        return (double)hits / Picks;
    }

    private static TargetGroupFixture Healthy(int targets, params (string, string)[] attributes)
    {
        var fixture = new TargetGroupFixture(targets, "", attributes);
        foreach (var target in fixture.Web.Targets)
        {
            fixture.Web.ApplyResult(target, HealthCheckResult.Success);
        }

        return fixture;
    }
}
