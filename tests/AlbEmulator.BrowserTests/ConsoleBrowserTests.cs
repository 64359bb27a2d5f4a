using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.BrowserTests;

/// <summary>
/// The web console (docs/console.md) in Debian's chromium, driven by puppeteer-core (browser/console.mjs):
/// the resource map shows a configured load balancer completely (1280×800 and a narrow window, with
/// connecting lines); a target made unhealthy appears in the Unhealthy Target Map with its reason within
/// one health-check interval, without a reload; the request explorer explains a 464, a 502, a 503 and a 400 rejected on the wire;
/// Export downloads a PDF whose text names every resource of the view. The emulator's admin endpoint is on
/// an ephemeral port (never 8081): the page uses relative URLs. Screenshots: TestResults/browser.
/// </summary>
public sealed class ConsoleBrowserTests
{
    /// <summary>Listener 8080: /api/* → api, /down/* → down (nothing listens), X-Env: empty → empty (no targets), default → web; HTTPS 8443 → grpc (GRPC); spare: used by no rule.</summary>
    private static string ShopConfig(int backend, int closed) => $$"""
        {
          "LoadBalancer": { "Name": "console-shop" },
          "Listeners": [
            { "Port": 8080, "Protocol": "HTTP",
              "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
              "Rules": [
                { "Priority": 10, "Conditions": [ { "Field": "path-pattern", "Values": [ "/api/*" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "api" } ] },
                { "Priority": 20, "Conditions": [ { "Field": "path-pattern", "Values": [ "/down/*" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "down" } ] },
                { "Priority": 30, "Conditions": [ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "X-Env", "Values": [ "empty" ] } } ], "Actions": [ { "Type": "forward", "TargetGroupName": "empty" } ] }
              ] },
            { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "grpc" } ] }
          ],
          "TargetGroups": [
            { "Name": "web", "Protocol": "HTTP", "Port": {{backend}}, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend}} } ] },
            { "Name": "api", "Protocol": "HTTP", "Port": {{backend}}, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend}} } ] },
            { "Name": "down", "Protocol": "HTTP", "Port": {{closed}}, "Targets": [ { "Id": "127.0.0.1", "Port": {{closed}} } ] },
            { "Name": "empty", "Protocol": "HTTP", "Port": 80 },
            { "Name": "grpc", "Protocol": "HTTP", "ProtocolVersion": "GRPC", "Port": {{backend}}, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend}} } ] },
            { "Name": "spare", "Protocol": "HTTP", "Port": 80 }
          ]
        }
        """;

    [Fact]
    public async Task ResourceMap_ShowsTheLoadBalancerCompletely_WithLines_AtDesktopAndNarrowWidths()
    {
        await using var backend = await TestBackend.StartAsync("console-web");
        var closed = ClosedPort();
        await using var env = await AlbTestEnvironment.StartAsync(ShopConfig(backend.Port, closed), configure: o => o.HealthChecks.Automatic = false);

        var result = await Chromium.RunAsync("map", env.Server.AdminUri!, new Dictionary<string, string> { ["EXPECT_TARGETS"] = "4" });

        Assert.NotEqual(8081, env.Server.AdminUri!.Port);
        Assert.Equal(["console-shop"], Strings(result, "loadBalancers"));
        Assert.Equal(1, result.GetProperty("unattached").GetInt32());
        Assert.Equal(["HTTP:8080", "HTTPS:8443"], Strings(result, "listeners"));
        Assert.Equal(["8080 rule 10", "8080 rule 20", "8080 rule 30", "8080 rule default", "8443 rule default"], Strings(result, "rules"));
        var groups = Strings(result, "targetGroups");
        Assert.Equal(new[] { "api", "down", "empty", "grpc", "web" }, groups[..^1].Order());
        Assert.Equal("spare", groups[^1]); // the section of target groups no load balancer forwards to comes last
        var targets = result.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToArray();
        Assert.Equal(4, targets.Length);
        Assert.Equal(3, targets.Count(t => t == $"127.0.0.1:{backend.Port}"));
        Assert.Contains($"127.0.0.1:{closed}", targets);
        var ruleTexts = Strings(result, "ruleTexts");
        Assert.Contains(ruleTexts, t => t.Contains("if path is '/api/*'", StringComparison.Ordinal) && t.Contains("then forward to api", StringComparison.Ordinal));
        Assert.Contains(ruleTexts, t => t.Contains("if header X-Env is 'empty'", StringComparison.Ordinal));

        // Lines: listener → each of its rules (5), rule → its target group (5), target group → each target (4).
        Assert.Equal(14, result.GetProperty("wires").GetArrayLength());
        Assert.Equal(0, result.GetProperty("detailsVisible").GetInt32());
        Assert.True(result.GetProperty("detailsVisibleAfterToggle").GetInt32() >= 14);
        Assert.Contains("Health check: HTTP / on port traffic-port", result.GetProperty("groupDetailText").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, result.GetProperty("overflow").GetInt32());
        Assert.Equal(14, result.GetProperty("narrowWires").GetInt32());
        Assert.True(result.GetProperty("narrowOverflow").GetInt32() <= 0, "the narrow layout scrolls sideways");
    }

