using System.Net;
using System.Net.Sockets;
using System.Text;
using AlbEmulator.Errors;
using AlbEmulator.Health;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Lambda targets end to end (§10): requests through the emulator to <see cref="LambdaTestFunction"/>,
/// an Invoke-API-compatible server; the exact event JSON it receives and each error case (status line,
/// body and access-log error_reason).
/// </summary>
public sealed class LambdaTargetTests
{
    private const string FunctionId = "my-function";

    private static string Config(Uri endpoint, bool multiValue = false, int idleTimeoutSeconds = 60, string functionId = FunctionId) => $$"""
        {
          "LoadBalancer": { "LoadBalancerAttributes": [ { "Key": "idle_timeout.timeout_seconds", "Value": "{{idleTimeoutSeconds}}" } ] },
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "fn" } ] } ],
          "TargetGroups": [ {
            "Name": "fn", "TargetType": "lambda",
            "TargetGroupAttributes": [ { "Key": "lambda.multi_value_headers.enabled", "Value": "{{(multiValue ? "true" : "false")}}" } ],
            "Targets": [ { "Id": "{{functionId}}", "LambdaEndpoint": "{{endpoint}}" } ]
          } ]
        }
        """;

    private static string Arn(AlbTestEnvironment env) => env.Server.Runtime.Current.TargetGroups["fn"].Arn;

    private static async Task<RawHttpResponse> SendAsync(AlbTestEnvironment env, string request, byte[]? body = null, bool head = false)
    {
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync(request);
        if (body is not null)
        {
            await connection.SendAsync(body);
        }

        return await connection.ReadResponseAsync(headRequest: head);
    }

