using System.Net;
using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The web console on the admin endpoint (docs/console.md): the page and its assets from the assembly, the
/// JSON under /api (resource map, requests with filters, one request's decision trail by sequence or trace
/// id, reason codes, PDF export), the admin endpoint's Host/Origin/Sec-Fetch-Site rules, and live state
/// across an API change.
/// </summary>
public sealed class ConsoleApiTests
{
    private const string Config = """
        {
          "LoadBalancer": { "Name": "console-api" },
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP",
            "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "MessageBody": "home" } } ],
            "Rules": [ { "Priority": 5, "Conditions": [ { "Field": "path-pattern", "Values": [ "/empty/*" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "empty" } ] } ] } ],
          "TargetGroups": [ { "Name": "empty", "Protocol": "HTTP", "Port": 80 } ]
        }
        """;

    [Fact]
    public async Task Page_AndAssets_ComeFromTheAssembly_WithNoForeignSources()
    {
        await using var env = await AlbTestEnvironment.StartAsync(Config, configure: o => o.HealthChecks.Automatic = false);
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };

        using var page = await admin.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.StartsWith("default-src 'self';", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        var bytes = await page.Content.ReadAsByteArrayAsync();
        var html = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("src=\"console/console.js\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"console/console.css\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        foreach (var (path, type) in new[] { ("/console/console.js", "text/javascript; charset=utf-8"), ("/console/console.css", "text/css; charset=utf-8") })
        {
            using var asset = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(type, asset.Content.Headers.ContentType!.ToString());
            var text = await asset.Content.ReadAsStringAsync();
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("fetch(\"/", text, StringComparison.Ordinal); // relative URLs only
        }

        using var head = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);

        var index = await GetJsonAsync(admin, "/api");
        Assert.Equal(["/api/load-balancers", "/api/requests", "/api/requests/{id}", "/api/reason-codes", "/api/export.pdf"],
            index.GetProperty("paths").EnumerateArray().Select(p => p.GetProperty("path").GetString()));
        using var unknown = await admin.GetAsync("/api/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("GET /api lists them", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/load-balancers")]
    [InlineData("/api/requests")]
    [InlineData("/api/export.pdf")]
    public async Task OtherSites_AndRebindingHosts_AreRefused(string path)
    {
        await using var env = await AlbTestEnvironment.StartAsync(Config, configure: o => o.HealthChecks.Automatic = false);
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };

        foreach (var (header, value) in new[] { ("Host", "evil.example"), ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("<Code>AccessDenied</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var local = new HttpRequestMessage(HttpMethod.Get, path);
        local.Headers.TryAddWithoutValidation("Origin", $"http://localhost:{env.Server.AdminUri!.Port}");
        local.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(local)).StatusCode);
    }

    [Fact]
    public async Task Requests_FilterAndTrailByTraceId_AndTheMapFollowsAnApiChange()
    {
        await using var env = await AlbTestEnvironment.StartAsync(Config, configure: o => o.HealthChecks.Automatic = false);
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        using var client = env.CreateClient(8080);
        using (var traced = new HttpRequestMessage(HttpMethod.Get, "/empty/a?q=1"))
        {
            traced.Headers.Add("X-Amzn-Trace-Id", "Root=1-6b14dd22-000000000000000000000503");
            Assert.Equal(503, (int)(await client.SendAsync(traced)).StatusCode);
        }

        Assert.Equal("home", await client.GetStringAsync("/home"));
        var all = await UntilAsync(admin, "/api/requests", r => r.GetProperty("requests").GetArrayLength() == 2);
        Assert.Equal(1000, all.GetProperty("capacity").GetInt32());
        Assert.Equal(2, all.GetProperty("lastSequence").GetInt64());
        Assert.Equal(["/home", "/empty/a"], all.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("path").GetString()));

        Assert.Equal(["/empty/a"], Paths(await GetJsonAsync(admin, "/api/requests?status=5xx")));
        Assert.Equal(["/empty/a"], Paths(await GetJsonAsync(admin, "/api/requests?status=503&targetGroup=empty&listener=8080")));
        Assert.Equal(["/home"], Paths(await GetJsonAsync(admin, "/api/requests?path=/ho&listener=HTTP:8080")));
        Assert.Empty(Paths(await GetJsonAsync(admin, "/api/requests?listener=9090")));
        Assert.Equal(["/home"], Paths(await GetJsonAsync(admin, "/api/requests?after=1")));

