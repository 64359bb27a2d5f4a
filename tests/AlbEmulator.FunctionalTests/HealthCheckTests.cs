using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AlbEmulator.Health;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static AlbEmulator.FunctionalTests.TargetGroupScenario;

namespace AlbEmulator.FunctionalTests;

/// <summary>Active health checks against real backends: request shape (HC-10..HC-12), state machine (HC-21..HC-24), HC-25.</summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task Http1Check_HasAlbRequestShape()
    {
        var seen = new ConcurrentQueue<(string Method, string Target, string Protocol, string[][] Headers)>();
        await using var backend = await TestBackend.StartAsync("a", healthCheck: context =>
        {
            seen.Enqueue((context.Request.Method, context.Features.Get<IHttpRequestFeature>()!.RawTarget, context.Request.Protocol,
                context.Request.Headers.Select(h => new[] { h.Key, h.Value.ToString() }).ToArray()));
            return Task.CompletedTask;
        });
        await using var env = await StartAsync("""  "HealthCheckPath": "/health?full=1", """, null, [backend]);

        await CheckAsync(env);

        var (method, target, protocol, headers) = Assert.Single(seen);
        Assert.Equal("GET", method);
        Assert.Equal("/health?full=1", target);
        Assert.Equal("HTTP/1.1", protocol);
        string? Header(string name) => headers.FirstOrDefault(h => string.Equals(h[0], name, StringComparison.OrdinalIgnoreCase))?[1];
        Assert.Equal($"127.0.0.1:{backend.Port}", Header("Host"));
        Assert.Equal("ELB-HealthChecker/2.0", Header("User-Agent"));
        Assert.Equal("*/*", Header("Accept"));
        Assert.Equal("close", Header("Connection"));
        Assert.Equal(TargetHealth.Healthy, HealthOf(env, backend));
    }

    /// <summary>
    /// The exact request head ALB sends to an HTTP target (HC-10..HC-12, docs/health-checks.md): Host as the
    /// troubleshooting guide describes (the port written because it is not 80), User-Agent, Accept: */* and
    /// Connection: close; no Accept-Encoding (a target answers health checks uncompressed).
    /// </summary>
    [Fact]
    public async Task Http1Check_ExactRequestHead()
    {
        await using var target = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ] } ],
              "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "Port": 80, "HealthCheckPath": "/health?full=1",
                                  "Targets": [ { "Id": "127.0.0.1", "Port": {{target.Port}} } ] } ]
            }
            """, configure: o => o.HealthChecks.Automatic = false);

        await env.Server.RunHealthChecksAsync();

        var (_, head) = Assert.Single(target.Requests);
        Assert.Equal(
            $"GET /health?full=1 HTTP/1.1\r\nHost: 127.0.0.1:{target.Port}\r\nUser-Agent: ELB-HealthChecker/2.0\r\nAccept: */*\r\nConnection: close\r\n\r\n",
            head);
    }

    [Fact]
    public async Task EachCheck_UsesItsOwnConnection()
    {
        var ports = new ConcurrentQueue<int>();
        await using var backend = await TestBackend.StartAsync("a", healthCheck: context =>
        {
            ports.Enqueue(context.Connection.RemotePort);
            return Task.CompletedTask;
        });
        await using var env = await StartAsync("", null, [backend]);

        await CheckAsync(env, 3);

        Assert.Equal(3, ports.Distinct().Count());
    }

    [Fact]
    public async Task HttpsCheck_AcceptsASelfSignedCertificate()
    {
        var schemes = new ConcurrentQueue<string>();
        await using var backend = await TestBackend.StartAsync("tls", https: true, healthCheck: context =>
        {
            schemes.Enqueue(context.Request.Scheme);
            return Task.CompletedTask;
        });
        await using var env = await StartAsync(""" "HealthCheckProtocol": "HTTPS", """, null, [backend]);

        await CheckAsync(env);

        Assert.Equal("https", Assert.Single(schemes));
        Assert.Equal(TargetHealth.Healthy, HealthOf(env, backend));
    }

    [Fact]
    public async Task StateMachine_TransitionsAfterExactlyTheThresholdCounts()
    {
        var health = new HealthSwitch();
        await using var backend = await TestBackend.StartAsync("a", healthCheck: health.HandleAsync);
        await using var env = await StartAsync("""  "HealthyThresholdCount": 3, "UnhealthyThresholdCount": 2, """, null, [backend]);

        Assert.Equal(TargetHealth.RegistrationInProgress, HealthOf(env, backend));

        // HC-21: one success is enough for an initial target, whatever the threshold.
        await CheckAsync(env);
        Assert.Equal(TargetHealth.Healthy, HealthOf(env, backend));

        health.Status = 503;
        await CheckAsync(env);
        Assert.Equal(TargetHealth.Healthy, HealthOf(env, backend));
        await CheckAsync(env);
        var unhealthy = HealthOf(env, backend);
        Assert.Equal(TargetHealthState.Unhealthy, unhealthy.State);
        Assert.Equal("Target.ResponseCodeMismatch", unhealthy.Reason);
        Assert.Equal("Health checks failed with these codes: [503]", unhealthy.Description);

        health.Status = 200;
        await CheckAsync(env, 2);
        Assert.Equal(TargetHealthState.Unhealthy, HealthOf(env, backend).State);
        await CheckAsync(env);
        Assert.Equal(TargetHealth.Healthy, HealthOf(env, backend));
        Assert.Equal(6, backend.HealthCheckCount);
    }

    [Fact]
    public async Task InitialTarget_FailingChecks_StaysInitialUntilUnhealthyThreshold()
    {
        var health = new HealthSwitch { Status = 404 };
        await using var backend = await TestBackend.StartAsync("a", healthCheck: health.HandleAsync);
        await using var env = await StartAsync("""  "UnhealthyThresholdCount": 3, """, null, [backend]);

        await CheckAsync(env, 2);
        Assert.Equal(TargetHealth.InitialHealthChecking, HealthOf(env, backend));
        await CheckAsync(env);
        Assert.Equal(TargetHealth.ResponseCodeMismatch(404), HealthOf(env, backend));
    }

    [Fact]
    public async Task HangingTarget_TimesOut()
    {
        var health = new HealthSwitch { Hang = true };
        await using var backend = await TestBackend.StartAsync("a", healthCheck: health.HandleAsync);
        await using var env = await StartAsync("", null, [backend], configure: o => o.HealthChecks.TimeoutOverride = TimeSpan.FromMilliseconds(300));

        await CheckAsync(env, 2);
        Assert.Equal(TargetHealth.Timeout, HealthOf(env, backend));
        Assert.Equal("Request timed out", HealthOf(env, backend).Description);

        health.Hang = false;
        await CheckAsync(env, 5);
        Assert.Equal(TargetHealth.Healthy, HealthOf(env, backend));
    }

    [Fact]
    public async Task RefusedConnection_FailedHealthChecks()
    {
        var port = FreePort();
        await using var env = await AlbTestEnvironment.StartAsync(Config("", null, port), configure: o => o.HealthChecks.Automatic = false);

        await env.Server.RunHealthChecksAsync();
        await env.Server.RunHealthChecksAsync();
        var state = env.Server.Targets.DescribeTargetHealth("web")[0].TargetHealth;
        Assert.Equal("Target.FailedHealthChecks", state.Reason);
        Assert.Equal(TargetHealthState.Unhealthy, state.State);
    }

    [Fact]
    public async Task MatcherRangeAndHealthCheckPort_AreHonoured()
    {
        await using var checkedPort = await TestBackend.StartAsync("hc", healthCheck: c =>
        {
            c.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        await using var traffic = await TestBackend.StartAsync("a");
        await using var env = await StartAsync($$"""  "HealthCheckPort": "{{checkedPort.Port}}", "Matcher": { "HttpCode": "200-299" }, """, null, [traffic]);

        await CheckAsync(env);

        Assert.Equal(1, checkedPort.HealthCheckCount);
        Assert.Equal(0, traffic.HealthCheckCount);
        var description = env.Server.Targets.DescribeTargetHealth("web")[0];
        Assert.Equal(checkedPort.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), description.HealthCheckPort);
        Assert.Equal(TargetHealth.Healthy, description.TargetHealth);
    }

    [Fact]
    public async Task Traffic_AvoidsUnhealthyTargets()
    {
        var badHealth = new HealthSwitch { Status = 500 };
        await using var good = await TestBackend.StartAsync("good");
        await using var bad = await TestBackend.StartAsync("bad", healthCheck: badHealth.HandleAsync);
        await using var env = await StartAsync("", null, [good, bad]);
        await CheckAsync(env, 2);
        Assert.Equal(TargetHealthState.Unhealthy, HealthOf(env, bad).State);

        using var client = env.CreateClient(8080);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("good", await BackendOfAsync(client));
        }

        Assert.Equal(0, bad.RequestCount);
    }

    [Fact]
    public async Task InitialTargets_ReceiveTrafficWhileNoneIsHealthy_ThenOnlyHealthyOnes()
    {
        var slowHealth = new HealthSwitch { Status = 500 };
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b", healthCheck: slowHealth.HandleAsync);
        await using var env = await StartAsync("", null, [a, b]);
        using var client = env.CreateClient(8080);

        // No check yet: both initial, both receive traffic (TG-35 observed behaviour).
        var before = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            before.Add(await BackendOfAsync(client));
        }

        Assert.Equal(["a", "b"], before.Order());

        // One round: a healthy, b still initial → only a.
        await CheckAsync(env);
        Assert.Equal(TargetHealth.InitialHealthChecking, HealthOf(env, b));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("a", await BackendOfAsync(client));
        }
    }

    [Fact]
    public async Task AllUnhealthy_FailsOpenToAllTargets()
    {
        var health = new HealthSwitch { Status = 500 };
        await using var a = await TestBackend.StartAsync("a", healthCheck: health.HandleAsync);
        await using var b = await TestBackend.StartAsync("b", healthCheck: health.HandleAsync);
        await using var env = await StartAsync("", null, [a, b]);
        await CheckAsync(env, 2);
        Assert.All(env.Server.Targets.DescribeTargetHealth("web"), d => Assert.Equal(TargetHealthState.Unhealthy, d.TargetHealth.State));

        using var client = env.CreateClient(8080);
        var seen = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            seen.Add(await BackendOfAsync(client));
        }

        Assert.Equal(["a", "b"], seen.Order());
    }

    [Fact]
    public async Task MinimumHealthyCount_BreachRoutesToAll()
    {
        var badHealth = new HealthSwitch { Status = 500 };
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var c = await TestBackend.StartAsync("c", healthCheck: badHealth.HandleAsync);
        await using var env = await StartAsync("", [Attribute("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "3")], [a, b, c]);
        await CheckAsync(env, 2);
        Assert.Equal(TargetHealthState.Unhealthy, HealthOf(env, c).State);

        using var client = env.CreateClient(8080);
        var seen = new HashSet<string>();
        for (var i = 0; i < 9; i++)
        {
            seen.Add(await BackendOfAsync(client));
        }

        // Two healthy of three is below the minimum of 3: TG-31 routes to all targets.
        Assert.Contains("c", seen);
    }

    [Fact]
    public async Task AutomaticSchedule_ChecksOnItsOwn()
    {
        var health = new HealthSwitch();
        await using var backend = await TestBackend.StartAsync("a", healthCheck: health.HandleAsync);
        await using var env = await StartAsync("", null, [backend], automatic: true, configure: o => o.HealthChecks.IntervalOverride = TimeSpan.FromMilliseconds(100));

        await Eventually.UntilAsync(() => HealthOf(env, backend) == TargetHealth.Healthy, "healthy");
        health.Status = 502;
        await Eventually.UntilAsync(() => HealthOf(env, backend).Reason == "Target.ResponseCodeMismatch", "unhealthy");
        Assert.Equal("Health checks failed with these codes: [502]", HealthOf(env, backend).Description);
    }

    [Fact]
    public async Task GrpcGroup_SendsGrpcCall_JudgesGrpcStatus()
    {
        var grpcStatus = "0";
        var seen = new ConcurrentQueue<(string Method, string Path, string Protocol, string? ContentType, string? Te, long Length)>();
        await using var backend = await TestBackend.StartAsync("g", http2Only: true, healthCheck: async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            seen.Enqueue((context.Request.Method, context.Request.Path.Value!, context.Request.Protocol, context.Request.ContentType, context.Request.Headers.TE, body.Length));
            context.Response.ContentType = "application/grpc";
            context.Response.AppendTrailer("grpc-status", Volatile.Read(ref grpcStatus));
        });
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "grpc" } ] } ],
              "TargetGroups": [ { "Name": "grpc", "Protocol": "HTTP", "ProtocolVersion": "GRPC", "Port": 80, "Matcher": { "GrpcCode": "0" },
                "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """, configure: o => o.HealthChecks.Automatic = false);

        await env.Server.RunHealthChecksAsync();
        var (method, path, protocol, contentType, te, length) = Assert.Single(seen);
        Assert.Equal(("POST", "/AWS.ALB/healthcheck", "HTTP/2", "application/grpc", "trailers", 5L), (method, path, protocol, contentType, te, length));
        Assert.Equal(TargetHealth.Healthy, HealthOf(env, backend, "grpc"));

        Volatile.Write(ref grpcStatus, "14");
        await env.Server.RunHealthChecksAsync();
        await env.Server.RunHealthChecksAsync();
        Assert.Equal(TargetHealth.ResponseCodeMismatch(14), HealthOf(env, backend, "grpc"));
    }

    [Fact]
    public async Task Http2Group_ChecksOverHttp2()
    {
        var protocols = new ConcurrentQueue<string>();
        await using var backend = await TestBackend.StartAsync("h2", http2Only: true, healthCheck: context =>
        {
            protocols.Enqueue(context.Request.Protocol);
            return Task.CompletedTask;
        });
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "h2" } ] } ],
              "TargetGroups": [ { "Name": "h2", "Protocol": "HTTP", "ProtocolVersion": "HTTP2", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """, configure: o => o.HealthChecks.Automatic = false);

        await env.Server.RunHealthChecksAsync();
        Assert.Equal("HTTP/2", Assert.Single(protocols));
        Assert.Equal(TargetHealth.Healthy, HealthOf(env, backend, "h2"));
    }

    [Fact]
    public async Task GroupWithoutListener_IsNotInUse_AndNotChecked()
    {
        await using var used = await TestBackend.StartAsync("used");
        await using var idle = await TestBackend.StartAsync("idle");
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
              "TargetGroups": [
                { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{used.Port}} } ] },
                { "Name": "spare", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{idle.Port}} } ] } ]
            }
            """, configure: o => o.HealthChecks.Automatic = false);

        await env.Server.RunHealthChecksAsync();
        Assert.Equal(TargetHealth.NotInUse, HealthOf(env, idle, "spare"));
        Assert.Equal(0, idle.HealthCheckCount);
        Assert.Equal(1, used.HealthCheckCount);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
