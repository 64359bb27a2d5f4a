using System.Net;
using AlbEmulator.Health;
using AlbEmulator.TargetGroups;
using AlbEmulator.Tests.Common;
using static AlbEmulator.FunctionalTests.TargetGroupScenario;

namespace AlbEmulator.FunctionalTests;

/// <summary>Deregistration delay (TG-60) and 503 without registered targets (TG-34).</summary>
public sealed class DrainingTests
{
    [Fact]
    public async Task Deregister_NewRequestsAvoidTarget_InFlightCutWith502WhenDelayExpires()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await TestBackend.StartAsync("slow", handler: async context =>
        {
            started.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        await using var other = await TestBackend.StartAsync("other");
        await using var env = await StartAsync("", [Attribute("deregistration_delay.timeout_seconds", "1")], [slow, other]);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        var pending = new List<Task<HttpResponseMessage>>();
        while (!started.Task.IsCompleted)
        {
            pending.Add(client.GetAsync("/"));
            await Task.WhenAny(started.Task, pending[^1]);
        }

        env.Server.Targets.DeregisterTargets("web", [new TargetDescription("127.0.0.1", slow.Port)]);
        Assert.Equal(TargetHealth.DeregistrationInProgress, HealthOf(env, slow));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("other", await BackendOfAsync(client));
        }

        var cut = pending.Single(t => !t.IsCompleted || t.Result.StatusCode != HttpStatusCode.OK);
        using var response = await cut.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);

        await Eventually.UntilAsync(() => env.Server.Targets.DescribeTargetHealth("web").Count == 1, "target gone");
        Assert.Equal(TargetHealth.NotRegistered, HealthOf(env, slow));
        Assert.Equal(1, slow.RequestCount);
        foreach (var task in pending)
        {
            (await task).Dispose();
        }
    }

    [Fact]
    public async Task Deregister_InFlightRequestFinishes_StateStaysDrainingUntilDelayEnds()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await TestBackend.StartAsync("a", handler: async context =>
        {
            started.TrySetResult();
            await release.Task;
            await TestBackend.EchoAsync(context, "a");
        });
        await using var env = await StartAsync("", [Attribute("deregistration_delay.timeout_seconds", "2")], [backend]);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        var inFlight = client.GetAsync("/");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        env.Server.Targets.DeregisterTargets("web", [new TargetDescription("127.0.0.1", backend.Port)]);

        // No target may take new requests: 503 (TG-34).
        using (var rejected = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
        }

        release.SetResult();
        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TargetHealthState.Draining, HealthOf(env, backend).State);

        await Eventually.UntilAsync(() => HealthOf(env, backend) == TargetHealth.NotRegistered, "draining ends", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task NoRegisteredTargets_503_ThenRegisteredAtRunTime_Serves()
    {
        await using var backend = await TestBackend.StartAsync("a");
        await using var env = await StartAsync("", null, []);
        using var client = env.CreateClient(8080);

        using (var response = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        env.Server.Targets.RegisterTargets("web", [new TargetDescription("127.0.0.1", backend.Port)]);
        Assert.Equal(TargetHealth.RegistrationInProgress, HealthOf(env, backend));
        Assert.Equal("a", await BackendOfAsync(client));
    }
}
