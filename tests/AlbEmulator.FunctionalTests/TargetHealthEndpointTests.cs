using System.Text.Json;
using AlbEmulator.TargetGroups;
using AlbEmulator.Tests.Common;
using static AlbEmulator.FunctionalTests.TargetGroupScenario;

namespace AlbEmulator.FunctionalTests;

/// <summary>GET /targets on the admin endpoint and the runtime target API.</summary>
public sealed class TargetHealthEndpointTests
{
    [Fact]
    public async Task GetTargets_DescribesEveryGroupAndTarget()
    {
        var badHealth = new HealthSwitch { Status = 503 };
        await using var good = await TestBackend.StartAsync("good");
        await using var bad = await TestBackend.StartAsync("bad", healthCheck: badHealth.HandleAsync);
        await using var env = await StartAsync("", null, [good, bad]);
        await CheckAsync(env, 2);

        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        using var response = await admin.GetAsync("/targets");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var group = Assert.Single(json.RootElement.GetProperty("TargetGroups").EnumerateArray());
        Assert.Equal("web", group.GetProperty("TargetGroupName").GetString());
        Assert.StartsWith("arn:aws:elasticloadbalancing:", group.GetProperty("TargetGroupArn").GetString(), StringComparison.Ordinal);
        var targets = group.GetProperty("TargetHealthDescriptions").EnumerateArray().ToArray();
        Assert.Equal(2, targets.Length);

        Assert.Equal("127.0.0.1", targets[0].GetProperty("Target").GetProperty("Id").GetString());
        Assert.Equal(good.Port, targets[0].GetProperty("Target").GetProperty("Port").GetInt32());
        Assert.Equal(good.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), targets[0].GetProperty("HealthCheckPort").GetString());
        Assert.Equal("healthy", targets[0].GetProperty("TargetHealth").GetProperty("State").GetString());
        Assert.False(targets[0].GetProperty("TargetHealth").TryGetProperty("Reason", out _));

        var unhealthy = targets[1].GetProperty("TargetHealth");
        Assert.Equal("unhealthy", unhealthy.GetProperty("State").GetString());
        Assert.Equal("Target.ResponseCodeMismatch", unhealthy.GetProperty("Reason").GetString());
        Assert.Equal("Health checks failed with these codes: [503]", unhealthy.GetProperty("Description").GetString());
    }

    [Fact]
    public async Task HostCounts_AndDescribeOfUnregisteredTarget()
    {
        var badHealth = new HealthSwitch { Status = 500 };
        await using var good = await TestBackend.StartAsync("good");
        await using var bad = await TestBackend.StartAsync("bad", healthCheck: badHealth.HandleAsync);
        await using var env = await StartAsync("", null, [good, bad]);
        await CheckAsync(env, 2);

        var counts = Assert.Single(env.Server.Targets.GetHostCounts());
        Assert.StartsWith("targetgroup/web/", counts.TargetGroupFullName, StringComparison.Ordinal);
        Assert.Equal((1, 1), (counts.Healthy, counts.Unhealthy));

        var unknown = Assert.Single(env.Server.Targets.DescribeTargetHealth("web", [new TargetDescription("10.9.9.9", 8080)]));
        Assert.Equal(("unused", "Target.NotRegistered", "Target is not registered to the target group"), (unknown.TargetHealth.StateName, unknown.TargetHealth.Reason, unknown.TargetHealth.Description));
        Assert.Throws<KeyNotFoundException>(() => env.Server.Targets.DescribeTargetHealth("nope"));
    }
}