        var trail = await GetJsonAsync(admin, "/api/requests/1-6b14dd22-000000000000000000000503");
        var request = trail.GetProperty("request");
        Assert.Equal((503, "empty", "5", "q=1"), (request.GetProperty("elbStatusCode").GetInt32(), request.GetProperty("targetGroup").GetString(), request.GetProperty("matchedRule").GetString(), request.GetProperty("query").GetString()));
        var steps = trail.GetProperty("trail").EnumerateArray().Select(s => s.GetProperty("stage").GetString() + " " + s.GetProperty("result").GetString()).ToArray();
        Assert.Equal(["wire pass", "classification pass", "check before routing pass", "check before routing pass", "rules info", "rule pass", "check after routing pass", "target group pass", "target fail", "response fail"], steps);
        Assert.Equal(trail.GetRawText(), (await GetJsonAsync(admin, "/api/requests/1")).GetRawText());
        using (var missing = await admin.GetAsync("/api/requests/Root=1-00000000-000000000000000000000000"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // An API change: the map shows the new default action at once; the recorded request keeps the config it ran on.
        var form = new Dictionary<string, string>
        {
            ["Action"] = "ModifyListener",
            ["ListenerArn"] = env.Server.Runtime.Current.Listeners[0].Arn,
            ["DefaultActions.member.1.Type"] = "fixed-response",
            ["DefaultActions.member.1.FixedResponseConfig.StatusCode"] = "418",
        };
        using var modify = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent(form) };
        modify.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=00");
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(modify)).StatusCode);
        var map = await GetJsonAsync(admin, "/api/load-balancers");
        var rules = map.GetProperty("loadBalancers")[0].GetProperty("listeners")[0].GetProperty("rules");
        Assert.Equal("fixed-response 418", rules[1].GetProperty("actions")[0].GetString());
        Assert.Equal("/empty/a", (await GetJsonAsync(admin, "/api/requests/1")).GetProperty("request").GetProperty("path").GetString());
    }

    [Fact]
    public async Task ResourceMap_ReasonCodes_AndPdfExport()
    {
        await using var env = await AlbTestEnvironment.StartAsync(Config, configure: o => o.HealthChecks.Automatic = false);
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };

        var lb = (await GetJsonAsync(admin, "/api/load-balancers")).GetProperty("loadBalancers").EnumerateArray().Single();
        Assert.Equal("console-api", lb.GetProperty("name").GetString());
        var listener = lb.GetProperty("listeners").EnumerateArray().Single();
        Assert.Equal((8080, "HTTP", "off"), (listener.GetProperty("port").GetInt32(), listener.GetProperty("protocol").GetString(), listener.GetProperty("mutualTls").GetString()));
        Assert.Equal(["5", "default"], listener.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("priority").GetString()));
        Assert.Equal("path is '/empty/*'", listener.GetProperty("rules")[0].GetProperty("conditions")[0].GetString());
        var group = lb.GetProperty("targetGroups").EnumerateArray().Single();
        Assert.Equal(("empty", 0, 0), (group.GetProperty("name").GetString(), group.GetProperty("healthy").GetInt32(), group.GetProperty("targets").GetArrayLength()));
        Assert.Empty((await GetJsonAsync(admin, "/api/load-balancers?view=unhealthy")).GetProperty("loadBalancers")[0].GetProperty("targetGroups").EnumerateArray());

        var codes = (await GetJsonAsync(admin, "/api/reason-codes")).GetProperty("reasonCodes").EnumerateArray().ToArray();
        var mismatch = codes.Single(c => c.GetProperty("code").GetString() == "Target.ResponseCodeMismatch");
        Assert.Equal("unhealthy", mismatch.GetProperty("state").GetString());
        Assert.NotEmpty(mismatch.GetProperty("checks").EnumerateArray());

        using var pdf = await admin.GetAsync("/api/export.pdf?view=overview&details=true");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment; filename=\"resource-map-overview-", pdf.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        Assert.Equal("%PDF-"u8.ToArray(), (await pdf.Content.ReadAsByteArrayAsync())[..5]);
    }

    [Fact]
    public async Task SeveralLoadBalancers_AllOnTheMap_EachWithItsTargetGroups_EachRequestNamesItsOwn()
    {
        await using var env = await AlbTestEnvironment.StartAsync("""
            {
              "LoadBalancers": [
                { "Name": "front", "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "shared" } ] } ] },
                { "Name": "back", "Listeners": [ { "Port": 9090, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "api" } ] } ] }
              ],
              "TargetGroups": [ { "Name": "shared", "Protocol": "HTTP", "Port": 80 }, { "Name": "api", "Protocol": "HTTP", "Port": 80 }, { "Name": "idle", "Protocol": "HTTP", "Port": 80 } ]
            }
            """, configure: o => o.HealthChecks.Automatic = false);
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        using var back = env.CreateClient(9090);
        Assert.Equal(503, (int)(await back.GetAsync("/b")).StatusCode);

        var map = await GetJsonAsync(admin, "/api/load-balancers");
        var lbs = map.GetProperty("loadBalancers").EnumerateArray().ToArray();
        Assert.Equal(["front", "back"], lbs.Select(lb => lb.GetProperty("name").GetString()));
        Assert.Equal([["shared"], ["api"]], lbs.Select(lb => lb.GetProperty("targetGroups").EnumerateArray().Select(g => g.GetProperty("name").GetString()).ToArray()));
        Assert.Equal(["idle"], map.GetProperty("unattachedTargetGroups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));

        var requests = await UntilAsync(admin, "/api/requests", r => r.GetProperty("requests").GetArrayLength() == 1);
        var request = requests.GetProperty("requests")[0];
        Assert.Equal(("back", "HTTP:9090"), (request.GetProperty("loadBalancer").GetString(), request.GetProperty("listener").GetString()));
    }

    [Fact]
    public async Task WireRejections_400And414OnRawSockets_InTheExplorer_WithTheCheck_Classification_CauseAndFix()
    {
        await using var env = await AlbTestEnvironment.StartAsync(Config, configure: o => o.HealthChecks.Automatic = false);
        using var admin = new HttpClient { BaseAddress = env.Server.AdminUri };
        using var client = env.CreateClient(8080);
        await using (var desync = await RawHttpConnection.ConnectAsync(env.Listener(8080)))
        {
            // Two different Content-Length values: Severe, which the default (defensive) mode blocks on the wire.
            await desync.SendAsync("POST /upload?x=1 HTTP/1.1\r\nHost: a.test\r\nContent-Length: 1000\r\nContent-Length: 100\r\n\r\n");
            Assert.Equal(400, (await desync.ReadResponseAsync()).StatusCode);
        }

        // A wire rejection is recorded before its answer is sent: once the client has read it, it is listed (no polling).
        Assert.Equal(["/upload"], Paths(await GetJsonAsync(admin, "/api/requests")));
        await using (var tooLong = await RawHttpConnection.ConnectAsync(env.Listener(8080)))
        {
            await tooLong.SendAsync($"GET /{new string('a', 17 * 1024)} HTTP/1.1\r\nHost: a.test\r\n\r\n");
            Assert.Equal(414, (await tooLong.ReadResponseAsync()).StatusCode);
        }

        Assert.Equal(["-", "/upload"], Paths(await GetJsonAsync(admin, "/api/requests")));

        Assert.Equal("home", await client.GetStringAsync("/home"));
        var all = await UntilAsync(admin, "/api/requests", r => r.GetProperty("requests").GetArrayLength() == 3);
        Assert.Equal(["/home", "-", "/upload"], Paths(all));

        // The filters work on them as on any request.
        Assert.Equal(["/upload"], Paths(await GetJsonAsync(admin, "/api/requests?status=400")));
        Assert.Equal(["-"], Paths(await GetJsonAsync(admin, "/api/requests?status=414&listener=HTTP:8080")));
        Assert.Equal(["-", "/upload"], Paths(await GetJsonAsync(admin, "/api/requests?status=4xx&listener=8080")));
        Assert.Equal(["/upload"], Paths(await GetJsonAsync(admin, "/api/requests?path=/up")));

        var blocked = await GetJsonAsync(admin, "/api/requests/1");
        var request = blocked.GetProperty("request");
        Assert.Equal((400, "POST", "x=1", "Severe", "DesyncBlocked", "alb"),
            (request.GetProperty("elbStatusCode").GetInt32(), request.GetProperty("method").GetString(), request.GetProperty("query").GetString(),
             request.GetProperty("classification").GetString(), request.GetProperty("albError").GetString(), request.GetProperty("answeredBy").GetString()));
        var steps = Steps(blocked);
        Assert.Equal(["wire fail", "classification fail", "rules skip", "response fail"], steps.Select(s => s.Stage + " " + s.Result));
        Assert.Contains("rejected on the wire by the desync mitigation mode check", steps[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Desync mitigation classified the request as Severe: ", steps[1].Text, StringComparison.Ordinal);
        Assert.Contains("Cause: ", steps[3].Text, StringComparison.Ordinal);
        Assert.Contains(" Fix: ", steps[3].Text, StringComparison.Ordinal);

        var uri = await GetJsonAsync(admin, "/api/requests/2");
        Assert.Equal((414, "-", "UriTooLong"), (uri.GetProperty("request").GetProperty("elbStatusCode").GetInt32(), uri.GetProperty("request").GetProperty("method").GetString(), uri.GetProperty("request").GetProperty("albError").GetString()));
        steps = Steps(uri);
        Assert.Equal(["wire fail", "classification skip", "rules skip", "response fail"], steps.Select(s => s.Stage + " " + s.Result));
        Assert.Equal("The head (its request line could not be parsed): rejected on the wire by the request line length check, before the request reached the pipeline. The request line is longer than 16 K.", steps[0].Text);
        Assert.Contains("414", steps[3].Text, StringComparison.Ordinal);
    }

    private static (string Stage, string Result, string Text)[] Steps(JsonElement trail) =>
        [.. trail.GetProperty("trail").EnumerateArray().Select(s => (s.GetProperty("stage").GetString()!, s.GetProperty("result").GetString()!, s.GetProperty("text").GetString()!))];

    private static string[] Paths(JsonElement requests) =>
        [.. requests.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("path").GetString()!)];

    private static async Task<JsonElement> GetJsonAsync(HttpClient admin, string path)
    {
        using var response = await admin.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The trail is recorded once the response is written, which can be just after the client read it: poll with a deadline.</summary>
    private static Task<JsonElement> UntilAsync(HttpClient admin, string path, Func<JsonElement, bool> condition) =>
        Eventually.ValueAsync(() => GetJsonAsync(admin, path), condition, path + " to list the requests");
}
