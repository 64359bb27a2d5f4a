using AlbEmulator.Configuration;
using AlbEmulator.Health;
using AlbEmulator.Utilities;
using AlbEmulator.TargetGroups;

namespace AlbEmulator.Tests.TargetGroups;

public sealed class TargetGroupStateTests
{
    [Fact]
    public void ConfiguredTargets_StartInitialRegistrationInProgress_UnusedGroupNotInUse()
    {
        var fixture = new TargetGroupFixture(2);
        Assert.All(fixture.Web.Targets, t => Assert.Equal(TargetHealth.RegistrationInProgress, t.Health));
        Assert.Equal(TargetHealth.NotInUse, fixture.Model.TargetGroups["spare"].State.Targets[0].Health);
    }

    [Fact]
    public void CheckResults_FollowTheStateMachine_AndLogEveryChange()
    {
        var fixture = new TargetGroupFixture(1, """ "UnhealthyThresholdCount": 3, """);
        var target = fixture.Target(1);
        fixture.Web.MarkCheckStarted(target);
        Assert.Equal(TargetHealth.InitialHealthChecking, target.Health);
        fixture.Web.ApplyResult(target, HealthCheckResult.Success);
        Assert.Equal(TargetHealth.Healthy, target.Health);
        fixture.Web.ApplyResult(target, HealthCheckResult.TimedOut);
        fixture.Web.ApplyResult(target, HealthCheckResult.TimedOut);
        Assert.Equal(TargetHealth.Healthy, target.Health);
        fixture.Web.ApplyResult(target, HealthCheckResult.TimedOut);
        Assert.Equal(TargetHealth.Timeout, target.Health);

        Assert.Contains(fixture.Log, l => l == "Target group 'web' target 10.0.0.1 port 80: initial Elb.InitialHealthChecking Initial health checks in progress");
        Assert.Contains(fixture.Log, l => l == "Target group 'web' target 10.0.0.1 port 80: unhealthy Target.Timeout Request timed out");
        Assert.Single(fixture.Log, l => l.Contains("unhealthy", StringComparison.Ordinal));
    }

    [Fact]
    public void Deregister_Draining_ThenGoneWhenTheDelayEnds()
    {
        var fixture = new TargetGroupFixture(2, "", ("deregistration_delay.timeout_seconds", "0"));
        fixture.Web.Deregister([new TargetDescription("10.0.0.1")]);
        Assert.Single(fixture.Web.Targets);
        Assert.Equal("10.0.0.2", Assert.Single(fixture.Web.Routing.Candidates).Id);
        Assert.Equal(TargetHealth.NotRegistered, fixture.Registry.DescribeTargetHealth("web", [new TargetDescription("10.0.0.1", 80)])[0].TargetHealth);
    }

    [Fact]
    public void Deregister_WithDelay_DrainingAndCutTokenNotYetCancelled()
    {
        var fixture = new TargetGroupFixture(2, "", ("deregistration_delay.timeout_seconds", "300"));
        var target = fixture.Target(1);
        fixture.Web.Deregister([new TargetDescription("10.0.0.1")]);
        Assert.Equal(TargetHealth.DeregistrationInProgress, target.Health);
        Assert.Equal(fixture.Clock.GetUtcNow().AddSeconds(300), target.DrainingUntil);
        Assert.False(target.DrainCut.IsCancellationRequested);
        Assert.DoesNotContain(target, fixture.Web.Routing.Candidates);
        Assert.Equal(2, fixture.Web.Targets.Count);
    }

    [Fact]
    public void Register_IsIdempotent_AndReregisteringADrainingTargetStartsAfresh()
    {
        var fixture = new TargetGroupFixture(1, "", ("deregistration_delay.timeout_seconds", "300"));
        fixture.Registry.RegisterTargets("web", [new TargetDescription("10.0.0.1", 80)]);
        Assert.Single(fixture.Web.Targets);

        fixture.Registry.DeregisterTargets("web", [new TargetDescription("10.0.0.1")]);
        fixture.Registry.RegisterTargets("web", [new TargetDescription("10.0.0.1")]);
        var target = Assert.Single(fixture.Web.Targets);
        Assert.Equal(TargetHealth.RegistrationInProgress, target.Health);
        Assert.False(target.IsDraining);
    }

    [Fact]
    public void StateSurvivesASnapshotSwap()
    {
        var fixture = new TargetGroupFixture(1);
        var target = fixture.Target(1);
        fixture.Web.ApplyResult(target, HealthCheckResult.Success);
        fixture.Registry.Attach(fixture.Model);
        Assert.Same(target, Assert.Single(fixture.Web.Targets));
        Assert.Equal(TargetHealth.Healthy, target.Health);
    }

    [Fact]
    public void NewSnapshot_KeepsLiveState_ReconcilesConfiguredTargets()
    {
        var fixture = new TargetGroupFixture(2, "", ("deregistration_delay.timeout_seconds", "300"));
        var kept = fixture.Target(1);
        fixture.Web.ApplyResult(kept, HealthCheckResult.Success);
        fixture.Registry.RegisterTargets("web", [new TargetDescription("10.0.0.9")]);

        // The "reloaded" config lists 10.0.0.1 and 10.0.0.3 (10.0.0.2 removed).
        var config = fixture.Model.Config with
        {
            TargetGroups = new ValueList<TargetGroupConfig>(
            [
                fixture.Model.Config.TargetGroups[0] with { Targets = new ValueList<TargetConfig>([new() { Id = "10.0.0.1" }, new() { Id = "10.0.0.3" }]) },
                fixture.Model.Config.TargetGroups[1],
            ]),
        };
        var next = AlbEmulator.Model.LoadBalancerModelBuilder.Build(config, AlbEmulator.Forwarding.TargetGroupConnections.Create, fixture.Registry);

        var web = next.TargetGroups["web"].State;
        Assert.Same(fixture.Web, web);
        Assert.Same(kept, web.Targets.Single(t => t.Id == "10.0.0.1"));
        Assert.Equal(TargetHealth.Healthy, kept.Health);
        Assert.Equal(TargetHealth.DeregistrationInProgress, web.Targets.Single(t => t.Id == "10.0.0.2").Health);
        Assert.Equal(TargetHealth.RegistrationInProgress, web.Targets.Single(t => t.Id == "10.0.0.3").Health);
        Assert.Equal(TargetHealth.RegistrationInProgress, web.Targets.Single(t => t.Id == "10.0.0.9").Health);
    }

    [Fact]
    public void SlowStart_StartsOnlyWithASettledHealthyPeer()
    {
        var fixture = new TargetGroupFixture(2, "", ("slow_start.duration_seconds", "30"));
        fixture.Web.ApplyResult(fixture.Target(1), HealthCheckResult.Success);
        Assert.Null(fixture.Target(1).SlowStartSince);
        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Success);
        Assert.Equal(fixture.Clock.GetUtcNow(), fixture.Target(2).SlowStartSince);
    }

    [Fact]
    public void HostCounts_CountHealthyAndUnhealthy()
    {
        var fixture = new TargetGroupFixture(3);
        fixture.Web.ApplyResult(fixture.Target(1), HealthCheckResult.Success);
        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Failed);
        fixture.Web.ApplyResult(fixture.Target(2), HealthCheckResult.Failed);
        var web = fixture.Registry.GetHostCounts().Single(c => c.TargetGroupFullName.StartsWith("targetgroup/web/", StringComparison.Ordinal));
        Assert.Equal((1, 1), (web.Healthy, web.Unhealthy));
    }
}
