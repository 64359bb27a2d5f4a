using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AlbEmulator.Testing.Tests;

/// <summary>The fixture over the live target registry: real health, register/deregister during a test, check rounds, waiting for a state.</summary>
public sealed class TargetHealthTests
{
    /// <summary>A loopback port nothing listens on: connections are refused (Target.FailedHealthChecks).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task DescribeTargets_reports_the_health_the_checks_produced()
    {
        await using var good = await Backend.StartAsync("good");
        var dead = new AlbTarget("127.0.0.1", ClosedPort());
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c.Listener(8080, "HTTP", l => l.DefaultForward("web")).TargetGroup("web"))
            .WithTargets("web", AlbTarget.FromUrl(good.Url), dead)
            .WithManualHealthChecks()
            .StartAsync();

        Assert.All(alb.DescribeTargets("web"), t => Assert.Equal(("initial", "Elb.RegistrationInProgress", "Target registration is in progress"), (t.State, t.Reason, t.Description)));

        await alb.RunHealthChecksAsync("web");
        var afterOne = alb.DescribeTargets("web");
        Assert.Equal(("healthy", null, null), (afterOne[0].State, afterOne[0].Reason, afterOne[0].Description));
        Assert.Equal(good.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), afterOne[0].HealthCheckPort);
        Assert.Equal(("initial", "Elb.InitialHealthChecking"), (afterOne[1].State, afterOne[1].Reason));

        // UnhealthyThresholdCount defaults to 2.
        await alb.RunHealthChecksAsync();
        var deadNow = alb.DescribeTarget("web", dead);
        Assert.Equal(("unhealthy", "Target.FailedHealthChecks", "Health checks failed"), (deadNow.State, deadNow.Reason, deadNow.Description));
        Assert.Equal(("web", "127.0.0.1", dead.Port!.Value), (deadNow.TargetGroupName, deadNow.Id, deadNow.Port));
    }

    [Fact]
    public async Task A_target_registered_during_the_test_gets_checked_and_traffic()
    {
        await using var one = await Backend.StartAsync("one");
        await using var two = await Backend.StartAsync("two");
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c.Listener(8080, "HTTP", l => l.DefaultForward("web")).TargetGroup("web"))
            .WithTargetUrls("web", one.Url)
            .ConfigureOptions(o => o.HealthChecks.IntervalOverride = TimeSpan.FromMilliseconds(100))
            .StartAsync();
        using var client = alb.CreateClient(8080);
        await alb.WaitForTargetStateAsync("web", AlbTarget.FromUrl(one.Url), "healthy");
        Assert.Equal("one /", await client.GetStringAsync("/"));

        alb.RegisterTargetUrls("web", two.Url);

        var added = await alb.WaitForTargetStateAsync("web", AlbTarget.FromUrl(two.Url), "healthy");
        Assert.Equal(("127.0.0.1", two.Url.Port, (string?)null), (added.Id, added.Port, added.Reason));
        Assert.Equal(2, alb.DescribeTargets("web").Count);
        var bodies = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            bodies.Add(await client.GetStringAsync("/"));
        }

        Assert.Equal(["one /", "two /"], bodies.Order());
    }

    [Fact]
    public async Task Deregistered_targets_drain_then_leave_and_an_empty_group_gives_503()
    {
        await using var one = await Backend.StartAsync("one");
        await using var two = await Backend.StartAsync("two");
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c
                .Listener(8080, "HTTP", l => l.DefaultForward("web").Rule(10, r => r.PathPattern("/slow/*").Forward("slow")))
                .TargetGroup("web", tg => tg.Attribute("deregistration_delay.timeout_seconds", "0"))
                .TargetGroup("slow"))
            .WithTargetUrls("web", one.Url)
            .WithTargetUrls("slow", two.Url)
            .WithManualHealthChecks()
            .StartAsync();
        using var client = alb.CreateClient(8080);

        alb.DeregisterTargets("slow", AlbTarget.FromUrl(two.Url));
        Assert.Equal(("draining", "Target.DeregistrationInProgress"), Tuple(alb.DescribeTarget("slow", AlbTarget.FromUrl(two.Url))));

        alb.DeregisterTargets("web", AlbTarget.FromUrl(one.Url));
        Assert.Equal(("unused", "Target.NotRegistered"), Tuple(alb.DescribeTarget("web", AlbTarget.FromUrl(one.Url))));
        Assert.Empty(alb.DescribeTargets("web"));
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Null((await alb.WaitForAccessLogAsync(e => e.ElbStatusCode == 503)).Target);

        static (string, string?) Tuple(RegisteredTarget t) => (t.State, t.Reason);
    }

    [Fact]
    public async Task In_memory_app_targets_are_checked_through_the_app_and_any_registered_id_reaches_it()
    {
        using var factory = new WebApplicationFactory<Program>();
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c
                .Listener(8080, "HTTP", l => l.DefaultForward("web"))
                .TargetGroup("web", tg => tg.HealthCheckPath("/health").Attribute("deregistration_delay.timeout_seconds", "0")))
            .WithApp("web", factory, new AlbTarget("10.0.0.1", 8000))
            .WithManualHealthChecks()
            .StartAsync();
        using var client = alb.CreateClient(8080);
        var health = factory.Services.GetRequiredService<HealthState>();

        await alb.RunHealthChecksAsync();
        Assert.Equal("healthy", alb.DescribeTarget("web", new AlbTarget("10.0.0.1", 8000)).State);

        health.Healthy = false;
        await alb.RunHealthChecksAsync();
        await alb.RunHealthChecksAsync();
        var failing = alb.DescribeTarget("web", new AlbTarget("10.0.0.1", 8000));
        Assert.Equal(("unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [503]"), (failing.State, failing.Reason, failing.Description));

        health.Healthy = true;
        alb.RegisterTargets("web", new AlbTarget("10.0.0.2"));
        alb.DeregisterTargets("web", new AlbTarget("10.0.0.1", 8000));
        await alb.RunHealthChecksAsync("web");
        Assert.Equal([("10.0.0.2", 80, "healthy")], alb.DescribeTargets("web").Select(t => (t.Id, t.Port, t.State)));

        Assert.Equal("Hello from app\n", await client.GetStringAsync("/"));
        Assert.Equal("10.0.0.2:80", (await alb.WaitForAccessLogAsync(e => e.ElbStatusCode == 200)).Target);
    }

    [Fact]
    public async Task WaitForTargetStateAsync_follows_automatic_checks_and_times_out_naming_the_state()
    {
        var dead = new AlbTarget("127.0.0.1", ClosedPort());
        await using var alb = await AlbEmulatorFixture
            .Configure(c => c.Listener(8080, "HTTP", l => l.DefaultForward("web")).TargetGroup("web"))
            .WithTargets("web", dead)
            .ConfigureOptions(o => o.HealthChecks.IntervalOverride = TimeSpan.FromMilliseconds(50))
            .StartAsync();

        var unhealthy = await alb.WaitForTargetStateAsync("web", dead, "unhealthy");
        Assert.Equal("Target.FailedHealthChecks", unhealthy.Reason);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => alb.WaitForTargetStateAsync("web", dead, "healthy", TimeSpan.FromMilliseconds(100)));
        Assert.Contains("it is unhealthy (Target.FailedHealthChecks", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => alb.RegisterTargets("nope", dead));
        await Assert.ThrowsAsync<ArgumentException>(() => alb.RunHealthChecksAsync("nope"));
    }
}
