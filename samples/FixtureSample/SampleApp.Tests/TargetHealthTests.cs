using System.Net;
using AlbEmulator.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SampleApp.Tests;

/// <summary>
/// Real target health behind the emulated ALB: the app's <c>/health</c> fails, the target turns unhealthy,
/// the ALB fails open (still sends traffic), an empty group answers 503, and a target added during the
/// test takes over. Health checks run only when the test asks (<c>WithManualHealthChecks</c>).
/// </summary>
public sealed class TargetHealthTests
{
    [Fact]
    public async Task No_healthy_target_fails_open_no_registered_target_gives_503_and_a_new_target_takes_over()
    {
        // Its own app: the test flips the app's health, which no other test should see.
        using var app = new WebApplicationFactory<Program>();
        var first = new AlbTarget("10.0.0.1", 8080);
        var second = new AlbTarget("10.0.0.2", 8080);
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c
                .Listener(80, "HTTP", l => l.DefaultForward("web"))
                .TargetGroup("web", tg => tg
                    .Port(8080)
                    .HealthCheckPath("/health")
                    .Attribute("deregistration_delay.timeout_seconds", "0")))
            .WithApp("web", app, first)
            .WithManualHealthChecks()
            .StartAsync();
        using var client = alb.CreateClient(80);

        // The app's /health answers 503: two failed checks (UnhealthyThresholdCount) make the target unhealthy.
        app.Services.GetRequiredService<HealthState>().Healthy = false;
        await alb.RunHealthChecksAsync();
        await alb.RunHealthChecksAsync();
        var unhealthy = await alb.WaitForTargetStateAsync("web", first, "unhealthy");
        Assert.Equal("Target.ResponseCodeMismatch", unhealthy.Reason);
        Assert.Equal("Health checks failed with these codes: [503]", unhealthy.Description);

        // Fail-open: with no healthy target, the ALB routes to every registered target anyway.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        // No registered target at all: 503 from the ALB itself.
        alb.DeregisterTargets("web", first);
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("awselb/2.0", response.Headers.Server.ToString());

        // A target added during the test: checked, healthy, and it gets the traffic.
        app.Services.GetRequiredService<HealthState>().Healthy = true;
        alb.RegisterTargets("web", second);
        Assert.Equal("initial", alb.DescribeTarget("web", second).State);
        await alb.RunHealthChecksAsync("web");
        await alb.WaitForTargetStateAsync("web", second, "healthy");

        Assert.Equal("Hello from app\n", await client.GetStringAsync("/"));
        var line = await alb.WaitForAccessLogAsync(e => e.ElbStatusCode == 200 && e.Target == "10.0.0.2:8080");
        Assert.Equal(200, line.TargetStatusCode);
    }
}
