using AlbEmulator.Health;
using AlbEmulator.TargetGroups;

namespace AlbEmulator.Tests.TargetGroups;

public sealed class RoutingSnapshotTests
{
    [Fact]
    public void AllInitial_FailOpenToAll()
    {
        var fixture = new TargetGroupFixture(3);
        Assert.True(fixture.Web.Routing.FailOpen);
        Assert.Equal(3, fixture.Web.Routing.Candidates.Length);
    }

    [Fact]
    public void SomeHealthy_OnlyHealthy()
    {
        var fixture = new TargetGroupFixture(3);
        fixture.Web.ApplyResult(fixture.Target(1), HealthCheckResult.Success);
        Assert.False(fixture.Web.Routing.FailOpen);
        Assert.Equal("10.0.0.1", Assert.Single(fixture.Web.Routing.Candidates).Id);
    }

    [Fact]
    public void MinimumHealthyPercentage_BreachRoutesToAll()
    {
        var fixture = new TargetGroupFixture(4, "", ("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "50"));
        fixture.Web.ApplyResult(fixture.Target(1), HealthCheckResult.Success);
        Assert.True(fixture.Web.Routing.FailOpen);
        Assert.Equal(4, fixture.Web.Routing.Candidates.Length);

        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Success);
        Assert.False(fixture.Web.Routing.FailOpen);
        Assert.Equal(2, fixture.Web.Routing.Candidates.Length);
    }

    [Fact]
    public void Draining_NeverACandidate_EvenUnderFailOpen()
    {
        var fixture = new TargetGroupFixture(2, "", ("deregistration_delay.timeout_seconds", "300"));
        fixture.Web.Deregister([new TargetDescription("10.0.0.1")]);
        Assert.Equal("10.0.0.2", Assert.Single(fixture.Web.Routing.Candidates).Id);
        fixture.Web.Deregister([new TargetDescription("10.0.0.2")]);
        Assert.Empty(fixture.Web.Routing.Candidates);
    }

    [Fact]
    public void UnusedGroup_HasNoCandidates() =>
        Assert.Empty(new TargetGroupFixture(1).Model.TargetGroups["spare"].State.Routing.Candidates);
}