    [Fact]
    public async Task UnhealthyTargetMap_ShowsATargetThatTurnsUnhealthy_WithItsReason_WithinOneInterval_WithoutReload()
    {
        var failing = 0;
        await using var backend = await TestBackend.StartAsync(
            "console-flaky",
            handler: context =>
            {
                if (context.Request.Path == "/flip")
                {
                    Volatile.Write(ref failing, 1);
                }

                return context.Response.WriteAsync("ok");
            },
            healthCheck: context =>
            {
                context.Response.StatusCode = Volatile.Read(ref failing) == 1 ? 500 : 200;
                return Task.CompletedTask;
            });
        var interval = TimeSpan.FromSeconds(5);
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancer": { "Name": "console-health" },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "flaky" } ] } ],
              "TargetGroups": [ { "Name": "flaky", "Protocol": "HTTP", "Port": {{backend.Port}}, "HealthyThresholdCount": 2, "UnhealthyThresholdCount": 2,
                "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """, configure: o =>
        {
            o.HealthChecks.IntervalOverride = interval;
            o.HealthChecks.TimeoutOverride = TimeSpan.FromSeconds(2);
        });
        using var client = env.CreateClient(8080);
        var target = $"127.0.0.1:{backend.Port}";

        var result = await Chromium.RunAsync("unhealthy", env.Server.AdminUri!, new Dictionary<string, string>
        {
            ["TARGET"] = target,
            ["FLIP_URL"] = new Uri(env.Listener(8080), "/flip").ToString(),
        });

        Assert.Equal("Target.ResponseCodeMismatch", result.GetProperty("reason").GetString());
        Assert.True(result.GetProperty("sameDocument").GetBoolean(), "the page was reloaded");
        var lag = result.GetProperty("pageLagMs").GetInt32();
        Assert.True(lag <= interval.TotalMilliseconds, $"the page showed the unhealthy target {lag} ms after the emulator marked it: more than one interval");
        var text = result.GetProperty("targetText").GetString()!;
        Assert.Contains("Health checks failed with these codes: [500]", text, StringComparison.Ordinal);
        Assert.Contains("What to check", text, StringComparison.Ordinal);
        Assert.Contains("Matcher", text, StringComparison.Ordinal);
        // The Unhealthy Target Map: the failing target and its path from the listener only.
        Assert.Equal(["console-health", "HTTP:8080", "8080 rule default", "flaky", target], Strings(result, "resources"));
    }

    [Fact]
    public async Task RequestExplorer_Explains464_502_503()
    {
        await using var backend = await TestBackend.StartAsync("console-web");
        var closed = ClosedPort();
        await using var env = await AlbTestEnvironment.StartAsync(ShopConfig(backend.Port, closed), configure: o => o.HealthChecks.Automatic = false);
        using (var http1 = env.CreateClient(8443, HttpVersion.Version11))
        {
            Assert.Equal(464, (int)(await http1.GetAsync("/grpc.Service/Method")).StatusCode);
        }

        using var client = env.CreateClient(8080);
        Assert.Equal(502, (int)(await client.GetAsync("/down/x")).StatusCode);
        using var empty = new HttpRequestMessage(HttpMethod.Get, "/empty");
        empty.Headers.Add("X-Env", "empty");
        Assert.Equal(503, (int)(await client.SendAsync(empty)).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync("/api/ok")).StatusCode);
        await using (var raw = await RawHttpConnection.ConnectAsync(env.Listener(8080)))
        {
            // Rejected on the wire (two Content-Length values: Severe, blocked in the default defensive mode).
            await raw.SendAsync("POST /upload HTTP/1.1\r\nHost: shop.test\r\nContent-Length: 1000\r\nContent-Length: 100\r\n\r\n");
            Assert.Equal(400, (await raw.ReadResponseAsync()).StatusCode);
        }

        var result = await Chromium.RunAsync("explorer", env.Server.AdminUri!, new Dictionary<string, string> { ["EXPECT_STATUSES"] = "464,502,503,400" });

        var trails = result.GetProperty("trails");
        var t464 = Steps(trails.GetProperty("464"));
        Assert.Contains(t464, s => s.Stage == "check after routing" && s.Result == "fail" && s.Text.Contains("464", StringComparison.Ordinal));
        Assert.Contains(t464, s => s.Stage == "response" && s.Text.Contains("ProtocolVersion GRPC", StringComparison.Ordinal) && s.Text.Contains("Fix:", StringComparison.Ordinal));

        var t502 = Steps(trails.GetProperty("502"));
        Assert.Contains(t502, s => s.Stage == "rule" && s.Result == "skip" && s.Text.Contains("Priority 10 did not match: path is '/api/*', but the request's path is '/down/x'", StringComparison.Ordinal));
        Assert.Contains(t502, s => s.Stage == "rule" && s.Result == "pass" && s.Text.Contains("Priority 20 matched", StringComparison.Ordinal));
        Assert.Contains(t502, s => s.Stage == "target" && s.Text.Contains($"127.0.0.1:{closed} by round robin", StringComparison.Ordinal));
        Assert.Contains(t502, s => s.Stage == "response" && s.Result == "fail" && s.Text.Contains("502 Bad Gateway", StringComparison.Ordinal) && s.Text.Contains("Fix:", StringComparison.Ordinal));

        var t503 = Steps(trails.GetProperty("503"));
        Assert.Contains(t503, s => s.Stage == "rule" && s.Text.Contains("Priority 20 did not match: path is '/down/*'", StringComparison.Ordinal));
        Assert.Contains(t503, s => s.Stage == "rule" && s.Result == "pass" && s.Text.Contains("Priority 30 matched: header X-Env is 'empty'", StringComparison.Ordinal));
        Assert.Contains(t503, s => s.Stage == "response" && s.Text.Contains("503 Service Temporarily Unavailable", StringComparison.Ordinal) && s.Text.Contains("Register at least one target", StringComparison.Ordinal));

        var t400 = Steps(trails.GetProperty("400"));
        Assert.Contains(t400, s => s.Stage == "wire" && s.Result == "fail" && s.Text.Contains("rejected on the wire by the desync mitigation mode check", StringComparison.Ordinal));
        Assert.Contains(t400, s => s.Stage == "classification" && s.Result == "fail" && s.Text.Contains("classified the request as Severe", StringComparison.Ordinal));
        Assert.Contains(t400, s => s.Stage == "response" && s.Result == "fail" && s.Text.Contains("Cause:", StringComparison.Ordinal) && s.Text.Contains("Fix:", StringComparison.Ordinal));

        Assert.All(Strings(result, "filtered5xx"), s => Assert.StartsWith("5", s, StringComparison.Ordinal));
        Assert.Equal(2, result.GetProperty("filtered5xx").GetArrayLength());
    }

