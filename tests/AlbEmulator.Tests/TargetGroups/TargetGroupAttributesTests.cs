using AlbEmulator.Configuration;
using AlbEmulator.TargetGroups;

namespace AlbEmulator.Tests.TargetGroups;

public sealed class TargetGroupAttributesTests
{
    [Fact]
    public void Defaults_AreAws()
    {
        var attributes = TargetGroupAttributes.Default;
        Assert.Equal(LoadBalancingAlgorithm.RoundRobin, attributes.Algorithm);
        Assert.False(attributes.AnomalyMitigation);
        Assert.Equal(StickinessType.None, attributes.Stickiness);
        Assert.Equal(TimeSpan.FromSeconds(86400), attributes.LbCookieDuration);
        Assert.Equal(TimeSpan.FromSeconds(300), attributes.DeregistrationDelay);
        Assert.Equal(TimeSpan.Zero, attributes.SlowStart);
        Assert.Equal(1, attributes.MinimumHealthyCount);
        Assert.Equal(0, attributes.MinimumHealthyPercentage);
    }

    [Fact]
    public void Parses_EveryRoutingAttribute()
    {
        var attributes = TargetGroupAttributes.From(
        [
            new AttributeConfig("load_balancing.algorithm.type", "weighted_random"),
            new AttributeConfig("load_balancing.algorithm.anomaly_mitigation", "on"),
            new AttributeConfig("stickiness.enabled", "true"),
            new AttributeConfig("stickiness.type", "app_cookie"),
            new AttributeConfig("stickiness.app_cookie.cookie_name", "SESSION"),
            new AttributeConfig("stickiness.app_cookie.duration_seconds", "60"),
            new AttributeConfig("deregistration_delay.timeout_seconds", "5"),
            new AttributeConfig("slow_start.duration_seconds", "30"),
            new AttributeConfig("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "2"),
            new AttributeConfig("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "40"),
        ]);
        Assert.Equal(LoadBalancingAlgorithm.WeightedRandom, attributes.Algorithm);
        Assert.True(attributes.AnomalyMitigation);
        Assert.Equal(StickinessType.AppCookie, attributes.Stickiness);
        Assert.Equal("SESSION", attributes.AppCookieName);
        Assert.Equal(TimeSpan.FromSeconds(60), attributes.AppCookieDuration);
        Assert.Equal(TimeSpan.FromSeconds(5), attributes.DeregistrationDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), attributes.SlowStart);
        Assert.Equal((2, 40), (attributes.MinimumHealthyCount, attributes.MinimumHealthyPercentage));
    }
}
