using AlbEmulator.Configuration;
using AlbEmulator.Forwarding;
using AlbEmulator.Hosting;
using AlbEmulator.Lambda;
using AlbEmulator.Listeners;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.Pipeline.Actions;
using AlbEmulator.TargetGroups;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Tests.Pipeline;

/// <summary>A load balancer model, request contexts and a <see cref="RequestLifecycle"/> for unit tests (no sockets).</summary>
internal static class LifecycleTestHost
{
    /// <summary>
    /// Listener 80: /fixed → fixed-response 203, /redirect → redirect to https, /grpc → forward to a GRPC group,
    /// /empty → forward to a group without targets; default → fixed-response 404.
    /// </summary>
    public static LoadBalancerModel Model() => Emulator().LoadBalancers[0];

    /// <summary>The emulator model holding <see cref="Model"/>'s load balancer (for an <see cref="AlbRuntime"/>).</summary>
    public static EmulatorModel Emulator()
    {
        var read = AlbConfigReader.ReadJson("""
            {
              "Listeners": [ { "Port": 80, "Protocol": "HTTP",
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404", "ContentType": "text/plain", "MessageBody": "none" } } ],
                "Rules": [
                  { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/fixed" ] } ],
                    "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "203", "ContentType": "text/plain", "MessageBody": "fixed" } } ] },
                  { "Priority": 2, "Conditions": [ { "Field": "path-pattern", "Values": [ "/redirect" ] } ],
                    "Actions": [ { "Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_302" } } ] },
                  { "Priority": 3, "Conditions": [ { "Field": "path-pattern", "Values": [ "/grpc" ] } ],
                    "Actions": [ { "Type": "forward", "TargetGroupName": "grpc" } ] },
                  { "Priority": 4, "Conditions": [ { "Field": "path-pattern", "Values": [ "/empty" ] } ],
                    "Actions": [ { "Type": "forward", "TargetGroupName": "empty" } ] } ] } ],
              "TargetGroups": [
                { "Name": "grpc", "Protocol": "HTTP", "ProtocolVersion": "GRPC", "Port": 80, "Targets": [ { "Id": "10.0.0.1" } ] },
                { "Name": "empty", "Protocol": "HTTP", "Port": 80, "Targets": [] } ]
            }
            """, "/tmp");
        Assert.Empty(read.Errors);
        return LoadBalancerModelBuilder.Build(read.Config!, TargetGroupConnections.Create);
    }

    public static (DefaultHttpContext Context, AlbRequestState State) Request(LoadBalancerModel model, string method, string target, ListenerModel? listener = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Protocol = "HTTP/1.1";
        context.Request.Scheme = "http";
        context.Request.Headers.Host = "a.test";
        context.Request.Path = target;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        context.Response.Body = new MemoryStream();
        var connection = new AlbConnection(listener ?? model.Listeners[0], DateTime.UtcNow);
        var state = new AlbRequestState(connection, model, DateTime.UtcNow, System.Diagnostics.Stopwatch.GetTimestamp());
        context.Features.Set<IAlbRequestFeature>(state);
        return (context, state);
    }

    public static RequestLifecycle Lifecycle(IEnumerable<IPreRoutingStep>? preRouting = null, IEnumerable<IRequestTransformStep>? transforms = null, IEnumerable<IRuleAction>? extraActions = null) =>
        new(new RuleActions([.. StandardActions(), .. extraActions ?? []]), preRouting ?? [], transforms ?? [], new AlbEmulatorOptions(), NullLoggerFactory.Instance);

    public static IRuleAction[] StandardActions() =>
    [
        new ForwardAction(new NeverCalledForwarder(), new WeightedTargetGroupSelector(new TargetGroupStickinessCookie(), TimeProvider.System), new LambdaAction(new LambdaInvoker(), NullLogger<LambdaAction>.Instance), TimeProvider.System, NullLogger<ForwardAction>.Instance),
        new RedirectAction(),
        new FixedResponseAction(),
    ];

    /// <summary>The tests never reach a target: a forward that gets this far is a test failure.</summary>
    private sealed class NeverCalledForwarder : IHttpForwarder
    {
        public ValueTask<ForwarderError> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker httpClient, ForwarderRequestConfig requestConfig, HttpTransformer transformer) =>
            throw new InvalidOperationException("No target in unit tests.");

        public ValueTask<ForwarderError> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker httpClient, ForwarderRequestConfig requestConfig, HttpTransformer transformer, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No target in unit tests.");
    }
}
