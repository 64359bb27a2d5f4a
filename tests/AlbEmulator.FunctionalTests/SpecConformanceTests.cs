using System.Net;
using System.Net.Sockets;
using System.Text;
using AlbEmulator.Tests.Common;
using static AlbEmulator.FunctionalTests.TargetGroupScenario;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Spec requirements that had no test of their own: custom methods (MISC-12), Expect over HTTP/2 (H2-6), several cookie
/// fields over HTTP/2 (TG-23), least outstanding requests per HTTP/2 stream (TG-24), a target in two groups (TG-44), a
/// group's own stickiness inside a weighted forward (STK-32), invalid header fields dropped on request (HDR-50), request
/// bodies streamed to the target (TG-28), the Host made from a mixed-case :authority (TG-22) and the trace id (HDR-30, HDR-32).
/// </summary>
public sealed class SpecConformanceTests
{
    /// <summary>MISC-12: methods other than the documented seven are tokens like any other and reach the target as sent.</summary>
    [Theory]
    [InlineData("PROPFIND")]
    [InlineData("PURGE")]
    [InlineData("CUSTOM_METHOD")]
    [InlineData("VERSION-CONTROL")]
    public async Task CustomMethod_ForwardedAsSent(string method)
    {
        await using var target = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(target.Port));
        await using var client = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await client.SendAsync($"{method} /dav/x HTTP/1.1\r\nHost: app.example.com\r\n\r\n");

        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        var head = await Eventually.ValueAsync(() => target.TrafficRequests.ToArray(), r => r.Length > 0, "the request at the target");
        Assert.StartsWith($"{method} /dav/x HTTP/1.1\r\n", Assert.Single(head).Head, StringComparison.Ordinal);
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/dav/x", StringComparison.Ordinal)));
        Assert.Equal((method, "200"), (line.RequestVerb, line.ElbStatusCode));
    }

    /// <summary>
    /// HDR-50: with <c>routing.http.drop_invalid_header_fields.enabled</c> the header fields whose names are not letters,
    /// digits and hyphens are removed before routing (an http-header condition on one no longer matches) and before
    /// forwarding; off (the default) they are routed on and forwarded as sent.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DropInvalidHeaderFields_InvalidNamesRemovedBeforeRoutingAndForwarding_OnlyWhenOn(bool on)
    {
        await using var target = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancer": { "LoadBalancerAttributes": [ {{TestConfig.Attributes(("routing.http.drop_invalid_header_fields.enabled", on ? "true" : "false"))}} ] },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward("t")}} ],
                "Rules": [ { "Priority": 1, "Conditions": [ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "X_Route", "Values": [ "fixed" ] } } ],
                             "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "403", "ContentType": "text/plain", "MessageBody": "rule" } } ] } ] } ],
              "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{target.Port}} } ] } ]
            }
            """);
        await using var client = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await client.SendAsync("GET /a HTTP/1.1\r\nHost: app.example.com\r\nX_Route: fixed\r\nx.trace: t1\r\nX-Valid: v\r\n\r\n");
        Assert.Equal(on ? 200 : 403, (await client.ReadResponseAsync()).StatusCode);
        await client.SendAsync("GET /b HTTP/1.1\r\nHost: app.example.com\r\nx.trace: t2\r\nX-Valid: v\r\n\r\n");
        Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);

        var heads = (await Eventually.ValueAsync(() => target.TrafficRequests.ToArray(), r => r.Length == (on ? 2 : 1), "the requests at the target")).Select(r => r.Head).ToArray();
        Assert.All(heads, head => Assert.Contains("\r\nX-Valid: v\r\n", head, StringComparison.Ordinal));
        if (on)
        {
            Assert.All(heads, head => Assert.DoesNotContain("X_Route", head, StringComparison.OrdinalIgnoreCase));
            Assert.All(heads, head => Assert.DoesNotContain("x.trace", head, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            Assert.StartsWith("GET /b HTTP/1.1\r\n", Assert.Single(heads), StringComparison.Ordinal);
            Assert.Contains("\r\nx.trace: t2\r\n", heads[0], StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// TG-28: a request body is streamed to the target, not buffered: the target has the head and the first body bytes
    /// while the client has not sent the rest; the rest follows and the target's answer comes back.
    /// </summary>
    [Fact]
    public async Task RequestBody_StreamedToTheTarget_FirstBytesArriveBeforeTheClientSendsTheRest()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var firstPart = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var received = new StringBuilder();
            var buffer = new byte[4096];
            while (!received.ToString().EndsWith("abcdefghij", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer);
                Assert.True(read > 0, "the load balancer closed before the whole body: " + received);
                received.Append(Encoding.Latin1.GetString(buffer, 0, read));
                if (received.ToString().EndsWith("\r\n\r\nabc", StringComparison.Ordinal))
                {
                    firstPart.TrySetResult(received.ToString());
                }
            }

            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray());
            return received.ToString();
        });
        _ = target.ContinueWith(t => firstPart.TrySetException(t.Exception!.InnerExceptions), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(((IPEndPoint)listener.LocalEndpoint).Port), configure: o => o.HealthChecks.Automatic = false);
        await using var client = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: a.test\r\nContent-Length: 10\r\n\r\nabc");
        var atTarget = await firstPart.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("POST /upload HTTP/1.1\r\n", atTarget, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 10\r\n", atTarget, StringComparison.Ordinal);
        await client.SendAsync("defghij");

        var response = await client.ReadResponseAsync();
        Assert.Equal((200, "ok"), (response.StatusCode, Encoding.ASCII.GetString(response.Body)));
        Assert.EndsWith("\r\n\r\nabcdefghij", await target.WaitAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
    }

    /// <summary>H2-6: <c>Expect: 100-continue</c> is not supported over HTTP/2: it is not forwarded, and the body still arrives.</summary>
    [Fact]
    public async Task Http2Client_ExpectContinue_NotForwarded_BodyArrives()
    {
        await using var target = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(target.Port));
        using var client = env.CreateClient(8443, HttpVersion.Version20);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new StringContent("hello") };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var head = Assert.Single(await Eventually.ValueAsync(() => target.TrafficRequests.ToArray(), r => r.Length > 0, "the request at the target")).Head;
        Assert.StartsWith("POST /upload HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("expect", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\ncontent-length: 5\r\n", head, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// TG-23 [UNCONFIRMED, emulator choice in <c>Headers/CookieHeader</c>]: several <c>cookie</c> fields of an
    /// HTTP/2 request (nghttp sends each <c>-H</c> as its own field) reach an HTTP/1.1 target as one field joined with
    /// <c>"; "</c> (RFC 9113 §8.2.3), the name in lower case (TG-21).
    /// </summary>
    [Fact]
    public async Task Http2Client_SeveralCookieFields_OneFieldJoinedAtTheHttp1Target()
    {
        await using var target = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(target.Port));
        var url = new UriBuilder(env.Listener(8443)) { Path = "/cookies" }.Uri.ToString();

        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("nghttp", ["-v", "-n", "-H", "cookie: a=1", "-H", "cookie: b=2", "-H", "cookie: c=3", url], timeout: TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, $"nghttp failed ({exit}): {stderr}\n{stdout}");
        Assert.Equal(3, stdout.Split('\n').Count(l => l.Trim().StartsWith("cookie: ", StringComparison.Ordinal))); // three fields sent
        var head = Assert.Single(await Eventually.ValueAsync(() => target.TrafficRequests.ToArray(), r => r.Length > 0, "the request at the target")).Head;
        var cookies = head.Split("\r\n").Where(l => l.StartsWith("cookie:", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.Equal(["cookie: a=1; b=2; c=3"], cookies);
    }

    /// <summary>
    /// TG-22: the Host an HTTP/1.1 target receives for an HTTP/2 request is made from <c>:authority</c>, the host name in
    /// lower case (port kept: the listener is not on 80/443). HDR-30, HDR-32: the target gets a new
    /// <c>X-Amzn-Trace-Id: Root=1-&lt;8 hex&gt;-&lt;24 hex&gt;</c> in lower-case hex, the access log's trace_id is that
    /// value, and the response to the client does not carry it.
    /// </summary>
    [Fact]
    public async Task Http2Client_MixedCaseAuthority_LowerCaseHostAtTheTarget_TraceIdLoggedNotReturned()
    {
        await using var target = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(target.Port));
        var url = new UriBuilder(env.Listener(8443)) { Path = "/case" }.Uri.ToString();

        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("nghttp", ["-v", "-n", "-H", ":authority: App.Example.COM:8443", url], timeout: TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, $"nghttp failed ({exit}): {stderr}\n{stdout}");
        Assert.DoesNotContain(stdout.Split('\n'), l => l.Contains("x-amzn-trace-id", StringComparison.OrdinalIgnoreCase) && l.Contains("recv", StringComparison.Ordinal));
        var head = Assert.Single(await Eventually.ValueAsync(() => target.TrafficRequests.ToArray(), r => r.Length > 0, "the request at the target")).Head;
        var lines = head.Split("\r\n");
        Assert.Equal("Host: app.example.com:8443", lines[1]);
        var trace = Assert.Single(lines, l => l.StartsWith("X-Amzn-Trace-Id: ", StringComparison.Ordinal))["X-Amzn-Trace-Id: ".Length..];
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$", trace);
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/case", StringComparison.Ordinal)));
        Assert.Equal(trace, line.TraceId);
    }

    /// <summary>
    /// TG-24: least_outstanding_requests counts each HTTP/2 stream forwarded to an HTTP1 group as a request: while one
    /// stream of the connection is parked on the slow target, every further stream of the same connection goes to the other.
    /// </summary>
    [Fact]
    public async Task LeastOutstandingRequests_Http2StreamsOnOneConnection_EachCountedAsARequest()
    {
        var slow = await StartParkingBackendAsync("slow");
        await using var slowBackend = slow.Backend;
        await using var fast = await TestBackend.StartAsync("fast");
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ {{TestConfig.Forward("web")}} ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "ProtocolVersion": "HTTP1", "Port": 80,
                "TargetGroupAttributes": [ {{TestConfig.Attributes(("load_balancing.algorithm.type", "least_outstanding_requests"))}} ],
                "Targets": [ { "Id": "127.0.0.1", "Port": {{slow.Backend.Port}} }, { "Id": "127.0.0.1", "Port": {{fast.Port}} } ] } ]
            }
            """);
        await CheckAsync(env);
        using var client = env.CreateClient(8443, HttpVersion.Version20);

        var sent = await AssertLeastOutstandingAvoidsTheParkedAsync(() => Http2BackendOfAsync(client), slow, fast);

        var lines = await Eventually.ValueAsync(() => env.AccessLogLines.Select(AccessLogLine.Parse).ToArray(), l => l.Length >= sent, "every request's access-log line");
        Assert.All(lines, l => Assert.Equal("h2", l.Type));
        Assert.Single(lines.Select(l => l.ConnTraceId).Distinct()); // all streams of one connection
    }

    /// <summary>
    /// TG-44: routing is independent per target group when the same targets are in two groups: each group's round robin
    /// keeps its own place, so requests alternating between the groups still alternate the targets inside each.
    /// </summary>
    [Fact]
    public async Task TargetsInTwoGroups_EachGroupRotatesOnItsOwn()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        var targets = $$"""[ { "Id": "127.0.0.1", "Port": {{a.Port}} }, { "Id": "127.0.0.1", "Port": {{b.Port}} } ]""";
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpListenerWithRules("two",
            $$"""
            { "Name": "one", "Protocol": "HTTP", "Port": 80, "Targets": {{targets}} },
            { "Name": "two", "Protocol": "HTTP", "Port": 80, "Targets": {{targets}} }
            """,
            TestConfig.Rule(1, """{ "Field": "path-pattern", "Values": [ "/one/*" ] }""", "one")));
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        var one = new List<string>();
        var two = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            one.Add(await BackendOfAsync(client, "/one/x"));
            two.Add(await BackendOfAsync(client, "/two/x"));
        }

        // A cursor shared by the groups would send every /one request to one target and every /two request to the other.
        Assert.All(one.Zip(one.Skip(1)), p => Assert.NotEqual(p.First, p.Second));
        Assert.All(two.Zip(two.Skip(1)), p => Assert.NotEqual(p.First, p.Second));
        Assert.Equal((6, 6), (a.RequestCount, b.RequestCount));
    }

    /// <summary>
    /// STK-32: inside the group a weighted forward chose (AWSALBTG), that group's own lb_cookie stickiness (AWSALB) still
    /// applies: with both cookies every request reaches the same target; with the group cookie alone the group's targets rotate.
    /// </summary>
    [Fact]
    public async Task WeightedForward_ChosenGroupsOwnStickiness_StillApplies()
    {
        await using var a1 = await TestBackend.StartAsync("a1");
        await using var a2 = await TestBackend.StartAsync("a2");
        await using var b = await TestBackend.StartAsync("b");
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "ForwardConfig": {
                "TargetGroups": [ { "TargetGroupName": "a", "Weight": 50 }, { "TargetGroupName": "b", "Weight": 50 } ],
                "TargetGroupStickinessConfig": { "Enabled": true, "DurationSeconds": 300 } } } ] } ],
              "TargetGroups": [
                { "Name": "a", "Protocol": "HTTP", "Port": 80,
                  "TargetGroupAttributes": [ {{TestConfig.Attributes(("stickiness.enabled", "true"), ("stickiness.type", "lb_cookie"))}} ],
                  "Targets": [ { "Id": "127.0.0.1", "Port": {{a1.Port}} }, { "Id": "127.0.0.1", "Port": {{a2.Port}} } ] },
                {{TestConfig.TargetGroup("b", b)}} ]
            }
            """);
        await CheckAsync(env);
        using var client = env.CreateClient(8080);

        // Weighted 50/50: ask until the group with two targets is chosen (each answer is a fresh, cookie-less choice).
        string? groupCookie = null, targetCookie = null, first = null;
        for (var i = 0; i < 64 && first is null; i++)
        {
            using var response = await client.GetAsync("/s");
            var backend = EchoedRequest.Parse(await response.Content.ReadAsStringAsync()).Backend;
            if (backend != "b")
            {
                var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToArray();
                groupCookie = Assert.Single(cookies, c => c.StartsWith("AWSALBTG=", StringComparison.Ordinal));
                targetCookie = Assert.Single(cookies, c => c.StartsWith("AWSALB=", StringComparison.Ordinal));
                first = backend;
            }
        }

        Assert.NotNull(first);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(first, await BackendOfAsync(client, "/s", $"{groupCookie}; {targetCookie}"));
        }

        var rotated = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            rotated.Add(await BackendOfAsync(client, "/s", groupCookie));
        }

        Assert.Equal(["a1", "a2"], rotated.Order());
    }

    /// <summary>
    /// LST-13: TLS resumption: a client that comes back with the session of its first connection (a TLS 1.2 session or a
    /// TLS 1.3 ticket, openssl s_client -sess_out / -sess_in) resumes it instead of a full handshake; with mutual TLS on
    /// (passthrough) resumption is off and every connection is a full handshake.
    /// </summary>
    [Theory]
    [InlineData("-tls1_2", false)]
    [InlineData("-tls1_3", false)]
    [InlineData("-tls1_2", true)]
    [InlineData("-tls1_3", true)]
    public async Task TlsClientReconnecting_SessionResumedUnlessMutualTls(string version, bool mutualTls)
    {
        await using var target = new RawCaptureTarget();
        await using var env = await AlbTestEnvironment.StartAsync(TestConfig.HttpAndHttpsToTarget(target.Port)
            .Replace("\"Port\": 8443, \"Protocol\": \"HTTPS\",", "\"Port\": 8443, \"Protocol\": \"HTTPS\", \"SslPolicy\": \"ELBSecurityPolicy-TLS13-1-2-2021-06\","
                + (mutualTls ? " \"MutualAuthentication\": { \"Mode\": \"passthrough\" }," : ""), StringComparison.Ordinal));
        var session = Path.Combine(Path.GetTempPath(), $"alb-lst13-{Guid.NewGuid():N}.pem");
        try
        {
            // A whole request and response on each connection, so a TLS 1.3 ticket (sent after the handshake) is read.
            string Connect(string sessionOption) =>
                $"printf 'GET / HTTP/1.1\\r\\nHost: a.test\\r\\nConnection: close\\r\\n\\r\\n' | openssl s_client {version} -connect 127.0.0.1:{env.Listener(8443).Port} -servername a.test -ign_eof {sessionOption} {session}";
            // (s_client exits 1 when the server ends the connection without close_notify: the exit code says nothing here.)
            var (_, first, _) = await ExternalProcess.RunAsync("bash", ["-c", Connect("-sess_out")], timeout: TimeSpan.FromSeconds(30));
            Assert.Contains("New, ", first, StringComparison.Ordinal);
            Assert.Contains("HTTP/1.1 200", first, StringComparison.Ordinal);

            if (mutualTls && !File.Exists(session))
            {
                // No session id and no ticket were given (TLS 1.2 without resumption): nothing for s_client to save or offer.
                Assert.Contains("Session-ID: \n", first.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
                return;
            }

            var (_, second, _) = await ExternalProcess.RunAsync("bash", ["-c", Connect("-sess_in")], timeout: TimeSpan.FromSeconds(30));
            Assert.True(second.Contains(mutualTls ? "New, " : "Reused, ", StringComparison.Ordinal), first + "\n=====\n" + second);
            Assert.Contains("HTTP/1.1 200", second, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(session);
        }
    }

    private static async Task<string> Http2BackendOfAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request);
        return EchoedRequest.Parse(await response.Content.ReadAsStringAsync()).Backend;
    }
}
