using AlbEmulator.Health;

namespace AlbEmulator.Tests.Health;

public sealed class HealthCheckStateMachineTests
{
    private static TargetHealth Run(TargetHealth start, int healthy, int unhealthy, params HealthCheckResult[] results)
    {
        var counters = default(HealthCheckCounters);
        var current = start;
        foreach (var result in results)
        {
            current = HealthCheckStateMachine.Next(current, result, ref counters, healthy, unhealthy);
        }

        return current;
    }

    [Fact]
    public void Initial_OneSuccess_Healthy_WhateverTheThreshold() =>
        Assert.Equal(TargetHealth.Healthy, Run(TargetHealth.InitialHealthChecking, 10, 2, HealthCheckResult.Success));

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    public void Healthy_BecomesUnhealthy_AfterExactlyTheUnhealthyThreshold(int threshold)
    {
        var failures = Enumerable.Repeat(HealthCheckResult.Mismatch(503), threshold).ToArray();
        Assert.Equal(TargetHealth.Healthy, Run(TargetHealth.Healthy, 5, threshold, failures[..^1]));
        Assert.Equal(TargetHealth.ResponseCodeMismatch(503), Run(TargetHealth.Healthy, 5, threshold, failures));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Unhealthy_BecomesHealthy_AfterExactlyTheHealthyThreshold(int threshold)
    {
        var successes = Enumerable.Repeat(HealthCheckResult.Success, threshold).ToArray();
        Assert.Equal(TargetHealthState.Unhealthy, Run(TargetHealth.Timeout, threshold, 2, successes[..^1]).State);
        Assert.Equal(TargetHealth.Healthy, Run(TargetHealth.Timeout, threshold, 2, successes));
    }

    [Fact]
    public void AFailureResetsTheSuccessCount() =>
        Assert.Equal(TargetHealthState.Unhealthy, Run(TargetHealth.Timeout, 3, 2, HealthCheckResult.Success, HealthCheckResult.Success, HealthCheckResult.Failed, HealthCheckResult.Success, HealthCheckResult.Success).State);

    [Fact]
    public void Unhealthy_ReasonFollowsTheLatestFailure() =>
        Assert.Equal(TargetHealth.FailedHealthChecks, Run(TargetHealth.Timeout, 3, 2, HealthCheckResult.Failed));

    [Fact]
    public void Initial_FailsUntilUnhealthyThreshold_ThenUnhealthy()
    {
        Assert.Equal(TargetHealth.InitialHealthChecking, Run(TargetHealth.RegistrationInProgress, 5, 2, HealthCheckResult.TimedOut));
        Assert.Equal(TargetHealth.Timeout, Run(TargetHealth.RegistrationInProgress, 5, 2, HealthCheckResult.TimedOut, HealthCheckResult.TimedOut));
    }

    [Theory]
    [MemberData(nameof(Unchecked))]
    public void UncheckedStates_DoNotChange(TargetHealth state) =>
        Assert.Same(state, Run(state, 2, 2, HealthCheckResult.Success, HealthCheckResult.Failed, HealthCheckResult.Failed));

    public static TheoryData<TargetHealth> Unchecked() =>
        [TargetHealth.DeregistrationInProgress, TargetHealth.NotInUse, TargetHealth.NotRegistered, TargetHealth.HealthCheckDisabled];

    [Fact]
    public void ReasonCodesAndDescriptions_AreAlbs()
    {
        Assert.Equal(("initial", "Elb.RegistrationInProgress", "Target registration is in progress"), Tuple(TargetHealth.RegistrationInProgress));
        Assert.Equal(("unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [503]"), Tuple(TargetHealth.ResponseCodeMismatch(503)));
        Assert.Equal(("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"), Tuple(TargetHealth.DeregistrationInProgress));
        Assert.Equal(("unavailable", "Target.HealthCheckDisabled", "Health checks are disabled"), Tuple(TargetHealth.HealthCheckDisabled));
        Assert.Equal(("healthy", null, null), Tuple(TargetHealth.Healthy));
    }

    private static (string, string?, string?) Tuple(TargetHealth health) => (health.StateName, health.Reason, health.Description);
}
