using AlbEmulator.Health;
using AlbEmulator.Hosting;
using AlbEmulator.TargetGroups;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// One HTTP listener (8080) forwarding to target group "web" whose targets are real test backends.
/// Health checks run by hand (<see cref="HealthCheckOptions.Automatic"/> off) unless asked otherwise, so
/// a test decides exactly how many checks have run.
/// </summary>
internal static class TargetGroupScenario
{
    public static string Config(string groupExtras, IEnumerable<KeyValuePair<string, string>>? attributes, params int[] ports)
    {
        var targets = string.Join(", ", ports.Select(p => $$"""{ "Id": "127.0.0.1", "Port": {{p}} }"""));
        var attributeJson = string.Join(", ", (attributes ?? []).Select(a => $$"""{ "Key": "{{a.Key}}", "Value": "{{a.Value}}" }"""));
        return $$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80, {{groupExtras}}
                "TargetGroupAttributes": [ {{attributeJson}} ],
                "Targets": [ {{targets}} ] } ]
            }
            """;
    }

    public static Task<AlbTestEnvironment> StartAsync(string groupExtras, IEnumerable<KeyValuePair<string, string>>? attributes, TestBackend[] backends, bool automatic = false, Action<AlbEmulatorOptions>? configure = null) =>
        AlbTestEnvironment.StartAsync(Config(groupExtras, attributes, backends.Select(b => b.Port).ToArray()), configure: options =>
        {
            options.HealthChecks.Automatic = automatic;
            configure?.Invoke(options);
        });

    public static KeyValuePair<string, string> Attribute(string key, string value) => new(key, value);

    /// <summary>The health of one target of "web".</summary>
    public static TargetHealth HealthOf(AlbTestEnvironment env, TestBackend backend, string group = "web") =>
        env.Server.Targets.DescribeTargetHealth(group, [new TargetDescription("127.0.0.1", backend.Port)])[0].TargetHealth;

    /// <summary>Runs <paramref name="rounds"/> health-check rounds.</summary>
    public static async Task CheckAsync(AlbTestEnvironment env, int rounds = 1)
    {
        for (var i = 0; i < rounds; i++)
        {
            await env.Server.RunHealthChecksAsync();
        }
    }

    /// <summary>A backend that holds every request until the test releases them, and tells when the first one arrived.</summary>
    public static async Task<(TestBackend Backend, Task Started, TaskCompletionSource Release)> StartParkingBackendAsync(string name)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var backend = await TestBackend.StartAsync(name, handler: async context =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(context.RequestAborted);
            await TestBackend.EchoAsync(context, name);
        });
        return (backend, started.Task, release);
    }

    /// <summary>
    /// least_outstanding_requests (TG-41) with a parked and a fast backend: sends until one request is parked, then 20 more,
    /// which must all go to the fast one; releases the parked ones; returns how many requests were sent in all.
    /// </summary>
    public static async Task<int> AssertLeastOutstandingAvoidsTheParkedAsync(Func<Task<string>> send, (TestBackend Backend, Task Started, TaskCompletionSource Release) slow, TestBackend fast)
    {
        var pending = new List<Task<string>>();
        while (!slow.Started.IsCompleted)
        {
            pending.Add(send());
            await Task.WhenAny(slow.Started, pending[^1]);
        }

        var fastBefore = fast.RequestCount;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(fast.Name, await send());
        }

        Assert.Equal((fastBefore + 20, 1), (fast.RequestCount, slow.Backend.RequestCount));
        slow.Release.SetResult();
        await Task.WhenAll(pending);
        return pending.Count + 20;
    }

    /// <summary>Sends a GET and returns the echoing backend's name (or the status code for a non-echo answer).</summary>
    public static async Task<string> BackendOfAsync(HttpClient client, string path = "/", string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? EchoedRequest.Parse(body).Backend : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A health-check handler whose answer the test flips: status code, or hang (for timeouts).</summary>
internal sealed class HealthSwitch
{
    private volatile int _status = 200;
    private volatile bool _hang;

    public int Status
    {
        get => _status;
        set => _status = value;
    }

    public bool Hang
    {
        get => _hang;
        set => _hang = value;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (_hang)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = _status;
    }
}
