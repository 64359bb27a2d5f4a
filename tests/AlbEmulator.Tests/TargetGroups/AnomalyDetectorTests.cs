using AlbEmulator.Health;
using AlbEmulator.TargetGroups;

namespace AlbEmulator.Tests.TargetGroups;

public sealed class AnomalyDetectorTests
{
    private static TargetGroupFixture Healthy(int targets)
    {
        var fixture = new TargetGroupFixture(targets);
        foreach (var target in fixture.Web.Targets)
        {
            fixture.Web.ApplyResult(target, HealthCheckResult.Success);
        }

        return fixture;
    }

    private static void Traffic(TargetState target, int requests, int errors)
    {
        for (var i = 0; i < requests; i++)
        {
            target.RecordOutcome(i < errors);
        }
    }

    [Fact]
    public void FailingTarget_AnomalousAmongThree_WeightHalvedThenRecovers()
    {
        var fixture = Healthy(3);
        Traffic(fixture.Target(1), 20, 0);
        Traffic(fixture.Target(2), 20, 1);
        Traffic(fixture.Target(3), 20, 15);

        var changed = AnomalyDetector.Evaluate(fixture.Web.Targets, mitigation: true);
        Assert.Equal([fixture.Target(3)], changed);
        Assert.True(fixture.Target(3).Anomalous);
        Assert.Equal(0.5, fixture.Target(3).RoutingWeight);

        // Too little traffic: the result stands.
        AnomalyDetector.Evaluate(fixture.Web.Targets, mitigation: true);
        Assert.True(fixture.Target(3).Anomalous);

        Traffic(fixture.Target(3), 10, 0);
        AnomalyDetector.Evaluate(fixture.Web.Targets, mitigation: true);
        Assert.False(fixture.Target(3).Anomalous);
        Assert.Equal(0.75, fixture.Target(3).RoutingWeight);
    }

    [Fact]
    public void FewerThanThreeHealthyTargets_NeverAnomalous()
    {
        var fixture = Healthy(2);
        Traffic(fixture.Target(1), 20, 0);
        Traffic(fixture.Target(2), 20, 20);
        Assert.Empty(AnomalyDetector.Evaluate(fixture.Web.Targets, mitigation: true));
    }

    [Fact]
    public void DetectionWithoutMitigation_KeepsParity()
    {
        var fixture = Healthy(3);
        Traffic(fixture.Target(1), 20, 0);
        Traffic(fixture.Target(2), 20, 0);
        Traffic(fixture.Target(3), 20, 20);
        AnomalyDetector.Evaluate(fixture.Web.Targets, mitigation: false);
        Assert.True(fixture.Target(3).Anomalous);
        Assert.Equal(1.0, fixture.Target(3).RoutingWeight);
    }

    [Fact]
    public void UniformErrors_NotAnomalous()
    {
        var fixture = Healthy(3);
        foreach (var target in fixture.Web.Targets)
        {
            Traffic(target, 20, 10);
        }

        AnomalyDetector.Evaluate(fixture.Web.Targets, mitigation: true);
        Assert.All(fixture.Web.Targets, t => Assert.False(t.Anomalous));
    }
}