    private static async Task<AccessLogLine> LogLineAsync(AlbTestEnvironment env, string marker) =>
        AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains(marker, StringComparison.Ordinal)));

    [Fact]
    public async Task Event_SingleValue_ExactJsonAndMappedResponse()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        var response = await SendAsync(env,
            "POST /single/a%20b?x=1&y=%2F+z&x=2&flag HTTP/1.1\r\nHost: Example.COM\r\nContent-Type: application/json\r\nContent-Length: 15\r\n" +
            "Cookie: a=1\r\nCookie: b=2\r\nX-Forwarded-Proto: spoofed\r\nConnection: keep-alive\r\n\r\n",
            Encoding.UTF8.GetBytes("{\"hello\":\"wé\"}"));

        var invocation = await fn.WaitForInvocationAsync();
        var line = await LogLineAsync(env, "/single/");
        var expected =
            "{\"requestContext\":{\"elb\":{\"targetGroupArn\":\"" + Arn(env) + "\"}},\"httpMethod\":\"POST\",\"path\":\"/single/a%20b\"," +
            "\"queryStringParameters\":{\"x\":\"2\",\"y\":\"%2F+z\",\"flag\":\"\"}," +
            "\"headers\":{\"content-length\":\"15\",\"content-type\":\"application/json\",\"cookie\":\"b=2\",\"host\":\"example.com:8080\"," +
            "\"x-amzn-trace-id\":\"" + line.TraceId + "\",\"x-forwarded-for\":\"127.0.0.1\",\"x-forwarded-port\":\"8080\",\"x-forwarded-proto\":\"http\"}," +
            "\"isBase64Encoded\":false,\"body\":\"{\\\"hello\\\":\\\"wé\\\"}\"}";
        Assert.Equal(expected, invocation.EventJson);
        Assert.Equal(FunctionId, invocation.FunctionName);
        Assert.Equal("RequestResponse", invocation.InvocationType);

        // The echo function returns the event as an application/json body with "200 OK".
        Assert.Equal("HTTP/1.1 200 OK", response.StatusLine);
        Assert.Equal(expected, response.BodyText);
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Null(response.Header("Server"));

        Assert.Equal("200", line.ElbStatusCode);
        Assert.Equal("200", line.TargetStatusCode);
        Assert.Equal("-", line.TargetPortList);
        Assert.Equal("-", line.TargetStatusCodeList);
        Assert.Equal("forward", line.ActionsExecuted);
        Assert.Equal("-", line.ErrorReason);
        Assert.Equal(Arn(env), line.TargetGroupArn);
        Assert.NotEqual("-1", line.RequestProcessingTime);
        Assert.NotEqual("-1", line.TargetProcessingTime);
    }

    [Fact]
    public async Task Event_MultiValue_ExactJsonWithEmptyBody()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint, multiValue: true));
        var response = await SendAsync(env, "GET /multi?k=v1&k=v2&e= HTTP/1.1\r\nHost: h.test\r\nCookie: n1=v1\r\nCookie: n2=v2\r\nAccept: */*\r\n\r\n");

        var invocation = await fn.WaitForInvocationAsync();
        var line = await LogLineAsync(env, "/multi");
        var expected =
            "{\"requestContext\":{\"elb\":{\"targetGroupArn\":\"" + Arn(env) + "\"}},\"httpMethod\":\"GET\",\"path\":\"/multi\"," +
            "\"multiValueQueryStringParameters\":{\"k\":[\"v1\",\"v2\"],\"e\":[\"\"]}," +
            "\"multiValueHeaders\":{\"accept\":[\"*/*\"],\"cookie\":[\"n1=v1\",\"n2=v2\"],\"host\":[\"h.test:8080\"]," +
            "\"x-amzn-trace-id\":[\"" + line.TraceId + "\"],\"x-forwarded-for\":[\"127.0.0.1\"],\"x-forwarded-port\":[\"8080\"],\"x-forwarded-proto\":[\"http\"]}," +
            "\"isBase64Encoded\":false,\"body\":\"\"}";
        Assert.Equal(expected, invocation.EventJson);
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task Event_BinaryBody_Base64Encoded()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        byte[] bytes = [0x00, 0xFF, 0x10, 0x80];
        await SendAsync(env, "PUT /bin HTTP/1.1\r\nHost: h\r\nContent-Type: application/octet-stream\r\nContent-Length: 4\r\n\r\n", bytes);

        var invocation = await fn.WaitForInvocationAsync();
        Assert.True(invocation.Event.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(Convert.ToBase64String(bytes), invocation.Event.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Event_FunctionArn_UsedInInvokePath()
    {
        const string arn = "arn:aws:lambda:us-east-1:123456789012:function:my-function";
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint, functionId: arn));
        using var client = env.CreateClient(8080);
        var response = await client.GetAsync("/arn");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(arn, (await fn.WaitForInvocationAsync()).FunctionName);
    }

    [Fact]
    public async Task Response_SingleValue_StatusDescriptionHeadersAndBase64Body()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => LambdaTestReply.Json("""
            {"statusCode":201,"statusDescription":"201 Made It","isBase64Encoded":true,"body":"AAEC/w==",
             "headers":{"Content-Type":"image/png","X-Custom":"v","Connection":"close","Transfer-Encoding":"chunked","Content-Length":"99","Server":"my-fn"},
             "multiValueHeaders":{"X-Ignored":["1"]}}
            """);
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        var response = await SendAsync(env, "GET /mapped HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.Equal("HTTP/1.1 201 Made It", response.StatusLine);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, response.Body);
        Assert.Equal(4, response.ContentLength);
        Assert.Equal("image/png", response.Header("Content-Type"));
        Assert.Equal("v", response.Header("X-Custom"));
        Assert.Equal("my-fn", response.Header("Server"));
        Assert.Null(response.Header("Transfer-Encoding"));
        Assert.Null(response.Header("X-Ignored"));
        Assert.NotEqual("close", response.Header("Connection"));

        var line = await LogLineAsync(env, "/mapped");
        Assert.Equal("201", line.ElbStatusCode);
        Assert.Equal("201", line.TargetStatusCode);
    }

    [Fact]
    public async Task Response_MultiValue_RepeatedHeadersAndSingleFieldIgnored()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => LambdaTestReply.Json("""
            {"statusCode":200,"body":"hi","headers":{"Content-Type":"text/plain","X-Ignored":"1"},
             "multiValueHeaders":{"Set-Cookie":["a=1","b=2"],"X-Multi":["x"]}}
            """);
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint, multiValue: true));
        var response = await SendAsync(env, "GET /mvresp HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.Equal("HTTP/1.1 200 OK", response.StatusLine);
        Assert.Equal(["a=1", "b=2"], response.Headers.Where(h => h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));
        Assert.Equal("x", response.Header("X-Multi"));
        Assert.Null(response.Header("X-Ignored"));
        // LAM-25: headers sent in the field the attribute does not use → no Content-Type → octet-stream.
        Assert.Equal("application/octet-stream", response.Header("Content-Type"));
        Assert.Equal("hi", response.BodyText);
    }

    [Fact]
    public async Task Response_MinimalStatusCodeOnly_Accepted()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => LambdaTestReply.Json("""{"statusCode":200}""");
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        var response = await SendAsync(env, "GET /minimal HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.Equal("HTTP/1.1 200 OK", response.StatusLine);
        Assert.Equal(0, response.ContentLength);
        Assert.Equal("application/octet-stream", response.Header("Content-Type"));
    }

    [Fact]
    public async Task Response_HeadRequest_ContentLengthWithoutBody()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => LambdaTestReply.Json("""{"statusCode":200,"headers":{"content-type":"text/plain"},"body":"hello"}""");
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync("HEAD /head HTTP/1.1\r\nHost: h\r\n\r\nGET /after-head HTTP/1.1\r\nHost: h\r\n\r\n");

        var head = await connection.ReadResponseAsync(headRequest: true);
        var next = await connection.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 200 OK", head.StatusLine);
        Assert.Equal(5, head.ContentLength);
        Assert.Equal("hello", next.BodyText);
        Assert.Equal("HEAD", (await fn.WaitForInvocationAsync()).Event.GetProperty("httpMethod").GetString());
    }

    public static TheoryData<string> InvalidResponses() =>
    [
        "not json",
        "[1,2]",
        """{"body":"no status"}""",
        """{"statusCode":"200"}""",
        """{"statusCode":200,"statusDescription":null}""",
        """{"statusCode":200,"statusDescription":"OK"}""",
        """{"statusCode":200,"headers":null}""",
        """{"statusCode":200,"multiValueHeaders":null}""",
        """{"statusCode":200,"body":null}""",
        """{"statusCode":200,"headers":{"x-flag":true}}""",
        """{"statusCode":200,"headers":{"x-n":1}}""",
        """{"statusCode":200,"isBase64Encoded":true,"body":"%%%"}""",
    ];

    [Theory]
    [MemberData(nameof(InvalidResponses))]
    public async Task Response_Invalid_502LambdaInvalidResponse(string payload)
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => LambdaTestReply.Json(payload);
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        await AssertAlbErrorAsync(env, "/invalid", AlbError.LambdaInvalidResponse, targetTimesLogged: true);
    }

    [Fact]
    public async Task FunctionError_502LambdaUnhandled()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => LambdaTestReply.Unhandled();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        await AssertAlbErrorAsync(env, "/unhandled", AlbError.LambdaUnhandled, targetTimesLogged: true);
    }

    [Theory]
    [InlineData(404, AlbError.LambdaResourceNotFound)]
    [InlineData(429, AlbError.LambdaThrottling)]
    [InlineData(403, AlbError.LambdaAccessDenied)]
    [InlineData(500, AlbError.LambdaServiceException)]
    public async Task InvokeApiError_MappedTo502(int invokeStatus, AlbError expected)
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => new LambdaTestReply(invokeStatus, """{"Type":"User","message":"nope"}""");
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        await AssertAlbErrorAsync(env, "/invoke-error", expected, targetTimesLogged: true);
    }

    [Fact]
    public async Task NoAnswerWithinIdleTimeout_504LambdaConnectionTimeout()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => new LambdaTestReply(200, """{"statusCode":200}""", Delay: TimeSpan.FromSeconds(20));
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint, idleTimeoutSeconds: 1));
        var line = await AssertAlbErrorAsync(env, "/slow", AlbError.LambdaConnectionTimeout, targetTimesLogged: false);
        Assert.Equal("-1", line.RequestProcessingTime);
    }

    [Fact]
    public async Task ResponseOver1MB_502LambdaResponseTooLarge()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        var big = "{\"statusCode\":200,\"body\":\"" + new string('a', 1024 * 1024) + "\"}";
        fn.Behavior = _ => LambdaTestReply.Json(big);
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        await AssertAlbErrorAsync(env, "/big-response", AlbError.LambdaResponseTooLarge, targetTimesLogged: true);
    }

    [Fact]
    public async Task EndpointRefusesConnection_502LambdaConnectionError()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var env = await AlbTestEnvironment.StartAsync(Config(new Uri($"http://127.0.0.1:{port}")));
        var line = await AssertAlbErrorAsync(env, "/refused", AlbError.LambdaConnectionError, targetTimesLogged: false);
        Assert.Equal("-1", line.RequestProcessingTime);
    }

    [Fact]
    public async Task RequestBodyOver1MB_DeclaredLength_413NotInvoked()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync($"POST /too-large HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: {1024 * 1024 + 1}\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        AssertErrorResponse(response, AlbError.LambdaRequestTooLarge);
        var line = await LogLineAsync(env, "/too-large");
        Assert.Equal("LambdaRequestTooLarge", line.ErrorReason);
        Assert.Empty(fn.Invocations);
    }

    /// <summary>
    /// A client that stalls mid-body gets ALB's 408 once the idle timeout passes. A Lambda target has no forwarder
    /// timer that could notice first, so this is the path where the listener's own idle timer ends the body read:
    /// the 408 must reach the client before the connection is closed (it once was lost to a reset).
    /// </summary>
    [Fact]
    public async Task ClientStallsMidBody_408ThenClose_NotInvoked()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint, idleTimeoutSeconds: 1));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync("POST /stalled-body HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
        var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(20));

        AssertErrorResponse(response, AlbError.RequestTimeout);
        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "connection not closed after the 408");
        var line = await LogLineAsync(env, "/stalled-body");
        Assert.Equal("408", line.ElbStatusCode);
        Assert.Equal(Encoding.ASCII.GetByteCount(response.Raw), long.Parse(line.Raw.Split(' ')[11]));
        Assert.Empty(fn.Invocations);
    }

    [Fact]
    public async Task RequestBodyOver1MB_Chunked_413NotInvoked()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync("POST /chunked-large HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
        var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string('a', 0x10000) + "\r\n");
        var sendTask = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 17; i++)
                {
                    await connection.SendAsync(chunk);
                }

                await connection.SendAsync("0\r\n\r\n");
            }
            catch (IOException)
            {
                // The load balancer may stop reading once it has answered.
            }
        });
        var response = await connection.ReadResponseAsync();
        await sendTask;

        AssertErrorResponse(response, AlbError.LambdaRequestTooLarge);
        Assert.Equal("LambdaRequestTooLarge", (await LogLineAsync(env, "/chunked-large")).ErrorReason);
        Assert.Empty(fn.Invocations);
    }

    [Fact]
    public async Task RequestBodyExactly1MB_Invoked()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        fn.Behavior = _ => LambdaTestReply.Json("""{"statusCode":204}""");
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        var body = Encoding.ASCII.GetBytes(new string('b', 1024 * 1024));
        var response = await SendAsync(env, $"POST /exactly-1mb HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n\r\n", body);

        Assert.Equal(204, response.StatusCode);
        Assert.Equal(1024 * 1024, (await fn.WaitForInvocationAsync()).Event.GetProperty("body").GetString()!.Length);
    }

    [Fact]
    public async Task WebSocketUpgrade_400LambdaWebsocketNotSupported()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        var response = await SendAsync(env,
            "GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

        AssertErrorResponse(response, AlbError.LambdaWebsocketNotSupported);
        Assert.Equal("LambdaWebsocketNotSupported", (await LogLineAsync(env, "/ws")).ErrorReason);
        Assert.Empty(fn.Invocations);
    }

    [Fact]
    public async Task TextBodyNotUtf8_400LambdaBadRequest()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint));
        var response = await SendAsync(env, "POST /not-utf8 HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n", [0xC3, 0x28]);

        AssertErrorResponse(response, AlbError.LambdaBadRequest);
        Assert.Equal("LambdaBadRequest", (await LogLineAsync(env, "/not-utf8")).ErrorReason);
        Assert.Empty(fn.Invocations);
    }

    [Fact]
    public async Task HealthCheck_Enabled_FunctionIsInvokedPerIntervalAndDrivesTargetHealth()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        var failing = false;
        fn.Behavior = invocation => invocation.Event.GetProperty("path").GetString() == "/ping"
            ? LambdaTestReply.Json(failing ? """{"statusCode":503}""" : """{"statusCode":200}""")
            : LambdaTestReply.Echo(invocation);
        var config = $$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "fn" } ] } ],
              "TargetGroups": [ {
                "Name": "fn", "TargetType": "lambda", "HealthCheckEnabled": true, "HealthCheckPath": "/ping", "UnhealthyThresholdCount": 2,
                "Targets": [ { "Id": "{{FunctionId}}", "LambdaEndpoint": "{{fn.Endpoint}}" } ]
              } ]
            }
            """;
        await using var env = await AlbTestEnvironment.StartAsync(config, configure: o => o.HealthChecks.IntervalOverride = TimeSpan.FromMilliseconds(100));

        await WaitForHealthAsync(env, TargetHealth.Healthy);
        var check = fn.Invocations.First();
        Assert.Equal(FunctionId, check.FunctionName);
        Assert.Equal("GET", check.Event.GetProperty("httpMethod").GetString());
        Assert.Equal(Arn(env), check.Event.GetProperty("requestContext").GetProperty("elb").GetProperty("targetGroupArn").GetString());

        failing = true;
        await WaitForHealthAsync(env, TargetHealth.ResponseCodeMismatch(503));

        // Fail-open (TG-35): the only target is unhealthy and still gets the request.
        var response = await SendAsync(env, "GET /still-served HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task HealthCheck_Disabled_TargetIsUnavailableNotInvokedAndReceivesTraffic()
    {
        await using var fn = await LambdaTestFunction.StartAsync();
        await using var env = await AlbTestEnvironment.StartAsync(Config(fn.Endpoint), configure: o => o.HealthChecks.IntervalOverride = TimeSpan.FromMilliseconds(50));

        await env.Server.RunHealthChecksAsync();
        var health = Assert.Single(env.Server.Targets.DescribeTargetHealth("fn"));
        Assert.Equal(TargetHealth.HealthCheckDisabled, health.TargetHealth);
        Assert.Equal(FunctionId, health.Target.Id);
        Assert.Empty(fn.Invocations);

        // HC-26: unavailable (checks off) targets receive traffic.
        var response = await SendAsync(env, "GET /hc-off HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("/hc-off", Assert.Single(fn.Invocations).Event.GetProperty("path").GetString());
    }

    private static Task WaitForHealthAsync(AlbTestEnvironment env, TargetHealth expected) =>
        Eventually.ValueAsync(() => env.Server.Targets.DescribeTargetHealth("fn")[0].TargetHealth, current => current == expected, $"the target to be {expected}");

    private static async Task<AccessLogLine> AssertAlbErrorAsync(AlbTestEnvironment env, string path, AlbError error, bool targetTimesLogged)
    {
        var response = await SendAsync(env, $"GET {path} HTTP/1.1\r\nHost: h\r\n\r\n");
        AssertErrorResponse(response, error);
        var descriptor = AlbErrorCatalog.Get(error);
        var line = await LogLineAsync(env, path);
        Assert.Equal(descriptor.StatusCode.ToString(), line.ElbStatusCode);
        Assert.Equal("-", line.TargetStatusCode);
        Assert.Equal(descriptor.ErrorReason, line.ErrorReason);
        Assert.Equal("-", line.TargetPortList);
        Assert.Equal("forward", line.ActionsExecuted);
        Assert.Equal(targetTimesLogged, line.TargetProcessingTime != "-1");
        return line;
    }

    private static void AssertErrorResponse(RawHttpResponse response, AlbError error)
    {
        var descriptor = AlbErrorCatalog.Get(error);
        Assert.Equal($"HTTP/1.1 {descriptor.Title}", response.StatusLine);
        Assert.Equal(descriptor.Body, response.Body);
        Assert.Equal("awselb/2.0", response.Header("Server"));
        Assert.Equal("text/html", response.Header("Content-Type"));
    }
}