    [Theory]
    [InlineData("overview")]
    [InlineData("unhealthy")]
    public async Task Export_DownloadsAPdf_NamingEveryResourceOfTheView(string view)
    {
        await using var backend = await TestBackend.StartAsync("console-web");
        var closed = ClosedPort();
        await using var env = await AlbTestEnvironment.StartAsync(ShopConfig(backend.Port, closed), configure: o => o.HealthChecks.Automatic = false);
        if (view == "unhealthy")
        {
            // One round of checks: the target nobody listens for fails (Target.FailedHealthChecks after the threshold).
            for (var i = 0; i < 3; i++)
            {
                await env.Server.RunHealthChecksAsync();
            }
        }

        var result = await Chromium.RunAsync("export", env.Server.AdminUri!, new Dictionary<string, string> { ["VIEW"] = view });

        Assert.Equal($"api/export.pdf?view={view}&details=true", result.GetProperty("href").GetString());
        var text = await Chromium.PdfTextAsync(result.GetProperty("file").GetString()!);
        var resources = Strings(result, "resources");
        Assert.NotEmpty(resources);
        foreach (var resource in resources)
        {
            var name = resource.Contains(" rule ", StringComparison.Ordinal) ? "rule " + resource[(resource.IndexOf(" rule ", StringComparison.Ordinal) + 6)..] : resource;
            Assert.Contains(name, text, StringComparison.Ordinal);
        }

        Assert.Contains(view == "unhealthy" ? "Unhealthy Target Map" : "Overview", text, StringComparison.Ordinal);
        if (view == "unhealthy")
        {
            Assert.Contains($"127.0.0.1:{closed}", text, StringComparison.Ordinal);
            Assert.Contains("Target.FailedHealthChecks", text, StringComparison.Ordinal);
            // Healthy groups are not part of this view.
            Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(@"^\s*(web|api|empty)\s+\(HTTP", System.Text.RegularExpressions.RegexOptions.Multiline), text);
        }
        else
        {
            Assert.Contains("HTTP:8080", text, StringComparison.Ordinal);
            Assert.Contains("if path is '/api/*' then forward to api", text, StringComparison.Ordinal);
        }
    }

    private static string[] Strings(JsonElement result, string property) =>
        [.. result.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    private static (string Stage, string Result, string Text)[] Steps(JsonElement trail) =>
        [.. trail.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("stage").GetString()!, s.GetProperty("result").GetString()!, s.GetProperty("text").GetString()!))];

    /// <summary>A loopback port nothing listens on (bound and released).</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
