using System.Net;
using AlbEmulator.Testcontainers;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.TestcontainersTests;

/// <summary>
/// The module against a real engine (podman's Docker-compatible socket in CI: DOCKER_HOST, TESTCONTAINERS_RYUK_DISABLED,
/// ALB_TESTCONTAINERS_IMAGE from .ci/run): the container starts once /healthz answers, a request through its published
/// listener reaches a target on the test's own machine (podman names it host.containers.internal inside the container),
/// and the access log comes from the container's stdout.
/// </summary>
public sealed class AlbEmulatorContainerTests
{
    /// <summary>The image .ci/run builds from the Dockerfile's final stage (samples/docker-compose/build-image.sh).</summary>
    private static string Image => Environment.GetEnvironmentVariable("ALB_TESTCONTAINERS_IMAGE") ?? "localhost/alb-emulator:dev";

    [Fact]
    public async Task Container_ForwardsToATargetOnTheHost_HealthzAndAccessLog()
    {
        // The target: on every address of this machine, so the container reaches it through the engine's bridge.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Any, 0));
        builder.Logging.ClearProviders();
        await using var target = builder.Build();
        target.Run(context => context.Response.WriteAsync($"from the host: {context.Request.Path} via {context.Request.Headers["X-Forwarded-Proto"]}"));
        await target.StartAsync();
        var targetPort = new Uri(target.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;

        await using var alb = new AlbEmulatorBuilder(Image)
            .WithConfig($$"""
                {
                  "LoadBalancer": { "Name": "containers" },
                  "Listeners": [
                    { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "host" } ],
                      "Rules": [ { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/old/*" ] } ],
                        "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "410", "ContentType": "text/plain", "MessageBody": "gone" } } ] } ] }
                  ],
                  "TargetGroups": [
                    { "Name": "host", "Protocol": "HTTP", "Port": 80, "HealthCheckPath": "/health",
                      "Targets": [ { "Id": "host.containers.internal", "Port": {{targetPort}} } ] }
                  ]
                }
                """)
            .Build();
        await alb.StartAsync();

        using var client = new HttpClient { BaseAddress = alb.GetListenerUrl(8080), Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal("from the host: /hello via http", await client.GetStringAsync("/hello?x=1"));
        using var gone = await client.GetAsync("/old/page");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("gone", await gone.Content.ReadAsStringAsync());

        using var admin = new HttpClient { BaseAddress = alb.GetAdminUrl(), Timeout = TimeSpan.FromSeconds(30) };
        Assert.StartsWith("ok app/containers/", await admin.GetStringAsync("/healthz"), StringComparison.Ordinal);

        var log = await Eventually.ValueAsync(() => alb.GetAccessLogAsync(), lines => lines.Count(l => l.StartsWith("http ", StringComparison.Ordinal)) >= 2, "two access-log lines on the container's stdout", TimeSpan.FromSeconds(30));
        var forwarded = AccessLogLine.Parse(Assert.Single(log, l => l.Contains("/hello?x=1 HTTP/1.1", StringComparison.Ordinal)));
        Assert.Equal("200", forwarded.ElbStatusCode);
        Assert.Equal(targetPort.ToString(System.Globalization.CultureInfo.InvariantCulture), forwarded.TargetPort);
        var fixedResponse = AccessLogLine.Parse(Assert.Single(log, l => l.Contains("/old/page HTTP/1.1", StringComparison.Ordinal)));
        Assert.Equal("410", fixedResponse.ElbStatusCode);
        Assert.Equal("", fixedResponse.TargetPort);
    }

    [Fact]
    public void Builder_PublishesEveryListenerPortOfTheConfig()
    {
        Assert.Equal(
            [8080, 8443, 9090],
            AlbEmulatorBuilder.ListenerPorts("""
                { "LoadBalancers": [
                    { "Name": "a", "Listeners": [ { "Port": 8080 }, { "Port": 8443 } ] },
                    { "Name": "b", "Listeners": [ { "Port": 9090 }, { "Port": 8080 } ] } ] }
                """));
        Assert.Equal([80], AlbEmulatorBuilder.ListenerPorts("""{ "Listeners": [ { "Port": 80, "Protocol": "HTTP" } ], /* comment */ }"""));
    }
}
