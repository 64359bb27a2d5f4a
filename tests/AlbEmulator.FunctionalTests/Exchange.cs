using System.Net;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.FunctionalTests;

/// <summary>Sends a request through the emulator to an echoing backend and pairs the echo with its access-log line.</summary>
internal static class Exchange
{
    public static async Task<(EchoedRequest Echo, AccessLogLine Log)> SendAsync(AlbTestEnvironment env, HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {body}");
        var echoed = EchoedRequest.Parse(body);
        return (echoed, await LogOfAsync(env, echoed));
    }

    public static Task<(EchoedRequest Echo, AccessLogLine Log)> GetAsync(AlbTestEnvironment env, HttpClient client, string target, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, target) { Version = client.DefaultRequestVersion, VersionPolicy = client.DefaultVersionPolicy };
        configure?.Invoke(request);
        return SendAsync(env, client, request);
    }

    /// <summary>The access-log line of the request the backend echoed (matched by the trace id it received).</summary>
    public static async Task<AccessLogLine> LogOfAsync(AlbTestEnvironment env, EchoedRequest echoed)
    {
        var traceId = echoed.Header("X-Amzn-Trace-Id");
        Assert.NotNull(traceId);
        return AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($" \"{traceId}\" ", StringComparison.Ordinal)));
    }

    /// <summary>Sends raw bytes and reads the echo (interim 100 responses skipped).</summary>
    public static async Task<EchoedRequest> SendRawAsync(AlbTestEnvironment env, int listenerPort, string rawRequest)
    {
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(listenerPort));
        await connection.SendAsync(rawRequest);
        var response = await connection.ReadResponseAsync();
        while (response.StatusCode == 100)
        {
            response = await connection.ReadResponseAsync();
        }

        Assert.True(response.StatusCode == 200, response.Raw);
        return EchoedRequest.Parse(response.BodyText);
    }

    /// <summary>A backend whose echo carries Content-Length (so <see cref="RawHttpConnection"/> can read it).</summary>
    public static Task<TestBackend> StartLengthDelimitedBackendAsync(string name) =>
        TestBackend.StartAsync(name, handler: context => BufferedEchoAsync(context, name));

    private static async Task BufferedEchoAsync(HttpContext context, string name)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await TestBackend.EchoAsync(context, name);
        }
        finally
        {
            context.Response.Body = original;
        }

        context.Response.ContentLength = buffer.Length;
        await original.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

    /// <summary>The space-separated fields of an access-log line (before the first quoted field).</summary>
    public static string[] LeadingFields(string line) => line.Split(' ');

    /// <summary>True when the line's target_group_arn names target group <paramref name="name"/>.</summary>
    public static bool IsTargetGroup(AccessLogLine line, string name) => line.TargetGroupArn.Contains($":targetgroup/{name}/", StringComparison.Ordinal);
}
