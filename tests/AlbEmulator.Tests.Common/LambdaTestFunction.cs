using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// A tiny Lambda Invoke API on 127.0.0.1 (ephemeral port) for Lambda-target tests: serves
/// <c>POST /2015-03-31/functions/{name}/invocations</c>, records every event it receives, and answers as
/// <see cref="Behavior"/> says (echo the event by default). Use <see cref="Endpoint"/> as the target's
/// <c>LambdaEndpoint</c>.
/// </summary>
public sealed class LambdaTestFunction : IAsyncDisposable
{
    private const string InvocationsPrefix = "/2015-03-31/functions/";
    private const string InvocationsSuffix = "/invocations";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<LambdaInvocation> _invocations = new();

    private LambdaTestFunction(WebApplication app)
    {
        _app = app;
    }

    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What the function answers; <see cref="LambdaTestReply.Echo"/> by default. Settable at any time.</summary>
    public Func<LambdaInvocation, LambdaTestReply> Behavior { get; set; } = LambdaTestReply.Echo;

    public IReadOnlyCollection<LambdaInvocation> Invocations => _invocations;

    public static async Task<LambdaTestFunction> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "LambdaTestFunction" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        var app = builder.Build();
        var self = new LambdaTestFunction(app);
        app.Run(self.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self.Endpoint = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority));
        return self;
    }

    /// <summary>Polls (with a deadline) until the function has been invoked <paramref name="count"/> times.</summary>
    public async Task<LambdaInvocation> WaitForInvocationAsync(int count = 1, TimeSpan? timeout = null)
    {
        await Eventually.ValueAsync(() => _invocations.Count, invoked => invoked >= count, $"the function to be invoked {count} time(s)", timeout);
        return _invocations.ElementAt(count - 1);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!HttpMethods.IsPost(context.Request.Method) || !path.StartsWith(InvocationsPrefix, StringComparison.Ordinal) || !path.EndsWith(InvocationsSuffix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var invocation = new LambdaInvocation(
            Uri.UnescapeDataString(path[InvocationsPrefix.Length..^InvocationsSuffix.Length]),
            context.Request.Headers["X-Amz-Invocation-Type"].ToString(),
            Encoding.UTF8.GetString(body.ToArray()));
        _invocations.Enqueue(invocation);

        var reply = Behavior(invocation);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        if (reply.FunctionError is not null)
        {
            context.Response.Headers["X-Amz-Function-Error"] = reply.FunctionError;
        }

        var bytes = Encoding.UTF8.GetBytes(reply.Payload);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>One Invoke API call the test function received: the function name from the path, the invocation type and the event JSON.</summary>
public sealed record LambdaInvocation(string FunctionName, string InvocationType, string EventJson)
{
    public JsonElement Event => JsonDocument.Parse(EventJson).RootElement;
}

/// <summary>How the test function answers one invocation: Invoke API status, payload, optional <c>X-Amz-Function-Error</c> and delay.</summary>
public sealed record LambdaTestReply(int Status, string Payload, string? FunctionError = null, TimeSpan Delay = default)
{
    /// <summary>statusCode 200, the event JSON as a text/plain body.</summary>
    public static LambdaTestReply Echo(LambdaInvocation invocation) =>
        Json(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["statusCode"] = 200,
            ["statusDescription"] = "200 OK",
            ["headers"] = new Dictionary<string, string> { ["content-type"] = "application/json" },
            ["multiValueHeaders"] = new Dictionary<string, string[]> { ["content-type"] = ["application/json"] },
            ["isBase64Encoded"] = false,
            ["body"] = invocation.EventJson,
        }));

    /// <summary>Invoke API 200 with the given function response JSON.</summary>
    public static LambdaTestReply Json(string payload) => new(200, payload);

    /// <summary>What a function that throws returns: 200 with <c>X-Amz-Function-Error: Unhandled</c>.</summary>
    public static LambdaTestReply Unhandled() => new(200, """{"errorMessage":"boom","errorType":"Error"}""", "Unhandled");
}
