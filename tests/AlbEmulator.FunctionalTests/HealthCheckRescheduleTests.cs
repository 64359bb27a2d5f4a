using System.Diagnostics;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>ModifyTargetGroup reschedules the pending health check: 30 s → 5 s does not wait the old 30 s.</summary>
[Collection(ControlPlaneApiTestsCollection.Name)]
public sealed class HealthCheckRescheduleTests
{
    [Fact]
    public async Task ModifyTargetGroup_ShorterInterval_NextCheckWithinTheNewInterval()
    {
        await using var web = await TestBackend.StartAsync("web");
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80, "HealthCheckIntervalSeconds": 30, "Targets": [ { "Id": "127.0.0.1", "Port": {{web.Port}} } ] } ]
            }
            """);
        await Eventually.UntilAsync(() => web.HealthCheckCount >= 1, "the first health check");
        var before = web.HealthCheckCount;

        var cli = new AwsCli(env.Server.AdminUri!);
        await cli.Elbv2Async("modify-target-group", "--target-group-arn", env.Server.Runtime.Current.TargetGroups["web"].Arn, "--health-check-interval-seconds", "5", "--health-check-timeout-seconds", "2");
        var clock = Stopwatch.StartNew();
        await Eventually.UntilAsync(() => web.HealthCheckCount > before, "the next health check", TimeSpan.FromSeconds(22));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(22), $"next check after {clock.Elapsed}");
    }
}
